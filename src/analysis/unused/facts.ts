import type { AttackGraph } from '../../model/graph.js';
import type { AwsInventory, GcpInsightBinding, Inventory, UsageInventory, UsageSourceRef, UsageSubject } from '../../model/inventory/index.js';
import type { Coverage } from './types.js';
import { later } from './window.js';

/**
 * Every usage observation about one node, combined: the latest time wins, sources accumulate.
 * Node ids are the graph's: an AWS ARN, `azure:sp:<objectId>`, `gcp:sa:<email>`, a credential id.
 */
export interface ActionSeen {
  lastUsed?: string;
  /** Listed by an action-level last-accessed report (a tracked action), used or not. */
  tracked: boolean;
  resources: Map<string, string>;
}

export interface ServiceSeen {
  lastUsed?: string;
  actions: Map<string, ActionSeen>;
}

export interface NodeUsage {
  lastUsed?: string;
  /** A last-accessed report lists every service the identity's policies allow: a service it lacks was not used. */
  servicesListed: boolean;
  /** CloudTrail covers the identity's account: an action it never shows was not called (from `observedFrom`). */
  callsLogged: boolean;
  /**
   * The Azure activity log covers a subscription the identity holds a role assignment in: its
   * successful write, delete and action operations there are all in `services` (reads are not logged).
   */
  armLogged: boolean;
  /** A source reports identity-level use (sign-in, authentication, role last used), with or without a time. */
  identityReported: boolean;
  observedFrom?: string;
  /** Services whose CloudTrail data events are logged for the identity's account. */
  dataEvents: Set<string>;
  services: Map<string, ServiceSeen>;
  /** GCP policy insights: exercised permissions per bound role, over the insight's observation period. */
  exercisedRoles: Map<string, string[]>;
  /** GCP policy insights, each about one binding of the identity's (role, resource, condition). */
  insights: (GcpInsightBinding & { role: string; to?: string; from?: string })[];
  sources: Set<UsageSourceRef['kind'] | 'inventory'>;
}

export interface CredentialSeen {
  lastUsed?: string;
  detail?: string;
  source: UsageSourceRef['kind'] | 'inventory';
}

export interface UsageFacts {
  identities: Map<string, NodeUsage>;
  credentials: Map<string, CredentialSeen>;
  sources: UsageSourceRef[];
  /** GCP: projects (ids) whose service-account keys some key activity file lists. */
  keyProjects: Set<string>;
}

const earlier = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a < b ? a : b);

const fresh = (): NodeUsage => ({ servicesListed: false, callsLogged: false, armLogged: false, identityReported: false, dataEvents: new Set(), services: new Map(), exercisedRoles: new Map(), insights: [], sources: new Set() });

/** The graph node ids a usage subject names (an Entra app id names its service principals). */
const NODE_IDS = new WeakMap<AttackGraph, Set<string>>();
const nodeIds = (graph: AttackGraph) => NODE_IDS.get(graph) ?? NODE_IDS.set(graph, new Set(graph.nodes.map((n) => n.id))).get(graph)!;

function nodesOf(subject: UsageSubject, graph: AttackGraph): string[] {
  switch (subject.provider) {
    case 'aws':
      return [subject.arn];
    case 'gcp':
      return [`gcp:sa:${subject.email}`];
    case 'azure':
      // The object id names one service principal; an app id, its service principal in each tenant.
      if (subject.servicePrincipalId) return nodeIds(graph).has(`azure:sp:${subject.servicePrincipalId}`) ? [`azure:sp:${subject.servicePrincipalId}`] : [];
      return graph.nodes.filter((n) => n.provider === 'azure' && n.kind === 'Identity' && (n.type === 'azure:sp' || n.type === 'azure:managed-identity') && String(n.props.appId ?? '').toLowerCase() === subject.appId).map((n) => n.id);
  }
}

export function coverageOf(u: NodeUsage | undefined): Coverage {
  if (!u) return 'none';
  if (u.callsLogged || u.armLogged) return 'actions';
  if (u.servicesListed) return 'services';
  // Policy insights say, per binding they cover, which permissions were exercised.
  if (u.insights.length > 0) return 'actions';
  return u.identityReported || u.lastUsed ? 'identity' : 'none';
}

