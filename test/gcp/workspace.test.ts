import { describe, expect, it } from 'vitest';
import { email, saPolicy, serviceAccount, uniqueId } from './fixtures/cai.js';
import { find, graphOf } from './helpers.js';
import { analyseExports } from '../helpers/analyse.js';
import { hierarchy } from './fixtures/cai.js';

const D = email('mailer');
const A = email('ci');
const users = { kind: 'admin#directory#users', users: [{ id: '101', primaryEmail: 'ceo@example.com', isAdmin: true }, { id: '102', primaryEmail: 'dev@example.com', isAdmin: false, suspended: false }] };
const activities = (client: string, removed = false) => ({
  kind: 'admin#reports#activities',
  items: [
    { id: { time: '2025-01-01T00:00:00Z', applicationName: 'admin' }, events: [{ type: 'DOMAIN_SETTINGS', name: 'AUTHORIZE_API_CLIENT_ACCESS', parameters: [{ name: 'API_CLIENT_NAME', value: client }, { name: 'API_SCOPES', multiValue: ['https://mail.google.com/', 'https://www.googleapis.com/auth/admin.directory.user'] }] }] },
    ...(removed ? [{ id: { time: '2025-06-01T00:00:00Z', applicationName: 'admin' }, events: [{ type: 'DOMAIN_SETTINGS', name: 'REMOVE_API_CLIENT_ACCESS', parameters: [{ name: 'API_CLIENT_NAME', value: client }] }] }] : []),
  ],
});

describe('Google Workspace', () => {
  it('a service account holding domain-wide delegation (Reports events) reaches every user and is tier zero', () => {
    const { graph } = analyseExports({
      'export.json': [...hierarchy(), serviceAccount(D), serviceAccount(A), saPolicy(D, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${A}`] }])],
      'users.json': users,
      'activities.json': activities(uniqueId(D)),
    });
    expect(find(graph, 'workspace:DomainWideDelegation', `gcp:sa:${D}`, 'workspace:all-users')?.evidence.refs[0]?.detail).toContain('https://mail.google.com/');
    expect(graph.nodes.find((n) => n.id === `gcp:sa:${D}`)?.tierZero?.technique).toBe('workspace:DomainWideDelegation');
    expect(find(graph, 'workspace:DomainWideDelegation', 'workspace:all-users', 'workspace:user:ceo@example.com')).toBeDefined();
    expect(graph.nodes.find((n) => n.id === 'workspace:user:ceo@example.com')?.tierZero?.technique).toBe('workspace:SuperAdmin');
  });

  it('negative: a delegation removed later, or one for a client no service account has', () => {
    const removed = analyseExports({ 'export.json': [...hierarchy(), serviceAccount(D)], 'activities.json': activities(uniqueId(D), true) });
    expect(removed.graph.edges.filter((e) => e.technique === 'workspace:DomainWideDelegation')).toEqual([]);
    const foreign = analyseExports({ 'export.json': [...hierarchy(), serviceAccount(D)], 'dwd.json': { leakpath: 'workspace-dwd/1', grants: [{ clientId: '999', scopes: ['https://www.googleapis.com/auth/drive'] }] } });
    expect(foreign.graph.edges.filter((e) => e.source === `gcp:sa:${D}`)).toEqual([]);
    expect(foreign.warnings.some((w) => w.includes('OAuth client 999'))).toBe(true);
  });

  it('the declared delegation list works like the events', () => {
    const { graph } = graphOf(serviceAccount(D));
    expect(graph.edges.some((e) => e.technique === 'workspace:DomainWideDelegation')).toBe(false);
    const declared = analyseExports({ 'export.json': [...hierarchy(), serviceAccount(D)], 'dwd.json': { leakpath: 'workspace-dwd/1', grants: [{ clientId: uniqueId(D), scopes: ['https://www.googleapis.com/auth/drive'], name: 'backup' }] } });
    expect(find(declared.graph, 'workspace:DomainWideDelegation', `gcp:sa:${D}`, 'workspace:all-users')).toBeDefined();
  });

  it('third-party OAuth grants: an edge from the app to the user, and exposure for mail / Drive scopes', () => {
    const tokens = { kind: 'admin#directory#tokenList', items: [{ kind: 'admin#directory#token', clientId: '555.apps.googleusercontent.com', displayText: 'Mail Sorter', userKey: '102', scopes: ['https://www.googleapis.com/auth/gmail.readonly'], anonymous: false, nativeApp: false }, { kind: 'admin#directory#token', clientId: '777.apps.googleusercontent.com', displayText: 'Calendar', userKey: '102', scopes: ['https://www.googleapis.com/auth/calendar.readonly'] }] };
    const { graph, warnings } = analyseExports({ 'export.json': hierarchy(), 'users.json': users, 'tokens.json': tokens });
    const e = find(graph, 'workspace:OAuthGrant', 'workspace:oauth-app:555.apps.googleusercontent.com', 'workspace:user:dev@example.com');
    expect(e?.conditional).toBe(true);
    expect(warnings.filter((w) => w.includes('exposure'))).toEqual(['workspace: exposure: third-party app Mail Sorter (client 555.apps.googleusercontent.com) holds https://www.googleapis.com/auth/gmail.readonly of dev@example.com']);
  });
});
