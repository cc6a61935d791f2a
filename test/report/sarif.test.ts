import { describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import type { BlastResult } from '../../src/query/types.js';
import { toSarif } from '../../src/report/sarif.js';
import type { AttackGraph } from '../../src/model/graph.js';
import type { Config } from '../../src/config/config.js';
import { azureEstate, demoEstate } from './estates.js';
import { sarifValidator } from './schemas.js';

const validate = sarifValidator();

async function blastAll(graph: AttackGraph, config: Config): Promise<BlastResult[]> {
  const engine = new EmbeddedEngine(graph, config);
  return Promise.all((await engine.credentials()).map((c) => engine.blast(c.id)));
}

describe('SARIF 2.1.0', () => {
  it('validates against the OASIS schema: one rule per technique, one result per credential → crown-jewel path', async () => {
    const { graph, config } = await demoEstate();
    const results = await blastAll(graph, config);
    const log = toSarif(results, { version: '0.1.0' });
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = log.runs[0]!;
    const pairs = results.flatMap((r) => r.crownJewels.map((j) => `${r.credential.id}|${j.id}`));
    expect(run.results.map((x) => `${x.properties.credential}|${x.properties.crownJewel}`).sort()).toEqual(pairs.sort());
    const techniques = new Set(results.flatMap((r) => r.crownJewels.flatMap((j) => j.path.map((s) => s.technique))));
    expect(run.tool.driver.rules.map((r) => r.id).sort()).toEqual([...techniques].sort());
    for (const x of run.results) expect(run.tool.driver.rules[x.ruleIndex]!.id).toBe(x.ruleId);
  });

  it('levels follow risk, rules carry the catalogue docs and tags, locations point at the statements', async () => {
    const { graph, config } = await demoEstate();
    const log = toSarif(await blastAll(graph, config), { version: '0.1.0' });
    const run = log.runs[0]!;
    const admin = run.results.find((x) => x.properties.crownJewel === 'arn:aws:iam::333333333333:role/platform-admin')!;
    expect(admin.level).toBe('error');
    expect(admin.properties.risk).toBe('critical');
    expect(admin.ruleId).toBe('aws:sts:AssumeRole');
    expect(admin.locations[0]).toMatchObject({ logicalLocations: [{ fullyQualifiedName: 'arn:aws:iam::333333333333:role/platform-admin trust policy statement #0', kind: 'trust-policy' }] });
    expect(admin.codeFlows[0]!.threadFlows[0]!.locations).toHaveLength(4);
    const names = admin.relatedLocations.flatMap((l) => (l.logicalLocations ?? []).map((x) => x.fullyQualifiedName));
    expect(names).toContain('arn:aws:iam::111111111111:group/ci inline policy ci-assume statement #0');
    const rule = run.tool.driver.rules.find((r) => r.id === 'aws:sts:AssumeRole')!;
    expect(rule.help?.markdown).toContain('**Fix.**');
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['security', 'OWASP-NHI5']));
    const analytics = run.results.find((x) => x.properties.crownJewel.endsWith(':role/analytics-reader'))!;
    expect(analytics.level).toBe('error'); // high
    expect(new Set(run.results.map((x) => x.partialFingerprints['leakpathPath/v1'])).size).toBe(run.results.length);
  });

  it('Azure estate: role assignments are logical locations, a secret-links file is a physical one', async () => {
    const { graph, config } = await azureEstate();
    const log = toSarif(await blastAll(graph, config), { version: '0.1.0' });
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const related = log.runs[0]!.results.flatMap((x) => x.relatedLocations);
    expect(related.some((l) => l.logicalLocations?.[0]?.kind === 'role-assignment')).toBe(true);
    expect(related.some((l) => /^file:\/\/\/.*\/examples\/azure\/secret-links\.json$/.test(l.physicalLocation?.artifactLocation.uri ?? ''))).toBe(true);
  });

  it('an estate with nothing reachable is still a valid log with no results (negative)', () => {
    const log = toSarif([], { version: '0.1.0' });
    expect(validate(log)).toBe(true);
    expect(log.runs[0]!.results).toEqual([]);
  });
});
