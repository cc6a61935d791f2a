import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDGE_KINDS } from '../../src/model/catalogue/index.js';
import { openGraphExtension, toOpenGraph } from '../../src/report/opengraph.js';
import { isHub } from '../../src/model/hubs.js';
import { azureEstate, demoEstate, ROOT } from './estates.js';
import { openGraphValidator } from './schemas.js';

const validate = openGraphValidator();

describe('BloodHound OpenGraph export', () => {
  it('validates against the published OpenGraph schemas (demo and Azure estates)', async () => {
    for (const { graph, config } of [await demoEstate(), await azureEstate()]) {
      const payload = toOpenGraph(graph, config);
      expect(validate(payload), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      // Hubs are exported as the edges they stand for (src/model/hubs.ts).
      expect(payload.graph.nodes).toHaveLength(graph.nodes.filter((n) => !isHub(n)).length);
      const ids = new Set(payload.graph.nodes.map((n) => n.id));
      expect(ids.size).toBe(payload.graph.nodes.length);
      for (const n of payload.graph.nodes) {
        expect(n.id).not.toContain(':');
        for (const k of n.kinds) expect(k).toMatch(/^LP_[A-Za-z0-9_]+$/);
        for (const [key, v] of Object.entries(n.properties)) {
          expect(key).toMatch(/^[a-z0-9_]+$/);
          expect(typeof v === 'object' && !Array.isArray(v)).toBe(false);
        }
      }
      for (const e of payload.graph.edges) {
        expect(e.kind).toMatch(/^[A-Za-z0-9_]+$/);
        expect(ids.has(e.start.value) && ids.has(e.end.value)).toBe(true);
      }
    }
  });

  it('the payload fails the schema when a property is an object (the validator is live: negative)', async () => {
    const { graph, config } = await demoEstate();
    const payload = toOpenGraph(graph, config);
    (payload.graph.nodes[0]!.properties as Record<string, unknown>).nested = { a: 1 };
    expect(validate(payload)).toBe(false);
  });

  it('Entra objects keep their AzureHound object ids', async () => {
    const { graph, config } = await azureEstate();
    const payload = toOpenGraph(graph, config);
    const ids = new Set(payload.graph.nodes.map((n) => n.id));
    // The example tenant is written in AzureHound's output format: its object ids are what BloodHound keys nodes by.
    const hound = JSON.parse(readFileSync(path.join(ROOT, 'examples/azure/azurehound.json'), 'utf8')) as { data: { kind: string; data: { id?: string } }[] };
    const principals = hound.data.filter((r) => ['AZServicePrincipal', 'AZUser', 'AZGroup', 'AZApp'].includes(r.kind) && r.data.id);
    expect(principals.length).toBeGreaterThan(5);
    for (const r of principals) expect(ids.has(r.data.id!.toUpperCase()), `${r.kind} ${r.data.id}`).toBe(true);
    const admin = payload.graph.nodes.find((n) => n.kinds.includes('LP_TierZero'));
    expect(admin?.kinds[0]).toBe('LP_Identity');
  });

  it('AWS ids lose their colons but stay readable, and the leakpath id is kept', async () => {
    const { graph, config } = await demoEstate();
    const node = toOpenGraph(graph, config).graph.nodes.find((n) => n.properties.leakpath_id === 'arn:aws:iam::333333333333:role/platform-admin')!;
    expect(node.id).toBe('arn%3Aaws%3Aiam%3A%3A333333333333%3Arole/platform-admin');
    expect(node.kinds).toEqual(['LP_Identity', 'LP_TierZero', 'LP_CrownJewel']);
    const edge = toOpenGraph(graph, config).graph.edges.find((e) => e.end.value === node.id && e.kind === 'LP_CAN_ASSUME')!;
    expect(edge.properties.technique).toBe('aws:sts:AssumeRole');
    expect(edge.properties.evidence).toEqual(expect.arrayContaining([expect.stringContaining('trust-policy arn:aws:iam::333333333333:role/platform-admin trust policy statement #0')]));
  });

  it('the extension schema declares every kind the payload uses, attack edges traversable, names namespaced', async () => {
    const ext = openGraphExtension('0.1.0');
    expect(ext.schema).toEqual({ name: 'leakpath', display_name: expect.any(String), version: 'v0.1.0', namespace: 'LP' });
    const names = [...ext.node_kinds.map((k) => k.name), ...ext.relationship_kinds.map((k) => k.name)];
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^LP_[A-Za-z0-9_]+$/);
    for (const r of ext.relationship_kinds) for (const key of Object.keys(r.info)) expect(key).toMatch(/^[a-z0-9_-]{1,128}$/);
    for (const e of EDGE_KINDS) expect(ext.relationship_kinds.find((r) => r.name === `LP_${e.kind}`)?.is_traversable).toBe(e.traversable);
    for (const { graph, config } of [await demoEstate(), await azureEstate()]) {
      const payload = toOpenGraph(graph, config);
      for (const e of payload.graph.edges) expect(names).toContain(e.kind);
      for (const n of payload.graph.nodes) for (const k of n.kinds) expect(names).toContain(k);
    }
  });
});
