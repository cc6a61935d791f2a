import { beforeAll, describe, expect, it } from 'vitest';
import type { AttackGraph } from '../../src/model/graph.js';
import { techniqueSpec } from '../../src/model/catalogue/index.js';
import { analyseExports } from '../helpers/analyse.js';
import * as H from './fixtures/azurehound.js';
import { ADMIN_USER, APPS, ARM, FOREIGN_SP, GRAPH_SP, id, KEYS, KV_POLICY, KV_RBAC, MI_FUNC, MI_VM, OPS_GROUP, PLAIN_USER, ROLES, ROOT_MG, SUB, VM1 } from './fixtures/estate.js';
import { app, arm, edgesFrom, estateGraph, find, role, sp } from './helpers.js';

const T = H.TENANT;
let graph: AttackGraph;
let warnings: string[];
beforeAll(() => ({ graph, warnings } = estateGraph()));

describe('credentials authenticate as their service principal', () => {
  it('an active secret and certificate sign in as the SP, with the keyId in evidence', () => {
    const e = find(graph, 'azure:entra:ClientSecret', `azure:secret:${APPS.ci.app}:${KEYS.ciActive}`, sp(APPS.ci.sp));
    expect(e?.kind).toBe('AUTHENTICATES_AS');
    expect(e?.evidence.refs[0]?.detail).toContain(KEYS.ciActive);
    expect(find(graph, 'azure:entra:Certificate', `azure:certificate:${APPS.ci.app}:${KEYS.ciCert}`, sp(APPS.ci.sp))).toBeDefined();
  });
  it('expired and not-yet-valid secrets authenticate nothing but stay findable with their status', () => {
    for (const [key, status] of [[KEYS.ciExpired, 'expired'], [KEYS.ciFuture, 'not-yet-valid']] as const) {
      const node = graph.nodes.find((n) => n.id === `azure:secret:${APPS.ci.app}:${key}`);
      expect(node?.props.status).toBe(status);
      expect(edgesFrom(graph, node!.id)).toEqual([]);
    }
  });
});

describe('directory roles', () => {
  it('a tenant-wide Cloud Application Administrator reaches every app through the role node, never foreign SPs or managed identities', () => {
    expect(find(graph, 'azure:entra:DirectoryRole', sp(APPS.ops.sp), role(ROLES.CloudAppAdmin, T))).toBeDefined();
    const targets = edgesFrom(graph, role(ROLES.CloudAppAdmin, T), 'azure:entra:ApplicationAdministrator').map((e) => e.target);
    expect(targets).toContain(app(APPS.billing.app));
    expect(targets).not.toContain(sp(FOREIGN_SP));
    expect(targets).not.toContain(sp(MI_VM));
  });
  it('an Application Administrator scoped to one app (AzureHound "/<appId>") reaches that app only', () => {
    const out = edgesFrom(graph, sp(APPS.scoped.sp));
    expect(out.map((e) => [e.technique, e.target])).toEqual([['azure:entra:ApplicationAdministrator', app(APPS.target.app)]]);
    expect(out[0]!.evidence.refs[0]).toMatchObject({ type: 'role-assignment', source: 'roleAssignment ra-scoped-aa' });
  });
  it('an Application Administrator scoped to an administrative unit reaches no application', () => {
    expect(edgesFrom(graph, sp(APPS.auAdmin.sp))).toEqual([]);
  });
  it('a PIM-eligible Privileged Role Administrator is a conditional edge; PRA grants GA', () => {
    const e = find(graph, 'azure:entra:DirectoryRoleEligible', sp(APPS.eligible.sp), role(ROLES.PRA, T));
    expect(e?.conditional).toBe(true);
    expect(e?.conditions).toMatch(/activate/);
    expect(find(graph, 'azure:entra:PrivilegedRoleAdministrator', role(ROLES.PRA, T), role(ROLES.GA, T))).toBeDefined();
  });
  it('Global Administrator and its active holder are tier zero; an eligible holder is not', () => {
    const tz = (n: string) => graph.nodes.find((x) => x.id === n)?.tierZero;
    expect(tz(role(ROLES.GA, T))?.technique).toBe('azure:entra:TierZeroRole');
    expect(tz(`azure:user:${ADMIN_USER}`)?.evidence.refs[0]?.source).toBe('roleAssignment ra-alice-ga');
    expect(tz(sp(APPS.eligible.sp))).toBeUndefined();
  });
});

