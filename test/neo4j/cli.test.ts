import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { connect, uniqueGraph } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/leakpath.js');
const DEMO = path.join(ROOT, 'examples/demo-estate');
const CONFIG = path.join(ROOT, 'examples/demo-config.yaml');

/** The built CLI (`npm test` builds first), with the Neo4j connection in the environment as a user would set it. */
function leakpath(args: string[], env: Record<string, string | undefined> = {}) {
  const server = inject('neo4j');
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      NEO4J_URI: server.uri,
      NEO4J_USERNAME: server.username,
      NEO4J_PASSWORD: server.password,
      ...env,
    },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('leakpath neo4j (CLI)', () => {
  const graph = uniqueGraph('cli');
  let store: string;
  let key: string;

  beforeAll(() => {
    store = tempDir();
    const r = leakpath(['--store', store, '--neo4j-graph', graph, 'neo4j', 'push', DEMO]);
    expect(r.stderr).toMatch(/neo4j: relationships \d+\/\d+ in [\d.]+ s \(\d+\/s\)/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(
        `graph "${graph}" at bolt://.* now holds snapshot \\S+: \\d+ nodes, \\d+ relationships .* relationships at \\d+/s`,
      ),
    );
    key =
      JSON.parse(
        leakpath(['--store', store, 'report', '--format', 'json', '--config', CONFIG]).stdout || 'null',
      )?.credentials?.[0]?.credential?.id ?? 'AKIABTXV5AHD532XBKEV';
  });

  afterAll(async () => {
    const conn = await connect(graph);
    await conn.write('MATCH (n:LeakpathNode {graph: $graph}) DETACH DELETE n');
    await conn.write('MATCH (n:LeakpathSyncRun|LeakpathSyncLock {graph: $graph}) DELETE n');
    await conn.close();
  });

  it('blast, paths and who-can-reach print the same with --engine neo4j as with the embedded engine', () => {
    for (const args of [
      ['blast', key, '--format', 'json'],
      ['blast', key],
      ['paths', '--from', key, '--format', 'json'],
      ['who-can-reach', 'arn:aws:iam::333333333333:role/platform-admin', '--format', 'json'],
    ]) {
      const embedded = leakpath(['--store', store, '--config', CONFIG, ...args]);
      const neo4j = leakpath([
        '--store',
        store,
        '--config',
        CONFIG,
        '--engine',
        'neo4j',
        '--neo4j-graph',
        graph,
        ...args,
      ]);
      expect(neo4j.stderr).toBe(embedded.stderr);
      expect(neo4j.code).toBe(embedded.code);
      expect(neo4j.stdout).toBe(embedded.stdout);
    }
  });

  it('chokepoints, --without and check print the same with --engine neo4j as with the embedded engine', () => {
    const both = (args: string[]) => {
      const embedded = leakpath(['--store', store, '--config', CONFIG, ...args]);
      const neo4j = leakpath(['--store', store, '--config', CONFIG, '--engine', 'neo4j', '--neo4j-graph', graph, ...args]);
      expect(neo4j.stderr, args.join(' ')).toBe(embedded.stderr);
      expect(neo4j.code, args.join(' ')).toBe(embedded.code);
      expect(neo4j.stdout, args.join(' ')).toBe(embedded.stdout);
      return embedded;
    };
    const ranking = JSON.parse(both(['chokepoints', '--format', 'json']).stdout) as { chokepoints: { id: string; paths: { credential: { id: string }; jewel: { id: string } }[] }[] };
    const top = ranking.chokepoints[0]!;
    both(['chokepoints', '--top', '3', '--without', top.id]);
    const after = JSON.parse(both(['report', '--without', top.id, '--format', 'json']).stdout) as { credentials: { credential: { id: string }; crownJewels: { id: string }[] }[] };
    for (const p of top.paths) {
      const r = after.credentials.find((c) => c.credential.id === p.credential.id)!;
      expect(r.crownJewels.map((j) => j.id)).not.toContain(p.jewel.id);
    }
    const snapshot = (JSON.parse(leakpath(['--store', store, 'snapshots', '--format', 'json']).stdout) as { latest: string }).latest;
    const gate = both(['check', '--max-tier-zero-credentials', '0', '--fail-on-new-paths', snapshot]);
    expect(gate.code).toBe(1);
    expect(gate.stderr).toMatch(/credential\(s\) reach tier zero, more than --max-tier-zero-credentials 0/);
  });

  it('runs a named query with typed parameters, and lists them', () => {
    const r = leakpath([
      '--neo4j-graph',
      graph,
      'neo4j',
      'query',
      'blast-radius',
      '--param',
      `credential=${key}`,
      '--param',
      'maxHops=2',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; hops: number; p: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.hops >= 1 && x.hops <= 2)).toBe(true);
    expect(rows[0]!.p).toMatch(/^aws:access-key:\S+ -\[AUTHENTICATES_AS\]-> arn:aws:iam::/);

    const text = leakpath(['--neo4j-graph', graph, 'neo4j', 'query', 'sync-runs']);
    expect(text.stdout).toMatch(/^tag\s+status\s+startedAt/);
    expect(text.stdout).toMatch(/complete/);

    const list = leakpath(['neo4j', 'queries']);
    expect(list.stdout).toMatch(/^blast-radius \(credential, maxHops=8\)\n {2}If this credential leaks/m);
  });

  it('explains bad parameters and unknown queries (exit 2)', () => {
    expect(leakpath(['neo4j', 'query', 'blast-radius']).stderr).toMatch(
      /blast-radius needs --param credential=<string>/,
    );
    const bad = leakpath([
      'neo4j',
      'query',
      'blast-radius',
      '--param',
      'credential=x',
      '--param',
      'maxHops=two',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/parameter maxHops must be a whole number, got "two"/);
    expect(leakpath(['neo4j', 'query', 'nope']).stderr).toMatch(
      /no named query "nope"; known: .*blast-radius/,
    );
    expect(leakpath(['neo4j', 'query', 'sync-runs', '--param', 'graph=x']).stderr).toMatch(/--neo4j-graph/);
  });

  it('an unreachable server is exit 3; a missing password or wrong credentials exit 2, and the password is never echoed', () => {
    const down = leakpath(['--store', store, 'neo4j', 'push'], { NEO4J_URI: 'bolt://127.0.0.1:1' });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/Neo4j at bolt:\/\/127\.0\.0\.1:1 is unreachable/);
    const blast = leakpath(['--engine', 'neo4j', 'blast', key], { NEO4J_URI: 'bolt://127.0.0.1:1' });
    expect(blast.code).toBe(3);

    const noPassword = leakpath(['--engine', 'neo4j', 'blast', key], { NEO4J_PASSWORD: undefined });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/set NEO4J_PASSWORD/);

    const wrong = leakpath(['--engine', 'neo4j', 'blast', key], { NEO4J_PASSWORD: 'not-the-password-xyz' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/refused user "neo4j": check NEO4J_USERNAME and NEO4J_PASSWORD/);
    expect(wrong.stderr).not.toContain('not-the-password-xyz');
  });

  it('--engine neo4j with a graph nothing was pushed to says what to do', () => {
    const r = leakpath(['--engine', 'neo4j', '--neo4j-graph', uniqueGraph('never'), 'blast', key]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /nothing has been pushed to graph "never-\w+" at bolt:.*run `leakpath neo4j push` first/,
    );
  });
});
