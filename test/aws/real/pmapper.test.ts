import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/index.js';
import { expandHubs } from '../../../src/model/hubs.js';
import { authorize } from '../../../src/analysis/aws/policy/authorize.js';
import { PolicyIndex, principalsOf } from '../../../src/analysis/aws/principals.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';
import type { AwsInventory } from '../../../src/model/inventory/index.js';

/**
 * PMapper's own test cases (test/fixtures/aws/real/pmapper/README.md), with the verdicts its
 * assertions expect. PMapper's "is_connected(a, b)" is a CAN_ASSUME edge here; its "is_admin", and
 * an admin's connection to everything in its account, is a tier-zero mark.
 */
const DIR = path.resolve(import.meta.dirname, '../../fixtures/aws/real/pmapper');
const AT = new Date('2026-06-01T12:00:00Z');
const A = '000000000000';
function load(file: string) {
  const read = parseDocuments([{ file, json: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as unknown }]);
  const { graph, warnings } = analyse(read.inventories, { at: AT });
  const inventory = read.inventories[0] as AwsInventory;
  // Edges as analysis decides them, hubs unfolded (src/model/hubs.ts).
  const assume = (from: string, to: string) => expandHubs(graph).edges.find((e) => e.kind === 'CAN_ASSUME' && e.source === from && e.target === to);
  const tierZero = (id: string) => graph.nodes.find((n) => n.id === id)?.tierZero;
  return { graph, warnings: [...read.warnings, ...warnings], inventory, assume, tierZero };
}
const arn = (kind: 'user' | 'role', name: string, account = A) => `arn:aws:iam::${account}:${kind}/${name}`;

describe('PMapper test_edge_identification on the playground graph', () => {
  const { assume, tierZero, warnings } = load('playground.json');

  it('reads without warnings', () => expect(warnings).toEqual([]));

  it('test_playground_assume_role: jumpuser assumes the roles trusting its account (root ARN or bare id), not the one trusting 999999999999', () => {
    expect(assume(arn('user', 'jumpuser'), arn('role', 's3_access_role'))).toMatchObject({ conditional: false });
    expect(assume(arn('user', 'jumpuser'), arn('role', 's3_access_role_alt'))).toMatchObject({ conditional: false });
    expect(assume(arn('user', 'jumpuser'), arn('role', 'external_s3_access_role'))).toBeUndefined();
    expect(assume(`arn:aws:iam::999999999999:root`, arn('role', 'external_s3_access_role'))).toBeDefined();
  });

  it('test_admin_access: the admin reaches everything in its account (tier zero); paths in ARNs do not matter', () => {
    expect(tierZero(arn('user', 'admin'))).toMatchObject({ technique: 'aws:iam:AdministratorAccess', conditional: false });
    expect(assume(arn('user', 'somepath/some_other_jumpuser'), arn('role', 'somepath/somerole'))).toMatchObject({ conditional: false });
    // Nobody else here is an administrator (PMapper flags ec2_admin_role by hand; its policy is AmazonEC2RoleforSSM).
    for (const name of ['jumpuser', 'somepath/some_other_jumpuser']) expect(tierZero(arn('user', name))).toBeUndefined();
    for (const name of ['ec2_ssm_role', 'ec2_admin_role', 's3_access_role', 's3_access_role_alt', 'external_s3_access_role', 'somepath/somerole']) {
      expect(tierZero(arn('role', name))).toBeUndefined();
    }
  });
});

describe('PMapper test_admin_identification', () => {
  const { tierZero } = load('admin-identification.json');

  it('an inline Allow * is admin; with a Deny * beside it, not', () => {
    expect(tierZero(arn('user', 'user_1'))).toMatchObject({ technique: 'aws:iam:AdministratorAccess', conditional: false });
    expect(tierZero(arn('user', 'user_2'))).toBeUndefined();
  });

  it('a member of a group with an admin policy is admin; of a group without policies, not', () => {
    expect(tierZero(arn('user', 'node_1'))).toMatchObject({ technique: 'aws:iam:AdministratorAccess', conditional: false });
    expect(tierZero(arn('user', 'node_2'))).toBeUndefined();
  });
});

describe('PMapper test_permissions_boundaries and test_cross_account_checks (test_iam_assume_role)', () => {
  const { inventory, assume, tierZero } = load('evaluation.json');
  const policies = new PolicyIndex(inventory);
  const principal = (name: string) => inventory.accounts.flatMap((a) => principalsOf(a, policies, AT)).find((p) => p.name === name)!;

  it('no resource policy: identity ∩ boundary (S3 read-only) allows s3:GetObject, not s3:PutObject; so no admin', () => {
    const p = principal('s3_capped_admin');
    expect(authorize({ principal: p, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/object' }).effect).toBe('allow');
    expect(authorize({ principal: p, action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/object' }).effect).toBe('none');
    expect(tierZero(arn('user', 's3_capped_admin'))).toBeUndefined();
  });

  it('with a trust policy: asdf1 (boundary allows AssumeRole on JumpRole) and asdf2 (empty policies and boundary, named by ARN) assume JumpRole', () => {
    expect(assume(arn('user', 'asdf1'), arn('role', 'JumpRole'))).toMatchObject({ conditional: false });
    expect(assume(arn('user', 'asdf2'), arn('role', 'JumpRole'))).toMatchObject({ conditional: false });
  });

  it('account root + own Allow: assumed; own Allow only, root only, or neither: not; another account\'s role: not', () => {
    expect(assume(arn('user', 'assumer'), arn('role', 'test1'))).toMatchObject({ conditional: false });
    expect(assume(arn('user', 'assumer'), arn('role', 'test2'))).toBeUndefined();
    expect(assume(arn('user', 'reader'), arn('role', 'test1'))).toBeUndefined();
    expect(assume(arn('user', 'reader'), arn('role', 'test2'))).toBeUndefined();
    expect(assume(arn('role', 'test_other', '999999999999'), arn('role', 'test1'))).toBeUndefined();
  });
});
