import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { AttackGraph } from '../../src/model/graph.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import * as H from './fixtures/azurehound.js';
import { APPS, KEYS, KV_RBAC, ROLES, SUB } from './fixtures/estate.js';
import { arm, estateGraph, role } from './helpers.js';

let graph: AttackGraph;
let engine: EmbeddedEngine;
beforeAll(() => {
  graph = estateGraph().graph;
  engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
});

describe('a leaked Azure credential is found', () => {
  it('by appId:keyId, by keyId alone, and by a unique hint — all the same credential', async () => {
    const want = `azure:secret:${APPS.ci.app}:${KEYS.ciActive}`;
    for (const q of [`${APPS.ci.app}:${KEYS.ciActive}`, KEYS.ciActive, KEYS.ciActive.toUpperCase(), 'q7R']) {
      expect((await engine.blast(q)).credential.id, q).toBe(want);
    }
  });
  it('a certificate by its thumbprint', async () => {
    expect((await engine.blast('q1w2e3r4t5y6u7i8o9p0')).credential.id).toBe(`azure:certificate:${APPS.ci.app}:${KEYS.ciCert}`);
  });
  it('never by the app alone, nor by a hint two secrets share', async () => {
    await expect(engine.blast(APPS.ci.app)).rejects.toThrow(/no credential matches/);
    await expect(engine.blast('dup')).rejects.toThrow(/ambiguous/);
  });
});

describe('multi-hop: leaked client secret → Global Administrator', () => {
  it('ci-deployer\'s secret reaches GA through ownership of directory-sync and its RoleManagement.ReadWrite.Directory', async () => {
    const r = await engine.blast(`${APPS.ci.app}:${KEYS.ciActive}`);
    expect(r.tierZero).toBe(true);
    expect(r.credential.status).toBe('active');
    const ga = r.crownJewels.find((j) => j.id === role(ROLES.GA, H.TENANT))!;
    expect(ga.path.map((s) => [s.edge, s.technique])).toEqual([
      ['AUTHENTICATES_AS', 'azure:entra:ClientSecret'],
      ['CAN_CREATE_CREDENTIAL', 'azure:graph:Application.ReadWrite.OwnedBy'],
      ['RUNS_AS', 'azure:entra:AppRunsAs'],
      ['CAN_GRANT_ROLE', 'azure:graph:RoleManagement.ReadWrite.Directory'],
    ]);
    expect(ga.path[3]!.evidence.refs[0]?.source).toBe('appRoleAssignment grant-sync-rolemgmt');
    expect(r.risk.level).toBe('critical');
  });
});

describe('multi-hop: leaked client secret → subscription Owner', () => {
  it('ops-automation\'s secret → Cloud Application Administrator → billing app → Owner of the subscription', async () => {
    const r = await engine.paths(`${APPS.ops.app}:${KEYS.ops}`, { to: arm(`/subscriptions/${SUB}`), k: 1, maxHops: 8 });
    expect(r.paths[0]!.steps.map((s) => s.technique)).toEqual([
      'azure:entra:ClientSecret',
      'azure:entra:DirectoryRole',
      'azure:entra:ApplicationAdministrator',
      'azure:entra:AppRunsAs',
      'azure:arm:RoleAssignmentWrite',
    ]);
    expect(r.paths[0]!.steps[4]!.evidence.refs[0]?.source).toContain('ra-billing-owner');
    const blast = await engine.blast(`${APPS.ops.app}:${KEYS.ops}`);
    expect(blast.reachable.resources.map((x) => x.id)).toContain(arm(`/subscriptions/${SUB}`));
  });
  it('the Key Vault path: kv-user\'s secret reads client-secret-billing, which is the billing app\'s secret', async () => {
    const r = await engine.paths(`${APPS.kvUser.app}:${KEYS.kvUser}`, { to: arm(`/subscriptions/${SUB}`), k: 1, maxHops: 8 });
    expect(r.paths[0]!.steps.map((s) => s.edge)).toEqual(['AUTHENTICATES_AS', 'CAN_READ', 'EXPOSES', 'AUTHENTICATES_AS', 'CAN_GRANT_ROLE']);
    expect(r.paths[0]!.steps[1]!.to).toBe(`${arm(KV_RBAC)}/secrets/client-secret-billing`);
  });
});

describe('negative look-alikes report nothing', () => {
  it('an expired secret of the same app reaches nothing', async () => {
    const r = await engine.blast(`${APPS.ci.app}:${KEYS.ciExpired}`);
    expect(r.credential.status).toBe('expired');
    expect(r.startIdentities).toEqual([]);
    expect(r.crownJewels).toEqual([]);
    expect(r.tierZero).toBe(false);
    expect(r.risk.level).toBe('none');
  });
  it('an app that only requests RoleManagement.ReadWrite.Directory reaches only its own SP', async () => {
    const r = await engine.blast(`${APPS.reporting.app}:${KEYS.reporting}`);
    expect(r.tierZero).toBe(false);
    expect(r.reachable.identities.map((i) => i.id)).toEqual([`azure:sp:${APPS.reporting.sp}`]);
  });
  it('an Application Administrator scoped to one plain app does not reach tier zero', async () => {
    const r = await engine.blast(KEYS.scoped);
    expect(r.tierZero).toBe(false);
    expect(r.crownJewels).toEqual([]);
  });
  it('a Contributor on the subscription does not reach the RBAC vault\'s secret nor the subscription Owner\'s identity', async () => {
    const r = await engine.blast(KEYS.contrib);
    expect(r.reachable.secretLocations.map((s) => s.id).filter((id) => id.startsWith(arm(KV_RBAC)))).toEqual([]);
    expect(r.reachable.identities.map((i) => i.id)).not.toContain(`azure:sp:${APPS.billing.sp}`);
  });
});
