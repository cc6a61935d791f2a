import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/index.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';

/**
 * CloudMapper's demo account (test/fixtures/aws/real/cloudmapper/README.md). Its `bad_role` allows
 * every action and trusts `{"AWS": "*"}`: in its own account that names every caller itself (no
 * Allow of its own needed), and from outside anyone who opens an AWS account can assume it.
 */
const DIR = path.resolve(import.meta.dirname, '../../fixtures/aws/real/cloudmapper');
const documents = readdirSync(DIR)
  .filter((f) => f !== 'README.md')
  .sort()
  .map((file) => ({ file, json: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as unknown }));
const read = parseDocuments(documents);
const { graph } = analyse(read.inventories, { at: new Date('2026-06-01T12:00:00Z') });
const ACCT = '123456789012';
const BAD_ROLE = `arn:aws:iam::${ACCT}:role/bad_role`;

describe('CloudMapper demo account', () => {
  it('bad_role is the only tier-zero identity (an inline Allow of "*" on "*")', () => {
    const marked = graph.nodes.filter((n) => n.tierZero && n.type !== 'aws:account');
    expect(marked.map((n) => [n.id, n.tierZero!.technique, n.tierZero!.conditional])).toEqual([[BAD_ROLE, 'aws:iam:AdministratorAccess', false]]);
  });

  it('every principal of the account, and any AWS account, assumes bad_role for certain', () => {
    const into = graph.edges.filter((e) => e.kind === 'CAN_ASSUME' && e.target === BAD_ROLE);
    expect(into.map((e) => e.source).sort()).toEqual([
      `arn:aws:iam::${ACCT}:role/exfiller`,
      `arn:aws:iam::${ACCT}:role/level3`,
      `arn:aws:iam::${ACCT}:role/service-role/level1`,
      'arn:aws:iam::aws:user/USER',
      'arn:aws:iam::aws:user/USER_WITH_BAD_INLINE_POLICY',
      'aws:any-account',
    ]);
    expect(into.every((e) => !e.conditional)).toBe(true);
    // Nothing else is assumable: the other roles trust services only.
    expect(graph.edges.filter((e) => e.kind === 'CAN_ASSUME' && e.target !== BAD_ROLE)).toEqual([]);
  });

  it('the users named under account "aws" are placed in the only account the file names', () => {
    expect(read.inventories).toHaveLength(1);
    const inventory = read.inventories[0]!;
    expect(inventory.provider === 'aws' && inventory.accounts.map((a) => [a.accountId, a.users.length, a.groups.length, a.roles.length])).toEqual([[ACCT, 2, 1, 4]]);
  });
});
