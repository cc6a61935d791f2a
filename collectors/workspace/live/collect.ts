import { admin_directory_v1, admin_reports_v1 } from 'googleapis/build/src/apis/admin/index.js';
import type { GcpCoverageGap } from '../../../src/model/inventory/gcp.js';
import type { GcpAuth } from '../../gcp/live/auth.js';
import { pages, Refused, type CallOptions } from '../../gcp/live/call.js';
import type { SavedFile } from '../../gcp/live/collect.js';
import { mapLimit } from '../../live/map-limit.js';
import { GCP_RAW_FORMAT } from '../../gcp/offline/raw.js';

/** Read-only scopes, each the narrowest that covers one listing (docs/gcp.md). */
export const WORKSPACE_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.rolemanagement.readonly',
  'https://www.googleapis.com/auth/admin.directory.user.security',
  'https://www.googleapis.com/auth/admin.reports.audit.readonly',
];

export interface WorkspaceCollectOptions {
  auth: GcpAuth;
  rootUrl?: string;
  /** `my_customer` (the caller's own account) or a customer id. */
  customer: string;
  maxWaitMs: number;
  timeoutMs: number;
  log: (line: string) => void;
  onUser?: (done: number, total: number) => void;
}

export interface WorkspaceCollection {
  files: SavedFile[];
  gaps: GcpCoverageGap[];
  users: number;
  tokens: number;
}

/** Events that grant and revoke domain-wide delegation (Admin console → Security → API controls). */
const DWD_EVENTS = ['AUTHORIZE_API_CLIENT_ACCESS', 'REMOVE_API_CLIENT_ACCESS'];

/**
 * Live Google Workspace collection (Admin SDK, read-only): users, administrator roles and who
 * holds them, each user's third-party OAuth grants, and the domain-wide delegation events of the
 * admin audit log (there is no API that lists delegation grants). Every answer is saved as the
 * Admin SDK response it is, pages joined, which the offline Workspace parsers read.
 */
export async function collectWorkspace(o: WorkspaceCollectOptions): Promise<WorkspaceCollection> {
  const common = { auth: o.auth, retry: false, timeout: o.timeoutMs, ...(o.rootUrl ? { rootUrl: o.rootUrl } : {}) };
  const directory = new admin_directory_v1.Admin(common);
  const reports = new admin_reports_v1.Admin(common);
  const callOptions: CallOptions = { maxWaitMs: o.maxWaitMs, onWait: (what, ms) => o.log(`workspace: ${what}: throttled, retrying in ${Math.ceil(ms / 1000)} s`) };
  const files: SavedFile[] = [];
  const gaps: GcpCoverageGap[] = [];
  const scope = `customer ${o.customer}`;

  async function attempt<T>(what: string, f: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      gaps.push({ scope: `workspace ${scope}`, what, reason: e.message });
      o.log(`workspace: ${what}: not readable (${e.message.split(':')[0]}), recorded as a coverage gap`);
      return fallback;
    }
  }

  const users = await attempt('users.list', () => pages<admin_directory_v1.Schema$User>('users.list', (pageToken) => directory.users.list({ customer: o.customer, maxResults: 500, pageToken }), 'users', callOptions), undefined);
  if (users) files.push({ name: 'users', json: { kind: 'admin#directory#users', users: users.map(pickUser) } });
  const roles = await attempt('roles.list', () => pages<admin_directory_v1.Schema$Role>('roles.list', (pageToken) => directory.roles.list({ customer: o.customer, pageToken }), 'items', callOptions), undefined);
  if (roles) files.push({ name: 'roles', json: { kind: 'admin#directory#roles', items: roles } });
  const assignments = await attempt('roleAssignments.list', () => pages<admin_directory_v1.Schema$RoleAssignment>('roleAssignments.list', (pageToken) => directory.roleAssignments.list({ customer: o.customer, pageToken }), 'items', callOptions), undefined);
  if (assignments) files.push({ name: 'role-assignments', json: { kind: 'admin#directory#roleAssignments', items: assignments } });
  o.log(`workspace: ${users?.length ?? 0} user(s), ${roles?.length ?? 0} admin role(s), ${assignments?.length ?? 0} role assignment(s)`);

  // One tokens.list per active user: the grants are per user only.
  const active = (users ?? []).filter((u) => !u.suspended && u.primaryEmail);
  let done = 0;
  const tokenLists = await mapLimit(active, 4, async (u) => {
    const items = await attempt(`tokens.list of ${u.primaryEmail}`, () => pages<admin_directory_v1.Schema$Token>(`tokens.list ${u.primaryEmail}`, () => directory.tokens.list({ userKey: u.id ?? u.primaryEmail! }), 'items', callOptions), []);
    o.onUser?.(++done, active.length);
    return items;
  });
  const tokens = tokenLists.flat();
  // Tokens name their user (`userKey`), so one joined list reads back the same.
  if (tokens.length) files.push({ name: 'tokens', json: { kind: 'admin#directory#tokenList', items: tokens.map(({ etag: _etag, ...t }) => t) } });

  const events = [];
  for (const eventName of DWD_EVENTS) {
    const items = await attempt(`admin audit events ${eventName}`, () => pages<admin_reports_v1.Schema$Activity>(`activities.list ${eventName}`, (pageToken) => reports.activities.list({ userKey: 'all', applicationName: 'admin', eventName, pageToken }), 'items', callOptions), undefined);
    if (items) events.push(...items);
  }
  if (events.length) files.push({ name: 'delegation-events', json: { kind: 'admin#reports#activities', items: events } });
  o.log(`workspace: ${tokens.length} OAuth grant(s) of ${active.length} user(s); ${events.length} domain-wide delegation event(s)`);

  if (gaps.length) files.push({ name: 'coverageGaps', json: { leakpath: GCP_RAW_FORMAT, kind: 'coverageGaps', items: gaps } });
  return { files, gaps, users: users?.length ?? 0, tokens: tokens.length };
}

/** The user fields the analysis reads: no names, phones, addresses or recovery data are saved. */
function pickUser(u: admin_directory_v1.Schema$User) {
  return {
    ...(u.id ? { id: u.id } : {}),
    primaryEmail: u.primaryEmail ?? '',
    ...(u.isAdmin != null ? { isAdmin: u.isAdmin } : {}),
    ...(u.isDelegatedAdmin != null ? { isDelegatedAdmin: u.isDelegatedAdmin } : {}),
    ...(u.suspended != null ? { suspended: u.suspended } : {}),
  };
}
