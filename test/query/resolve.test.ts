import { describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { AttackGraph, GraphNode } from '../../src/model/graph.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { parseLookup } from '../../src/query/resolve.js';

const node = (id: string, kind: GraphNode['kind'], extra: Partial<GraphNode> = {}): GraphNode => ({ id, kind, provider: 'azure', type: 'azure:x', name: id, tags: {}, props: {}, ...extra });
const secret = (keyId: string, hint: string) => node(`azure:secret:${keyId}`, 'Credential', { aliases: [`app-1:${keyId}`, keyId, hint], props: { hint, status: 'Active' } });
const admin = { reason: 'Global Administrator', technique: 'azure:role:GlobalAdministrator', evidence: { summary: 'x', refs: [] }, conditional: false };
const graph: AttackGraph = {
  nodes: [secret('k1', 'abc'), secret('k2', 'xyz'), secret('k3', 'xyz'), node('sp-1', 'Identity', { tierZero: admin })],
  edges: [],
};
const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
// Shaped like an Entra client secret; made up for this test.
const ENTRA_SECRET = 'abc8Q~Zx0yW1vU2tS3rQ4pO5nM6lK7jI8hG9fE0d';

describe('credential lookup', () => {
  it('finds an Entra client secret by appId:keyId, keyId, or a unique hint', async () => {
    expect((await engine.blast('app-1:k1')).credential.id).toBe('azure:secret:k1');
    expect((await engine.blast('K1')).credential.id).toBe('azure:secret:k1');
    expect((await engine.blast('abc')).credential.id).toBe('azure:secret:k1');
  });

  it('a pasted Entra secret is looked up by its hint and never repeated', async () => {
    expect((await engine.blast(ENTRA_SECRET)).credential.id).toBe('azure:secret:k1');
    const colliding = ENTRA_SECRET.replace(/^abc/, 'xyz');
    const error = await engine.blast(colliding).catch((e: Error) => e);
    expect(String(error)).toMatch(/ambiguous, it matches 2 nodes/);
    expect(String(error)).not.toContain(colliding);
  });

  it('an unknown long value is not echoed in the error', async () => {
    const unknown = 'Zq3_some.long-opaque~value_that_may_be_a_secret';
    const error = await engine.blast(unknown).catch((e: Error) => e);
    expect(String(error)).toMatch(/no credential matches the given value/);
    expect(String(error)).not.toContain(unknown);
    expect(parseLookup('arn:aws:iam::111111111111:role/x').shown).toBe('"arn:aws:iam::111111111111:role/x"');
  });

  it('an AWS secret access key is refused without being repeated', () => {
    expect(() => parseLookup('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toThrow(/access key id/);
  });

  it('blasting an identity starts from the identity itself', async () => {
    const r = await engine.blast('sp-1');
    expect(r.credential.kind).toBe('Identity');
    expect(r.startIdentities.map((s) => s.id)).toEqual(['sp-1']);
    expect(r.tierZero).toBe(true);
    expect(r.risk.level).toBe('critical');
  });
});

describe('lookup by exact node id', () => {
  it('takes the node of that id, in that case only; a pasted secret still matches credentials only', async () => {
    // An identity whose id is a secret's hint: the pasted secret names the credential, not it.
    const g: AttackGraph = { nodes: [secret('k1', 'abc'), node('abc', 'Identity'), node('azure:sp:x', 'Identity', { aliases: ['azure:secret:k1'] })], edges: [] };
    const e = new EmbeddedEngine(g, EMPTY_CONFIG);
    expect((await e.blast(ENTRA_SECRET)).credential.id).toBe('azure:secret:k1');
    expect((await e.blast('abc')).credential.id).toBe('abc');
    expect((await e.blast('azure:secret:k1')).credential.id).toBe('azure:secret:k1');
    expect((await e.blast('AZURE:SECRET:K1')).credential.id).toBe('azure:secret:k1');
    expect((await e.whoCanReach('azure:sp:x')).target.id).toBe('azure:sp:x');
  });
});

describe('hub nodes are not places', () => {
  it('paths, who-can-reach and blast refuse a hub id as if it were not there', async () => {
    const hubId = 'hub:aws:assume-role:111111111111:111111111111';
    const hubbed = new EmbeddedEngine({ nodes: [...graph.nodes, node(hubId, 'Hub', { provider: 'aws', type: 'aws:hub:assume-role' })], edges: [] }, EMPTY_CONFIG);
    await expect(hubbed.paths(hubId, { k: 1, maxHops: 4 })).rejects.toThrow(/no node matches/);
    await expect(hubbed.whoCanReach(hubId)).rejects.toThrow(/no node matches/);
    await expect(hubbed.blast(hubId)).rejects.toThrow(/no credential matches/);
    expect((await hubbed.blast('app-1:k1')).credential.id).toBe('azure:secret:k1');
  });
});
