import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
