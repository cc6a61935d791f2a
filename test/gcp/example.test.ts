import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import { CI_KEY, DEPLOYER, RUNTIME, exampleDelegation, examplePolicies, exampleResources } from './fixtures/example.js';

const DIR = path.resolve(import.meta.dirname, '../../examples/gcp');
const lines = (f: string) => readFileSync(path.join(DIR, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);

describe('examples/gcp (regenerate: node --import tsx scripts/make-gcp-example.ts)', () => {
  it('is the test organisation', () => {
    expect(lines('resource.jsonl')).toEqual(JSON.parse(JSON.stringify(exampleResources())));
    expect(lines('iam-policy.jsonl')).toEqual(JSON.parse(JSON.stringify(examplePolicies())));
    expect(JSON.parse(readFileSync(path.join(DIR, 'domain-wide-delegation.json'), 'utf8'))).toEqual(exampleDelegation());
  });

  it('the CI key reaches tier zero through Token Creator, actAs + Cloud Run and a project owner', async () => {
    const read = await readInputs([DIR]);
    const { graph, warnings } = analyse(read.inventories);
    const has = (technique: string, source: string, target: string) => graph.edges.some((e) => e.technique === technique && e.source === source && e.target === target);
    expect(has('gcp:iam:ServiceAccountKey', `gcp:sa-key:${CI_KEY}`, 'gcp:sa:ci@dev.iam.gserviceaccount.com')).toBe(true);
    expect(has('gcp:iam:serviceAccounts.getAccessToken', `gcp:sa:ci@dev.iam.gserviceaccount.com`, `gcp:sa:${DEPLOYER}`)).toBe(true);
    expect(has('gcp:run:services.create', `gcp:sa:${DEPLOYER}`, `gcp:sa:${RUNTIME}`)).toBe(true);
    expect(graph.nodes.find((n) => n.id === `gcp:sa:${RUNTIME}`)?.tierZero).toBeDefined();
    expect(warnings.some((w) => w.includes('has no attributeCondition'))).toBe(true);
  });
});
