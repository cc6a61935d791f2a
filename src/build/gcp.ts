import { edgeId, type GraphEdge, type GraphNode, type Provider } from '../model/graph.js';
import type { GcpInventory } from '../model/inventory/gcp.js';
import { GcpFacts, containerKind } from '../analysis/gcp/facts.js';
import { adminId, containerId, keyId, memberId, saId } from '../analysis/gcp/ids.js';
import { keyStatus } from '../analysis/gcp/rules/keys.js';
import { allContainers } from '../analysis/gcp/rules/scopes.js';
import { parseFederatedMember, providersOf as wifProviders } from '../analysis/gcp/rules/wif.js';
import { SECRET, allServiceAccounts } from '../analysis/gcp/targets.js';
import { adminRolesOf, ALL_USERS, sensitiveScopes, userEmail, workspaceOf, wsAppId, wsUserId } from '../analysis/gcp/rules/workspace.js';

const RESOURCE_TYPES: Record<string, string> = {
  'compute.googleapis.com/Instance': 'gcp:compute-instance',
  'compute.googleapis.com/InstanceTemplate': 'gcp:instance-template',
  'cloudfunctions.googleapis.com/CloudFunction': 'gcp:cloud-function',
  'cloudfunctions.googleapis.com/Function': 'gcp:cloud-function',
  'run.googleapis.com/Service': 'gcp:cloud-run-service',
  'run.googleapis.com/Job': 'gcp:cloud-run-job',
  'container.googleapis.com/Cluster': 'gcp:gke-cluster',
  'container.googleapis.com/NodePool': 'gcp:gke-node-pool',
  'storage.googleapis.com/Bucket': 'gcp:bucket',
  [SECRET]: 'gcp:secret',
};

/** What kind of principal a binding member is. */
function memberKind(member: string): { type: string; provider: Provider } {
  if (member.startsWith('principalSet://')) return { type: 'gcp:wif-principal-set', provider: 'gcp' };
  if (member.startsWith('principal://')) return { type: 'gcp:wif-principal', provider: 'gcp' };
  if (member.includes('.svc.id.goog[')) return { type: 'gcp:gke-workload-identity', provider: 'gcp' };
  const kind = member.split(':')[0]!;
  return { type: `gcp:${kind}`, provider: 'gcp' };
}

/**
 * GCP inventory → nodes (containers and their administrator nodes, service accounts, keys with
 * their status, binding members, resources) and the base facts (a service account attached to
 * the compute that runs as it). Attack edges are left to analysis.
 */