describe('ownership', () => {
  it('an SP owner with Application.ReadWrite.OwnedBy adds a secret to the owned app', () => {
    const e = find(graph, 'azure:graph:Application.ReadWrite.OwnedBy', sp(APPS.ci.sp), app(APPS.sync.app));
    expect(e?.conditional).toBe(false);
    expect(e?.evidence.refs[0]?.source).toContain('owners');
  });
  it('an SP owner without a Graph permission gets a conditional edge; a user owner does not need one', () => {
    const records = [H.tenant(), H.app({ objectId: id('a', 1), appId: id('c', 1), name: 'x' }), H.sp({ id: id('e', 1), appId: id('c', 1), name: 'x' }), H.sp({ id: id('e', 2), appId: id('c', 2), name: 'owner' }), H.user(id('b', 1), 'Carol'), H.appOwner(id('a', 1), id('c', 1), 'servicePrincipal', id('e', 2)), H.appOwner(id('a', 1), id('c', 1), 'user', id('b', 1))];
    const g = analyseExports({ 'ah.json': H.file(records) }).graph;
    expect(find(g, 'azure:entra:AppOwner', sp(id('e', 2)), app(id('c', 1)))?.conditional).toBe(true);
    expect(find(g, 'azure:entra:AppOwner', `azure:user:${id('b', 1)}`, app(id('c', 1)))?.conditional).toBe(false);
  });
  it('a group owner adds members; nobody else gets that edge', () => {
    expect(find(graph, 'azure:entra:GroupOwner', `azure:user:${PLAIN_USER}`, `azure:group:${OPS_GROUP}`)).toBeDefined();
    expect(graph.edges.filter((e) => e.technique === 'azure:entra:GroupOwner')).toHaveLength(1);
  });
  it('a service principal owner adds a secret to a non-foreign SP; foreign SPs are never targets', () => {
    const records = [H.tenant(), H.sp({ id: id('e', 1), appId: id('c', 1), name: 'local' }), H.sp({ id: id('e', 2), appId: id('c', 2), name: 'vendor', owner: id('0', 1) }), H.user(id('b', 1), 'Carol')];
    const owners = (spId: string) => ({ kind: 'AZServicePrincipalOwner', data: { owners: [{ owner: { '@odata.type': '#microsoft.graph.user', id: id('b', 1) }, servicePrincipalId: spId }], servicePrincipalId: spId } });
    const g = analyseExports({ 'ah.json': H.file([...records, owners(id('e', 1)), owners(id('e', 2))]) }).graph;
    expect(find(g, 'azure:entra:ServicePrincipalOwner', `azure:user:${id('b', 1)}`, sp(id('e', 1)))).toBeDefined();
    expect(find(g, 'azure:entra:ServicePrincipalOwner', `azure:user:${id('b', 1)}`, sp(id('e', 2)))).toBeUndefined();
  });
});

