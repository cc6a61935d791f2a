import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/index.js';
import { EMPTY_CONFIG } from '../../../src/config/config.js';
import { parseDocuments } from '../../../src/ingest/read-inputs.js';
import { EmbeddedEngine } from '../../../src/query/embedded/engine.js';
import { blastMarkdown } from '../../../src/report/markdown.js';
import { blastText } from '../../../src/report/text.js';

/**
 * The CloudGoat scenarios that need a state change before the escalation (scripts/
 * make-cloudgoat-estate.ts), read from the CLI's own output shapes: blast <key> is tier zero
 * exactly for the exploitable ones, with the technique and the prerequisite in the path.
 */
const DIR = path.resolve(import.meta.dirname, '../../fixtures/aws/cloudgoat');
const read = (file: string) => ({ file, json: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as unknown });
const documents = [
  read('authorization-details.json'),
  read('ec2-describe-instances.envelope.json'),
  read('ssm-describe-instance-information.envelope.json'),
  ...readdirSync(path.join(DIR, 'access-keys')).sort().map((f) => read(`access-keys/${f}`)),
];
const cases = JSON.parse(readFileSync(path.join(DIR, 'cases.expected'), 'utf8')) as {
  user: string;
  key: string;
  expect: 'tier-zero' | 'not-tier-zero';
  techniques?: string[];
  prerequisites?: string[];
  note: string;
}[];

const { inventories, warnings } = parseDocuments(documents);
const { graph } = analyse(inventories);
const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);

describe('CloudGoat-style estate: escalations that need a retag or an MFA enrolment first', () => {
  it('parses without coverage gaps; the instance listing counts as complete', () => {
    expect(warnings).toEqual([]);
    expect(cases).toHaveLength(6);
  });

  for (const c of cases) {
    it(`${c.user}: ${c.expect} (${c.note})`, async () => {
      const blast = await engine.blast(c.key);
      expect(blast.tierZero).toBe(c.expect === 'tier-zero');
      if (c.expect !== 'tier-zero') return;
      const jewel = blast.crownJewels.find((j) => c.techniques!.every((t) => j.path.some((s) => s.technique === t)));
      expect(jewel, `a path with ${c.techniques!.join(', ')}`).toBeDefined();
      const prerequisites = jewel!.path.flatMap((s) => s.evidence.prerequisites ?? []).map((p) => p.technique);
      expect(prerequisites).toEqual(c.prerequisites);
      // Unconditional: every fact is in the input; nothing was assumed about the tags or the MFA.
      expect(jewel!.path.every((s) => !s.conditional)).toBe(true);
    });
  }

  it('reports show the change made first, in text and markdown', async () => {
    const blast = await engine.blast(cases.find((c) => c.user === 'cg-dev')!.key);
    expect(blastText(blast)).toMatch(/\n\s+first: removes tag Name from cg-admin-ec2 \(ec2:DeleteTags\) \[aws:abac:RetagResource\]\n/);
    expect(blastMarkdown(blast)).toContain('first: removes tag Name from cg-admin-ec2 (ec2:DeleteTags) (aws:abac:RetagResource)');
  });
});