export function buildGcp(inventory: GcpInventory, now: Date = new Date()): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const facts = new GcpFacts(inventory, now);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const add = (n: Omit<GraphNode, 'provider' | 'tags'> & { provider?: Provider; tags?: Record<string, string> }) => {
    if (!nodes.has(n.id)) nodes.set(n.id, { provider: 'gcp', tags: {}, ...n });
  };

  for (const c of allContainers(facts)) {
    const info = facts.containers.get(c);
    const kind = containerKind(c);
    const type = kind === 'organizations' ? 'gcp:organization' : kind === 'folders' ? 'gcp:folder' : 'gcp:project';
    add({ id: containerId(c), kind: 'Resource', type, name: facts.containerName(c), scope: c, aliases: [c, ...(info?.projectId ? [info.projectId, `projects/${info.projectId}`] : [])], props: { parent: info?.parent ?? null, projectId: info?.projectId ?? null, state: info?.state ?? null } });
    add({ id: adminId(c), kind: 'Identity', type: 'gcp:scope-administrator', name: `administrator of ${facts.containerName(c)}`, scope: c, props: { container: c } });
  }

  for (const email of allServiceAccounts(facts)) {
    const sa = facts.serviceAccounts.get(email);
    const project = facts.projectOfSa(email);
    add({
      id: saId(email),
      kind: 'Identity',
      type: 'gcp:service-account',
      name: email,
      ...(project ? { scope: project } : {}),
      aliases: [email, ...(sa?.uniqueId ? [sa.uniqueId] : [])],
      props: {
        email,
        uniqueId: sa?.uniqueId ?? null,
        oauth2ClientId: sa?.oauth2ClientId ?? sa?.uniqueId ?? null,
        projectId: sa?.projectId ?? null,
        disabled: sa?.disabled ?? null,
        // Named only by bindings (Google-managed service agents, other organisations' accounts).
        collected: sa !== undefined,
      },
    });
  }

  for (const k of inventory.keys) {
    add({
      id: keyId(k.keyId),
      kind: 'Credential',
      type: 'gcp:sa-key',
      name: `key ${k.keyId} of ${k.serviceAccountEmail}`,
      ...(facts.projectOfSa(k.serviceAccountEmail) ? { scope: facts.projectOfSa(k.serviceAccountEmail)! } : {}),
      aliases: [k.keyId, `${k.serviceAccountEmail}:${k.keyId}`],
      props: {
        owner: k.serviceAccountEmail,
        status: keyStatus(facts, k, now),
        keyId: k.keyId,
        keyType: k.keyType ?? null,
        keyOrigin: k.keyOrigin ?? null,
        validAfterTime: k.validAfterTime ?? null,
        validBeforeTime: k.validBeforeTime ?? null,
        disabled: k.disabled,
      },
    });
  }

  const providersOf = (pool: string) => wifProviders(facts, pool);
  for (const [, policy] of facts.allPolicies()) {
    for (const b of policy.bindings) {
      for (const m of b.members) {
        if (m.startsWith('deleted:') || (m.startsWith('serviceAccount:') && !m.includes('.svc.id.goog['))) continue;
        const { type, provider } = memberKind(m);
        const fed = parseFederatedMember(m);
        const providers = fed ? providersOf(fed.pool) : [];
        add({
          id: memberId(m),
          kind: 'Identity',
          type,
          provider,
          name: m,
          aliases: [m],
          props: {
            member: m,
            ...(fed
              ? {
                  pool: fed.pool,
                  issuers: providers.flatMap((p) => (p.oidc ? [p.oidc.issuerUri] : p.aws ? [`aws:${p.aws.accountId}`] : [])),
                  attributeConditions: providers.map((p) => p.attributeCondition ?? '(none)'),
                  wholePool: fed.kind === 'all',
                }
              : {}),
          },
        });
      }
    }
  }

  for (const r of inventory.resources) {
    const secret = r.assetType === SECRET;
    add({
      id: r.name,
      kind: secret ? 'SecretLocation' : 'Resource',
      type: RESOURCE_TYPES[r.assetType] ?? 'gcp:resource',
      name: r.displayName ?? r.name.split('/').slice(-1)[0]!,
      ...(r.parent ? { scope: facts.project(r.parent) } : {}),
      props: { assetType: r.assetType, location: r.location ?? null, serviceAccounts: r.serviceAccounts },
    });
    for (const email of r.serviceAccounts) {
      edges.push({
        id: edgeId('ATTACHED_TO', 'gcp:iam:ServiceAccountRunsOn', saId(email), r.name),
        source: saId(email),
        target: r.name,
        kind: 'ATTACHED_TO',
        technique: 'gcp:iam:ServiceAccountRunsOn',
        evidence: { summary: `${r.name} runs as ${email}`, refs: [{ type: 'inventory', source: r.name, detail: `service account ${email}` }] },
        conditional: false,
      });
    }
  }
  const ws = workspaceOf(facts);
  if (ws.users.length + ws.tokens.length + ws.delegations.length > 0) {
    add({ id: ALL_USERS, kind: 'Identity', provider: 'workspace', type: 'workspace:all-users', name: 'every user of the Google Workspace domain', props: {} });
  }
  for (const u of ws.users) {
    add({ id: wsUserId(u.primaryEmail), kind: 'Identity', provider: 'workspace', type: 'workspace:user', name: u.primaryEmail, aliases: [u.primaryEmail, ...(u.id ? [u.id] : [])], props: { isAdmin: u.isAdmin, isDelegatedAdmin: u.isDelegatedAdmin, suspended: u.suspended, adminRoles: adminRolesOf(ws, u.id).map((r) => r.roleName) } });
  }
  for (const t of ws.tokens) {
    const email = userEmail(ws, t.userKey);
    add({ id: wsUserId(email), kind: 'Identity', provider: 'workspace', type: 'workspace:user', name: email, aliases: [email], props: { isAdmin: null, isDelegatedAdmin: null, suspended: null } });
    const app = nodes.get(wsAppId(t.clientId));
    const scopes = [...new Set([...((app?.props.scopes as string[] | undefined) ?? []), ...t.scopes])].sort();
    nodes.set(wsAppId(t.clientId), { id: wsAppId(t.clientId), kind: 'Identity', provider: 'workspace', type: 'workspace:oauth-app', name: t.displayText ?? `OAuth client ${t.clientId}`, tags: {}, aliases: [t.clientId], props: { clientId: t.clientId, scopes, sensitiveScopes: sensitiveScopes(scopes), nativeApp: t.nativeApp ?? null } });
  }
  return { nodes: [...nodes.values()], edges, warnings: [] };
}
