import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../../src/config/config.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';
import { EmbeddedEngine } from '../../../src/query/embedded/engine.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/aws/iam-vulnerable');
const read = (file: string) => ({ file, json: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as unknown });
const documents = [read('authorization-details.json'), ...readdirSync(path.join(DIR, 'access-keys')).sort().map((f) => read(`access-keys/${f}`))];
const cases = JSON.parse(readFileSync(path.join(DIR, 'cases.expected'), 'utf8')) as { user: string; key: string; expect: 'tier-zero' | 'not-tier-zero'; technique?: string; note: string }[];

const { inventories, warnings } = parseDocuments(documents);
// The analysis time is an input: time condition keys are decided from it, so pin it.
const AT = new Date('2026-06-01T12:00:00Z');
const { graph } = analyse(inventories, { at: AT });
const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
const tierZeroOf = new Map(graph.nodes.filter((n) => n.tierZero).map((n) => [n.id, n.tierZero!.technique]));

describe('iam-vulnerable-style estate: blast <key> is tier zero exactly where an escalation exists', () => {
  it('parses without coverage gaps and covers the 31 paths, 4 fn and 5 fp cases', () => {
    expect(warnings).toEqual([]);
    expect(cases.filter((c) => /^privesc/.test(c.note))).toHaveLength(31);
    expect(cases.filter((c) => /^fn\d/.test(c.user))).toHaveLength(4);
    expect(cases.filter((c) => /^fp\d/.test(c.user))).toHaveLength(5);
  });

  for (const c of cases) {
    it(`${c.user}: ${c.expect} (${c.note})`, async () => {
      const blast = await engine.blast(c.key);
      expect(blast.tierZero).toBe(c.expect === 'tier-zero');
      if (c.expect !== 'tier-zero') return;
      // The technique shows in a path to a tier-zero node, or as that node's own tier-zero mark.
      const techniques = blast.crownJewels.flatMap((j) => [...j.path.map((s) => s.technique), tierZeroOf.get(j.id)]);
      expect(techniques).toContain(c.technique);
    });
  }
});

describe('iam-vulnerable fn3/fp5 roles: a session the attacker creates has aws:TokenIssueTime = the analysis time', () => {
  // Reduced from the real iam-vulnerable deployment in Cloudsplaining's example (fn3-/fp5-
  // ...ConditionConstraint-role): CreatePolicyVersion behind DateGreaterThan / DateLessThan
  // aws:TokenIssueTime 2020-01-01T00:00:01Z.
  const node = (name: string) => graph.nodes.find((n) => n.id === `arn:aws:iam::123456789012:role/${name}`)!;

  it('fn3: DateGreaterThan 2020 holds for a session issued now: unconditionally tier zero', () => {
    expect(node('fn3-token-issue-time-role').tierZero).toMatchObject({ technique: 'aws:iam:CreatePolicyVersion', conditional: false });
  });

  it('fp5: DateLessThan 2020 fails for a session issued now: not tier zero', () => {
    expect(node('fp5-token-issue-time-role').tierZero).toBeUndefined();
  });

  it('the verdicts follow the analysis time: a session issued in 2019 flips them', () => {
    const { graph: past } = analyse(inventories, { at: new Date('2019-06-01T00:00:00Z') });
    const t0 = (name: string) => past.nodes.find((n) => n.id === `arn:aws:iam::123456789012:role/${name}`)!.tierZero;
    expect(t0('fn3-token-issue-time-role')).toBeUndefined();
    expect(t0('fp5-token-issue-time-role')).toMatchObject({ technique: 'aws:iam:CreatePolicyVersion', conditional: false });
  });
});