describe('Microsoft Graph application permissions', () => {
  it('RoleManagement.ReadWrite.Directory grants Global Administrator', () => {
    const e = find(graph, 'azure:graph:RoleManagement.ReadWrite.Directory', sp(APPS.sync.sp), role(ROLES.GA, T));
    expect(e?.evidence.refs[0]).toMatchObject({ type: 'grant', source: 'appRoleAssignment grant-sync-rolemgmt' });
  });
  it('AppRoleAssignment.ReadWrite.All reaches Global Administrator', () => {
    expect(find(graph, 'azure:graph:AppRoleAssignment.ReadWrite.All', sp(APPS.granter.sp), role(ROLES.GA, T))).toBeDefined();
  });
  it('permissions only requested in requiredResourceAccess grant nothing', () => {
    expect(edgesFrom(graph, sp(APPS.reporting.sp))).toEqual([]);
  });
  it('Application.ReadWrite.All adds secrets to every app; a grant on a non-Graph resource does not', () => {
    const base = [H.tenant(), H.sp({ id: GRAPH_SP, appId: H.GRAPH_APP_ID, name: 'Microsoft Graph' }), H.sp({ id: id('9', 2), appId: id('c', 98), name: 'Other API' }), H.app({ objectId: id('a', 1), appId: id('c', 1), name: 'victim' }), H.sp({ id: id('e', 1), appId: id('c', 1), name: 'victim' }), H.sp({ id: id('e', 2), appId: id('c', 2), name: 'attacker' }), H.sp({ id: id('e', 3), appId: id('c', 3), name: 'lookalike' })];
    const g = analyseExports({
      'ah.json': H.file([...base, H.graphGrant('g1', id('e', 2), '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', GRAPH_SP), { kind: 'AZAppRoleAssignment', data: { appRoleId: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', id: 'g2', principalId: id('e', 3), principalType: 'ServicePrincipal', resourceId: id('9', 2), appId: id('c', 98), tenantId: T } }]),
    }).graph;
    const node = `azure:graph-permission:Application.ReadWrite.All@${T}`;
    expect(find(g, 'azure:graph:ApplicationPermission', sp(id('e', 2)), node)?.evidence.refs[0]?.source).toBe('appRoleAssignment g1');
    expect(find(g, 'azure:graph:Application.ReadWrite.All', node, app(id('c', 1)))).toBeDefined();
    expect(edgesFrom(g, sp(id('e', 3)))).toEqual([]);
  });
  it('Group.ReadWrite.All adds members to groups that hold something, never to role-assignable groups', () => {
    const node = `azure:graph-permission:Group.ReadWrite.All@${T}`;
    expect(find(graph, 'azure:graph:ApplicationPermission', sp(APPS.groupWriter.sp), node)).toBeDefined();
    expect(find(graph, 'azure:graph:Group.ReadWrite.All', node, `azure:group:${OPS_GROUP}`)).toBeDefined();
    const records = [H.tenant(), H.sp({ id: GRAPH_SP, appId: H.GRAPH_APP_ID, name: 'Microsoft Graph' }), H.sp({ id: id('e', 2), appId: id('c', 2), name: 'writer' }), H.group(id('6', 9), 'admins', true), H.roleAssignment('ra-g', ROLES.GA, id('6', 9)), H.graphGrant('g', id('e', 2), '62a82d76-70ea-41e2-9197-370581804d09', GRAPH_SP)];
    const g = analyseExports({ 'ah.json': H.file(records) }).graph;
    expect(edgesFrom(g, `azure:graph-permission:Group.ReadWrite.All@${T}`)).toEqual([]);
  });
});

describe('delegated grants', () => {
  it('admin consent for Directory.AccessAsUser.All is a conditional impersonation of privileged users', () => {
    const e = find(graph, 'azure:oauth2:DelegatedGrant', sp(APPS.portal.sp), `azure:user:${ADMIN_USER}`);
    expect(e?.conditional).toBe(true);
    expect(e?.evidence.refs[0]?.source).toBe('oauth2PermissionGrant grant-portal');
  });
  it('a read-only delegated scope gives no edge', () => {
    expect(graph.edges.filter((e) => e.technique === 'azure:oauth2:DelegatedGrant' && e.source === sp(APPS.reporting.sp))).toEqual([]);
  });
});

describe('workload identity federation', () => {
  const issuer = 'https://token.actions.githubusercontent.com';
  it('the exact issuer and subject federate to the app\'s SP; a non-default audience makes it conditional', () => {
    const prod = find(graph, 'azure:entra:FederatedCredential', `oidc:${issuer}|repo:acme/infra:environment:prod`, sp(APPS.sync.sp));
    expect(prod?.conditional).toBe(false);
    expect(graph.nodes.find((n) => n.id === prod?.source)?.provider).toBe('github');
    expect(find(graph, 'azure:entra:FederatedCredential', `oidc:${issuer}|repo:acme/infra:ref:refs/heads/main`, sp(APPS.sync.sp))?.conditional).toBe(true);
  });
  it('other subjects of the same repository are not trusted (no prefix match)', () => {
    const subjects = graph.nodes.filter((n) => n.id.startsWith('oidc:')).map((n) => n.name);
    expect(subjects.sort()).toEqual(['repo:acme/infra:environment:prod', 'repo:acme/infra:ref:refs/heads/main']);
    expect(graph.nodes.find((n) => n.id === `oidc:${issuer}|repo:acme/infra:pull_request`)).toBeUndefined();
  });
});

describe('Azure RBAC', () => {
  it('subscription Owner (AzureHound AZSubscriptionOwner) can grant roles there and run code on every VM and app below', () => {
    const owner = sp(APPS.billing.sp);
    expect(find(graph, 'azure:arm:RoleAssignmentWrite', owner, arm(`/subscriptions/${SUB}`))?.evidence.refs[0]?.detail).toContain('Owner');
    expect(find(graph, 'azure:arm:VMRunCommand', owner, sp(MI_VM))).toBeDefined();
    expect(find(graph, 'azure:arm:WebAppDeploy', owner, sp(MI_FUNC))).toBeDefined();
  });
  it('Contributor has write access and runs code, but cannot read an RBAC vault; it can rewrite an access-policy vault', () => {
    const c = sp(APPS.contrib.sp);
    expect(find(graph, 'azure:arm:WriteAccess', c, arm(`/subscriptions/${SUB}`))).toBeDefined();
    expect(find(graph, 'azure:arm:VMRunCommand', c, sp(MI_VM))).toBeDefined();
    expect(edgesFrom(graph, c).filter((e) => e.target.startsWith(arm(KV_RBAC)))).toEqual([]);
    expect(find(graph, 'azure:keyvault:AddAccessPolicy', c, `${arm(KV_POLICY)}/secrets/ci-dup`)).toBeDefined();
  });
  it('Reader gets nothing', () => {
    expect(edgesFrom(graph, sp(APPS.reader.sp))).toEqual([]);
  });
  it('Website Contributor on the resource group reaches the function app\'s identity, not the VM\'s', () => {
    const w = sp(APPS.webDeployer.sp);
    expect(find(graph, 'azure:arm:WebAppDeploy', w, sp(MI_FUNC))).toBeDefined();
    expect(edgesFrom(graph, w).filter((e) => e.target === sp(MI_VM))).toEqual([]);
  });
  it('an ABAC condition on User Access Administrator makes its edges conditional', () => {
    const e = find(graph, 'azure:arm:RoleAssignmentWrite', sp(APPS.conditional.sp), arm(`/subscriptions/${SUB}`));
    expect(e?.conditional).toBe(true);
    expect(e?.conditions).toContain('GuidEquals');
  });
  it('User Access Administrator at the tenant root management group is tier zero and covers the subscription below', () => {
    const n = graph.nodes.find((x) => x.id === sp(APPS.rootUaa.sp));
    expect(n?.tierZero?.technique).toBe('azure:arm:ManagementGroupOwner');
    expect(find(graph, 'azure:arm:RoleAssignmentWrite', sp(APPS.rootUaa.sp), arm(ROOT_MG))).toBeDefined();
    expect(find(graph, 'azure:arm:VMRunCommand', sp(APPS.rootUaa.sp), sp(MI_VM))?.evidence.assumptions?.[0]).toMatch(/grants itself/);
    expect(graph.nodes.find((x) => x.id === sp(APPS.contrib.sp))?.tierZero).toBeUndefined();
  });
  it('VM Admin Login gives a conditional path; a VM without an identity yields nothing', () => {
    const vm2 = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/plain`;
    const records = [H.tenant(), H.sp({ id: id('e', 1), appId: id('c', 1), name: 'login' }), H.sp({ id: MI_VM, appId: id('c', 50), name: 'mi', type: 'ManagedIdentity' }), H.vm(VM1, 'vm-build', MI_VM), { kind: 'AZVM', data: { id: vm2, name: 'plain', type: 'Microsoft.Compute/virtualMachines', identity: null, tenantId: T } }, H.subscriptionRoleAssignments(SUB, H.armRa('ra-login', '1c0163c0-47e6-4577-8991-ea5c82e286e4', id('e', 1), `/subscriptions/${SUB}`))];
    const g = analyseExports({ 'ah.json': H.file(records) }).graph;
    const out = edgesFrom(g, sp(id('e', 1)));
    expect(out.map((e) => [e.technique, e.target, e.conditional])).toEqual([['azure:arm:VMLogin', sp(MI_VM), true]]);
  });
  it('an assignment of a role that is neither built in nor collected is reported, not guessed', () => {
    const records = [H.tenant(), H.sp({ id: id('e', 1), appId: id('c', 1), name: 'x' }), H.subscriptionRoleAssignments(SUB, H.armRa('ra-x', id('0', 7), id('e', 1), `/subscriptions/${SUB}`))];
    const r = analyseExports({ 'ah.json': H.file(records) });
    expect(edgesFrom(r.graph, sp(id('e', 1)))).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(/neither built in nor collected/);
  });
});

describe('key vaults', () => {
  it('Key Vault Secrets User given to a group reaches the group and its member (AZKeyVaultRoleAssignment, virtualMachineId quirk)', () => {
    const target = `${arm(KV_RBAC)}/secrets/client-secret-billing`;
    expect(find(graph, 'azure:keyvault:GetSecret', `azure:group:${OPS_GROUP}`, target)).toBeDefined();
    const member = find(graph, 'azure:keyvault:GetSecret', sp(APPS.kvUser.sp), target);
    expect(member?.evidence.refs.map((r) => r.type)).toEqual(['role-assignment', 'group-membership']);
  });
  it('an access policy with "Get" (any case) on an access-policy vault reads secrets; "list" alone does not; policies on RBAC vaults are ignored', () => {
    expect(find(graph, 'azure:keyvault:AccessPolicy', sp(APPS.kvUser.sp), `${arm(KV_POLICY)}/secrets/ci-dup`)).toBeDefined();
    expect(edgesFrom(graph, sp(APPS.kvLister.sp))).toEqual([]);
  });
  it('a linked secret exposes its credential; a hint shared by two secrets gives two conditional links', () => {
    const billing = find(graph, 'azure:keyvault:SecretHoldsCredential', `${arm(KV_RBAC)}/secrets/client-secret-billing`, `azure:secret:${APPS.billing.app}:${KEYS.billing}`);
    expect(billing?.conditional).toBe(false);
    const dup = edgesFrom(graph, `${arm(KV_POLICY)}/secrets/ci-dup`);
    expect(dup.map((e) => e.conditional)).toEqual([true, true]);
  });
  it('Key Vault Reader reads metadata only: no edge', () => {
    const records = [H.tenant(), H.sp({ id: id('e', 1), appId: id('c', 1), name: 'x' }), H.keyVault(KV_RBAC, 'kv-rbac', true), H.keyVaultRoleAssignments(KV_RBAC, H.armRa('ra-r', ARM.KVReader, id('e', 1), KV_RBAC))];
    expect(edgesFrom(analyseExports({ 'ah.json': H.file(records) }).graph, sp(id('e', 1)))).toEqual([]);
  });
});

describe('the catalogue covers the graph', () => {
  it('every technique on an Azure edge or tier-zero mark is documented', () => {
    const used = new Set([...graph.edges.map((e) => e.technique), ...graph.nodes.flatMap((n) => (n.tierZero ? [n.tierZero.technique] : []))]);
    for (const t of used) {
      const spec = techniqueSpec(t);
      expect(spec, t).toBeDefined();
      expect(spec!.docs.references.length, t).toBeGreaterThan(0);
    }
  });
  it('the sample estate produces no warnings except the documented ones', () => {
    expect(warnings).toEqual([]);
  });
});

describe('multi-tenant applications and certificate thumbprints', () => {
  const B = id('7', 2);
  const records = () => {
    const appInA = H.app({ objectId: id('a', 1), appId: id('c', 1), name: 'saas', secrets: [{ keyId: id('1', 1), hint: 'mt1' }], certs: [{ keyId: id('1', 2), thumbprint: Buffer.from('0123456789abcdef0123', 'latin1').toString('base64') }] });
    const spInB = H.sp({ id: id('e', 2), appId: id('c', 1), name: 'saas' });
    (spInB.data as { tenantId: string }).tenantId = B;
    return [H.tenant(), { kind: 'AZTenant', data: { tenantId: B, displayName: 'OTHER' } }, appInA, H.sp({ id: id('e', 1), appId: id('c', 1), name: 'saas' }), spInB];
  };
  it('an application secret signs in as the app\'s service principal in every tenant that has one', () => {
    const g = analyseExports({ 'ah.json': H.file(records()) }).graph;
    expect(edgesFrom(g, `azure:secret:${id('c', 1)}:${id('1', 1)}`).map((e) => e.target).sort()).toEqual([sp(id('e', 1)), sp(id('e', 2))]);
  });
  it('a certificate is found by its thumbprint in base64 (as Graph returns it) and in hex', () => {
    const g = analyseExports({ 'ah.json': H.file(records()) }).graph;
    const cert = g.nodes.find((n) => n.id === `azure:certificate:${id('c', 1)}:${id('1', 2)}`)!;
    expect(cert.aliases).toContain(Buffer.from('0123456789abcdef0123', 'latin1').toString('hex').toUpperCase());
  });
});

describe('disabled service principals', () => {
  it('a credential of a disabled SP authenticates nothing; an enabled one does', () => {
    const off = H.sp({ id: id('e', 1), appId: id('c', 1), name: 'off' });
    (off.data as { accountEnabled: boolean }).accountEnabled = false;
    const g = analyseExports({ 'ah.json': H.file([H.tenant(), H.app({ objectId: id('a', 1), appId: id('c', 1), name: 'off', secrets: [{ keyId: id('1', 1) }] }), off, H.app({ objectId: id('a', 2), appId: id('c', 2), name: 'on', secrets: [{ keyId: id('1', 2) }] }), H.sp({ id: id('e', 2), appId: id('c', 2), name: 'on' })]) }).graph;
    expect(edgesFrom(g, `azure:secret:${id('c', 1)}:${id('1', 1)}`)).toEqual([]);
    expect(edgesFrom(g, `azure:secret:${id('c', 2)}:${id('1', 2)}`)).toHaveLength(1);
  });
});
