/**
 * One dense scale in a process of its own, so its peak memory is its own:
 *   node --import tsx bench/dense-run.ts <1k|10k|50k|azure-<n>k> [--leakpath <bin>] [--profile]
 * Writes the estate as files, then times what a user would run: read/parse, analyse, snapshot
 * write and read, blast in process and a whole `leakpath blast` process. Prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyse } from '../src/analysis/index.js';
import { EMPTY_CONFIG } from '../src/config/config.js';
import { readInputs } from '../src/ingest/read-inputs.js';
import { EmbeddedEngine } from '../src/query/embedded/engine.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../src/store/snapshot.js';
import { SnapshotStore } from '../src/store/store.js';
import { isHub, unfoldedEdgeCount } from '../src/model/hubs.js';
import { denseAwsEstate, denseAzureEstate, denseScale, seeded } from './dense-estate.js';

const [name = '1k'] = process.argv.slice(2);
const leakpathBin = process.argv.includes('--leakpath') ? process.argv[process.argv.indexOf('--leakpath') + 1] : undefined;

const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
};
const timeAsync = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

const dir = mkdtempSync(path.join(tmpdir(), `leakpath-dense-${name}-`));
try {
  const inputs = path.join(dir, 'inputs');
  mkdirSync(inputs);
  let roles = 0;
  const [, genMs] = time(() => {
    const azure = /^azure-(.+)$/.exec(name);
    if (azure) {
      const apps = denseScale(azure[1]!).roles;
      roles = apps;
      writeFileSync(path.join(inputs, 'azurehound.json'), JSON.stringify(denseAzureEstate(apps).file));
    } else {
      const scale = denseScale(name);
      roles = scale.roles;
      for (const a of denseAwsEstate(scale)) {
        writeFileSync(path.join(inputs, `${a.accountId}-authorization-details.json`), JSON.stringify(a.gaad));
        writeFileSync(path.join(inputs, `${a.accountId}-access-keys.json`), JSON.stringify(a.accessKeys));
      }
    }
  });

  const [read, parseMs] = await timeAsync(() => readInputs([inputs]));
  // CPU time too: on a shared machine wall time says as much about the neighbours as about us.
  const cpu0 = process.cpuUsage();
  const [{ graph }, analyseMs] = time(() => analyse(read.inventories));
  const analyseCpuMs = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000;
  const memAfterAnalysis = process.memoryUsage();
  const store = new SnapshotStore(path.join(dir, 'store'));
  const snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    id: SnapshotStore.newId(),
    createdAt: new Date().toISOString(),
    run: { kind: 'ingest' as const, startedAt: '', finishedAt: '', sources: read.sources, warnings: read.warnings },
    inventories: read.inventories,
    graph,
  };
  const [written, writeMs] = await timeAsync(() => store.write(snapshot));
  const snapshotBytes = statSync(path.join(dir, 'store', written.file)).size;
  const [, readMs] = await timeAsync(() => store.read());
  // What a query command reads: the graph and run record, not the inventories.
  const [, readGraphMs] = await timeAsync(() => store.readGraph());
  const [engine, loadMs] = time(() => new EmbeddedEngine(graph, EMPTY_CONFIG));

  const credentials = graph.nodes.filter((n) => n.kind === 'Credential').map((n) => n.id);
  const rand = seeded(3);
  const sample = Array.from({ length: Math.min(200, credentials.length) }, () => credentials[Math.floor(rand() * credentials.length)]!);
  const blastMs: number[] = [];
  let reached = 0;
  for (const c of sample) {
    const [r, ms] = await timeAsync(() => engine.blast(c));
    blastMs.push(ms);
    reached = Math.max(reached, JSON.stringify(r).length);
  }

  // Wall time, and the child's CPU time through /usr/bin/time where there is one: on a shared
  // machine the CPU figure is the one that says what a user on an idle one would wait.
  let processMs: number[] = [];
  let processCpuMs: number[] = [];
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  if (leakpathBin && sample.length > 0) {
    for (const c of sample.slice(0, 5)) {
      const args = [leakpathBin, '--store', path.join(dir, 'store'), 'blast', c.replace(/^aws:access-key:/, ''), '--format', 'json'];
      const t = performance.now();
      const r = timeBin
        ? spawnSync(timeBin, ['-f', 'cpu %U %S', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
        : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
      processMs.push(performance.now() - t);
      // blast exits 1 only with --fail-on; anything else is a failure worth printing.
      if (r.status !== 0) throw new Error(`leakpath blast failed: ${r.stderr}`);
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
      if (cpu) processCpuMs.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
    }
  }
  processMs = processMs.sort((a, b) => a - b);
  processCpuMs = processCpuMs.sort((a, b) => a - b);

  const unfolded = unfoldedEdgeCount(graph);
  const hubs = graph.nodes.filter(isHub).length;
  const usage = process.resourceUsage();
  console.log(
    JSON.stringify({
      scale: name,
      roles,
      files: read.sources.length,
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      edgesUnfolded: unfolded,
      hubs,
      edgeKinds: Object.entries(graph.edges.reduce<Record<string, number>>((m, e) => ((m[e.kind] = (m[e.kind] ?? 0) + 1), m), {}))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6),
      genMs,
      parseMs,
      analyseMs,
      analyseCpuMs,
      heapAfterAnalysisMiB: memAfterAnalysis.heapUsed / 2 ** 20,
      maxRssMiB: usage.maxRSS / 1024,
      writeMs,
      readMs,
      readGraphMs,
      snapshotBytes,
      loadMs,
      blastP50: quantile(blastMs, 0.5),
      blastP95: quantile(blastMs, 0.95),
      largestBlastJson: reached,
      processBlastMs: processMs.length ? processMs[Math.floor(processMs.length / 2)] : null,
      processBlastCpuMs: processCpuMs.length ? processCpuMs[Math.floor(processCpuMs.length / 2)] : null,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
