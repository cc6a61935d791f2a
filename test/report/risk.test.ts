import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { RISK_WEIGHTS } from '../../src/query/risk.js';
import { azureEstate, demoEstate, ROOT } from './estates.js';

const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(path.join(ROOT, 'docs/blast.schema.json'), 'utf8')));

describe('risk score, documented', () => {
  it('every blast result states its factors and the weights; the factors add up to the score', async () => {
    for (const { graph, config } of [await demoEstate(), await azureEstate()]) {
      const engine = new EmbeddedEngine(graph, config);
      for (const c of await engine.credentials()) {
        const r = JSON.parse(JSON.stringify(await engine.blast(c.id)));
        expect(validate(r), JSON.stringify(validate.errors?.slice(0, 2))).toBe(true);
        expect(r.risk.weights).toEqual(RISK_WEIGHTS);
        expect(Math.min(100, r.risk.factors.reduce((s: number, f: { points: number }) => s + f.points, 0))).toBe(r.risk.score);
      }
    }
  });

  it('demo estate: the ci-deploy key scores tier zero + one more jewel + lateral movement', async () => {
    const { graph, config } = await demoEstate();
    const r = await new EmbeddedEngine(graph, config).blast('AKIABTXV5AHDZRR7VQ35');
    expect(r.risk.factors.map((f) => [f.factor, f.points])).toEqual([
      ['tier-zero', RISK_WEIGHTS.tierZero],
      ['crown-jewels', RISK_WEIGHTS.firstCrownJewelWithTierZero],
      ['lateral-movement', 8],
    ]);
    expect(r.risk.score).toBe(88);
  });

  it('each crown jewel carries the OWASP NHI and MITRE tags of its path', async () => {
    const { graph, config } = await demoEstate();
    const r = await new EmbeddedEngine(graph, config).blast('AKIABTXV5AHDZRR7VQ35');
    const admin = r.crownJewels.find((j) => j.name === 'platform-admin')!;
    expect(admin.tags.mitre).toEqual(expect.arrayContaining(['T1078.004']));
    expect(admin.tags.owaspNhi.length).toBeGreaterThan(0);
  });

  it('an inactive credential scores none with one zero factor (negative)', async () => {
    const { graph, config } = await demoEstate();
    const engine = new EmbeddedEngine(graph, config);
    const results = await Promise.all((await engine.credentials()).map((c) => engine.blast(c.id)));
    const inactive = results.find((r) => r.risk.level === 'none')!;
    expect(inactive.risk.factors).toEqual([{ factor: 'inactive', points: 0, detail: 'authenticates nothing' }]);
  });
});