/** The usage inventories (and the last-use facts AWS inventories carry) as per-node facts. */
export function usageFacts(inventories: readonly Inventory[], graph: AttackGraph): UsageFacts {
  const identities = new Map<string, NodeUsage>();
  const credentials = new Map<string, CredentialSeen>();
  const of = (id: string) => identities.get(id) ?? identities.set(id, fresh()).get(id)!;
  const noteCredential = (id: string, seen: CredentialSeen) => {
    const known = credentials.get(id);
    if (!known || (seen.lastUsed ?? '') > (known.lastUsed ?? '') || known.source === 'inventory') credentials.set(id, { ...seen, lastUsed: later(known?.lastUsed, seen.lastUsed) });
  };

  const usage = inventories.filter((i): i is UsageInventory => i.provider === 'usage');
  const aws = inventories.filter((i): i is AwsInventory => i.provider === 'aws');
  for (const inv of aws) {
    for (const a of inv.accounts) {
      for (const r of a.roles) {
        if (!r.lastUsed) continue;
        const u = of(r.arn);
        u.lastUsed = later(u.lastUsed, r.lastUsed);
        u.identityReported = true;
        u.sources.add('inventory');
      }
      for (const k of a.accessKeys) if (k.lastUsedDate) noteCredential(`aws:access-key:${k.accessKeyId}`, { lastUsed: k.lastUsedDate, source: 'inventory' });
    }
  }

  const cloudTrailAccounts = new Map<string, string | undefined>();
  const activitySubscriptions = new Map<string, string | undefined>();
  const dataEvents = new Map<string, Set<string>>();
  for (const inv of usage) {
    for (const s of inv.sources) {
      if (s.kind === 'azure-activity-log') for (const sub of s.scopes ?? []) activitySubscriptions.set(sub, earlier(activitySubscriptions.get(sub), s.from));
      if (s.kind !== 'aws-cloudtrail') continue;
      for (const acct of s.scopes ?? []) {
        cloudTrailAccounts.set(acct, earlier(cloudTrailAccounts.get(acct), s.from));
        const set = dataEvents.get(acct) ?? dataEvents.set(acct, new Set()).get(acct)!;
        for (const d of s.dataEvents ?? []) set.add(d);
      }
    }
    for (const obs of inv.identities) {
      for (const id of nodesOf(obs.subject, graph)) {
        const u = of(id);
        u.sources.add(obs.source.kind);
        u.lastUsed = later(u.lastUsed, obs.lastUsed);
        if (obs.source.kind === 'aws-service-last-accessed') u.servicesListed = true;
        // An insight speaks for one binding, not for the identity: it is no identity-level report.
        if (obs.services.length === 0 && !obs.insight) u.identityReported = true;
        if (obs.insight && obs.role) u.insights.push({ ...obs.insight, role: obs.role, ...(obs.source.to ? { to: obs.source.to } : {}), ...(obs.source.from ? { from: obs.source.from } : {}) });
        if (obs.role && obs.services.length > 0) u.exercisedRoles.set(obs.role, [...(u.exercisedRoles.get(obs.role) ?? []), ...obs.services.flatMap((s) => s.actions.map((a) => a.action))]);
        for (const s of obs.services) {
          const seen = u.services.get(s.service) ?? u.services.set(s.service, { actions: new Map() }).get(s.service)!;
          seen.lastUsed = later(seen.lastUsed, s.lastUsed);
          for (const a of s.actions) {
            const key = a.action.toLowerCase();
            const act = seen.actions.get(key) ?? seen.actions.set(key, { tracked: false, resources: new Map() }).get(key)!;
            act.lastUsed = later(act.lastUsed, a.lastUsed);
            if (obs.source.kind === 'aws-service-last-accessed') act.tracked = true;
            for (const r of a.resources) act.resources.set(r.arn, later(act.resources.get(r.arn), r.lastUsed)!);
          }
        }
      }
    }
    for (const c of inv.credentials) noteCredential(c.nodeId, { ...(c.lastUsed ? { lastUsed: c.lastUsed } : {}), ...(c.detail ? { detail: c.detail } : {}), source: c.source.kind });
  }
  // CloudTrail speaks for every user and role of the accounts it logged, including those it never saw.
  for (const n of graph.nodes) {
    if (n.provider !== 'aws' || n.kind !== 'Identity' || (n.type !== 'aws:iam:user' && n.type !== 'aws:iam:role')) continue;
    const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(n.id)?.[1];
    if (!account || !cloudTrailAccounts.has(account)) continue;
    const u = of(n.id);
    u.callsLogged = true;
    u.sources.add('aws-cloudtrail');
    u.observedFrom = cloudTrailAccounts.get(account);
    u.dataEvents = dataEvents.get(account) ?? new Set();
  }
  // The activity log speaks for every service principal holding a role assignment in a subscription it logged.
  if (activitySubscriptions.size > 0) {
    const sps = new Set(graph.nodes.filter((n) => n.provider === 'azure' && (n.type === 'azure:sp' || n.type === 'azure:managed-identity')).map((n) => n.id));
    for (const inv of inventories) {
      if (inv.provider !== 'azure') continue;
      for (const t of inv.tenants) {
        for (const a of t.armRoleAssignments) {
          const id = `azure:sp:${a.principalId.toLowerCase()}`;
          const sub = /^\/subscriptions\/[^/]+/.exec(a.scope.toLowerCase())?.[0];
          if (!sps.has(id) || !sub || !activitySubscriptions.has(sub)) continue;
          const u = of(id);
          u.armLogged = true;
          u.sources.add('azure-activity-log');
          // The subscription whose export starts last bounds what the log can say about the identity.
          u.observedFrom = later(u.observedFrom, activitySubscriptions.get(sub));
        }
      }
    }
  }
  const keyProjects = new Set(usage.flatMap((i) => i.sources.flatMap((s) => s.keyProjects ?? [])));
  return { identities, credentials, sources: usage.flatMap((i) => i.sources), keyProjects };
}
