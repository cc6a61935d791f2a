import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/index.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';
import type { AwsInventory } from '../../../src/model/inventory/index.js';

/**
 * Cloudsplaining's example export (test/fixtures/aws/real/cloudsplaining/README.md): a real
 * iam-vulnerable deployment merged with a second account. Verdicts pinned here were checked by
 * reading the policies, not by running leakpath.
 */
const FILE = path.resolve(import.meta.dirname, '../../fixtures/aws/real/cloudsplaining/example.json');
const read = parseDocuments([{ file: 'example.json', json: JSON.parse(readFileSync(FILE, 'utf8')) as unknown }]);
const inventory = read.inventories.find((i) => i.provider === 'aws') as AwsInventory;
const IV = '200611803367';
const OTHER = '012345678901';
const AT = new Date('2026-06-01T12:00:00Z');
const { graph } = analyse(read.inventories, { at: AT });
const tierZero = (arn: string) => graph.nodes.find((n) => n.id === arn)?.tierZero;
const iv = (kind: 'user' | 'role', name: string) => `arn:aws:iam::${IV}:${kind}/${name}`;

describe('Cloudsplaining example: two accounts in one authorization-details file', () => {
  it('is split by the account in each ARN, with a warning', () => {
    expect(read.warnings).toEqual(['example.json: the export holds the principals of 2 accounts (012345678901, 200611803367); split by the account in each ARN']);
    const count = (id: string) => {
      const a = inventory.accounts.find((x) => x.accountId === id)!;
      return [a.users.length, a.groups.length, a.roles.length];
    };
    // 44 users, 5 groups, 78 roles in the file (counted by ARN with a separate script).
    expect(count(IV)).toEqual([41, 3, 75]);
    expect(count(OTHER)).toEqual([3, 2, 3]);
  });
});

describe('Cloudsplaining example: "allowed every action" labels are true', () => {
  it('fn4 (Allow NotAction iam:Update*, iam:Create*, iam:Attach*) is tier zero by putting a policy on itself, not "every action"', () => {
    expect(tierZero(iv('user', 'fn4-exploitableNotAction-user'))).toMatchObject({ technique: 'aws:iam:PutUserPolicy', conditional: false });
    expect(tierZero(iv('role', 'fn4-exploitableNotAction-role'))).toMatchObject({ technique: 'aws:iam:PutRolePolicy', conditional: false });
  });

  it('principals holding AdministratorAccess keep the label', () => {
    for (const arn of [`arn:aws:iam::${OTHER}:user/obama`, iv('role', 'OrganizationAccountAccessRole'), iv('role', 'privesc-high-priv-service-role')]) {
      expect(tierZero(arn)).toMatchObject({ technique: 'aws:iam:AdministratorAccess', conditional: false });
    }
  });
});
