/**
 * The snapshot store at a size the analysis benchmarks take minutes to reach:
 *   node --max-old-space-size=6144 --import tsx bench/snapshot-store.ts [edges, default 1000000] [--leakpath bin/leakpath.js] [--keep DIR]
 * A synthetic graph shaped like the dense estates' (CAN_ASSUME / TRUSTS / CAN_PASS_ROLE_TO edges
 * with evidence, roles with props and aliases, an inventory of the same roles), written and read
 * back through the store: file size, write, full read, graph-only read, and whether the JSON the
 * store used to write (one JSON.stringify) could be written at all. The reads run in fresh
 * processes (`--read <store> graph|full`), as a query command would: the writer's heap holds the
 * snapshot it wrote, and collecting around it would be charged to the reader. Prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AttackGraph, GraphEdge, GraphNode } from '../src/model/graph.js';
import type { Inventory } from '../src/model/inventory/index.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../src/store/snapshot.js';
import { SnapshotStore } from '../src/store/store.js';
import { seeded } from './dense-estate.js';

const edges = Number(process.argv[2] ?? 1_000_000);
const keep = process.argv.includes('--keep') ? process.argv[process.argv.indexOf('--keep') + 1] : undefined;
const leakpathBin = process.argv.includes('--leakpath') ? process.argv[process.argv.indexOf('--leakpath') + 1] : undefined;

function syntheticSnapshot(edgeCount: number): Snapshot {
  const rand = seeded(16);
  const roles = Math.max(10, Math.floor(edgeCount / 8));
  const accounts = Math.max(1, Math.floor(roles / 1000));
  const arn = (i: number) => `arn:aws:iam::${200000000000 + (i % accounts)}:role/app-${i}`;
  const nodes: GraphNode[] = [];
  for (let i = 0; i < roles; i++) {
    nodes.push({ id: arn(i), kind: 'Identity', provider: 'aws', type: 'aws:iam:role', name: `app-${i}`, scope: String(200000000000 + (i % accounts)), tags: i % 7 === 0 ? { team: `t${i % 13}` } : {}, aliases: [`AROA${String(i).padStart(17, '0')}`], props: { path: '/', roleId: `AROA${String(i).padStart(17, '0')}`, permissionsBoundary: null, instanceProfiles: [], lastUsed: null, serviceLinked: false } });
  }
  const keys = Math.max(1, Math.floor(roles / 10));
  for (let k = 0; k < keys; k++) {
    nodes.push({ id: `aws:access-key:AKIA${String(k).padStart(16, '0')}`, kind: 'Credential', provider: 'aws', type: 'aws:iam:access-key', name: `AKIA${String(k).padStart(16, '0')}`, tags: {}, aliases: [`AKIA${String(k).padStart(16, '0')}`], props: { status: 'Active', createDate: '2025-01-01T00:00:00Z' } });
  }
  const kinds = [
    ['CAN_ASSUME', 'aws:sts:AssumeRole', "the trust policy admits the caller and the caller's own policies allow sts:AssumeRole"],
    ['TRUSTS', 'aws:iam:TrustPolicy', 'the trust policy names the principal'],
    ['CAN_PASS_ROLE_TO', 'aws:iam:PassRole', 'iam:PassRole on the role with a service that runs as it'],
  ] as const;
  const graphEdges: GraphEdge[] = [];
  for (let k = 0; k < keys; k++) {
    const source = `aws:access-key:AKIA${String(k).padStart(16, '0')}`;
    const target = arn(Math.floor(rand() * roles));
    graphEdges.push({ id: `AUTHENTICATES_AS|aws:iam:AccessKey|${source}|${target}`, source, target, kind: 'AUTHENTICATES_AS', technique: 'aws:iam:AccessKey', evidence: { summary: 'active access key', refs: [{ type: 'inventory', source: 'iam list-access-keys' }] }, conditional: false });
  }
  const seen = new Set<string>();
  while (graphEdges.length < edgeCount) {
    const [kind, technique, summary] = kinds[Math.floor(rand() * kinds.length)]!;
    const s = Math.floor(rand() * roles);
    const source = arn(s);
    const target = arn(Math.floor(rand() * roles));
    const conditional = rand() < 0.05;
    const id = `${kind}|${technique}|${source}|${target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    graphEdges.push({
      id,
      source,
      target,
      kind,
      technique,
      evidence: { summary, refs: [{ type: 'identity-policy', source: `${source} inline policy legacy-${s % 50}`, statement: `#${s % 4}` }] },
      conditional,
      ...(conditional ? { conditions: 'aws:SourceIp in 10.0.0.0/8' } : {}),
    });
  }
  const graph: AttackGraph = { nodes, edges: graphEdges };
  const inventory = { provider: 'aws', accounts: [{ accountId: '200000000000', roles: nodes.filter((n) => n.kind === 'Identity').map((n) => ({ arn: n.id, name: n.name, trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } })) }] } as unknown as Inventory;
  return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, id: `bench-${edgeCount}`, createdAt: new Date(0).toISOString(), run: { kind: 'ingest', startedAt: '', finishedAt: '', sources: [], warnings: [] }, inventories: [inventory], graph };
}

const timeAsync = async <T>(fn: () => Promise<T>): Promise<[T, number, number]> => {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await fn();
  const cpu = process.cpuUsage(c);
  return [r, performance.now() - t, (cpu.user + cpu.system) / 1000];
};

if (process.argv[2] === '--read') {
  // A reader in a process of its own: prints its wall and CPU time.
  const store = new SnapshotStore(process.argv[3]!);
  const [, ms, cpuMs] = await timeAsync(async (): Promise<unknown> => (process.argv[4] === 'full' ? store.read() : store.readGraph()));
  console.log(JSON.stringify({ ms, cpuMs }));
} else {
  const dir = keep ?? mkdtempSync(path.join(tmpdir(), 'leakpath-store-bench-'));
  try {
    let snapshot: Snapshot | undefined = syntheticSnapshot(edges);
    const counts = { nodes: snapshot.graph.nodes.length, edges: snapshot.graph.edges.length };
    // The store's JSON before the binary format: one string of the whole snapshot.
    let jsonBytes: number | string;
    try {
      jsonBytes = Buffer.byteLength(JSON.stringify(snapshot));
    } catch (e) {
      jsonBytes = (e as Error).message;
    }
    const store = new SnapshotStore(path.join(dir, 'store'));
    const [summary, writeMs, writeCpuMs] = await timeAsync(() => store.write(snapshot!));
    snapshot = undefined;
    const bytes = statSync(path.join(dir, 'store', summary.file)).size;
    const reader = (what: string) => {
      const r = spawnSync(process.execPath, ['--max-old-space-size=6144', '--import', 'tsx', import.meta.filename, '--read', path.join(dir, 'store'), what], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`reader failed: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; cpuMs: number };
    };
    const full = reader('full');
    const graph = reader('graph');
    let processBlastMs: number | null = null;
    let processBlastCpuMs: number | null = null;
    if (leakpathBin) {
      const t = performance.now();
      const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, leakpathBin, '--store', path.join(dir, 'store'), 'blast', 'AKIA0000000000000001', '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
      processBlastMs = performance.now() - t;
      if (r.status !== 0) throw new Error(`leakpath blast failed: ${r.stderr}`);
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
      if (cpu) processBlastCpuMs = (Number(cpu[1]) + Number(cpu[2])) * 1000;
    }
    console.log(JSON.stringify({ ...counts, jsonBytes, bytes, writeMs, writeCpuMs, readMs: full.ms, readCpuMs: full.cpuMs, readGraphMs: graph.ms, readGraphCpuMs: graph.cpuMs, processBlastMs, processBlastCpuMs, writerMaxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
