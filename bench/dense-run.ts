/**
 * One dense scale in a process of its own, so its peak memory is its own:
 *   node --import tsx bench/dense-run.ts <1k|10k|50k|azure-<n>k|azure-dense-<n>k|gcp-dense-<n>k> [--leakpath <bin>] [--profile] [--keep]
 *   node --import tsx bench/dense-run.ts <1k|10k|50k> --threads-only <n>   (analysis alone, in <n> threads: one JSON line)
 * An AWS scale also runs itself with --threads-only for each of LEAKPATH_BENCH_THREADS (default
 * 1,2; `none` skips) and prints one line per mode on stderr: the worker-thread analysis, measured.
 * Writes the estate as files, then times what a user would run: read/parse, analyse, snapshot
 * write and read, blast in process and a whole `leakpath blast` process. Prints one JSON line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyseAsync } from '../src/analysis/index.js';
import { EMPTY_CONFIG } from '../src/config/config.js';
import { readInputs } from '../src/ingest/read-inputs.js';
import { EmbeddedEngine } from '../src/query/embedded/engine.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../src/store/snapshot.js';
import { SnapshotStore } from '../src/store/store.js';
import { isHub, unfoldedEdgeCount } from '../src/model/hubs.js';
import { denseAwsEstate, denseAzureEstate, denseScale, seeded } from './dense-estate.js';
import { denseGcpAssets, writeDenseAzure, writeNdjson } from './dense-cloud-estate.js';

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
  const [, genMs] = await timeAsync(async () => {
    const azure = /^azure-(.+)$/.exec(name);
    const cloud = /^(azure|gcp)-dense-(.+)$/.exec(name);
    if (cloud) {
      // bench/dense-cloud-estate.ts: group-wide Azure RBAC, project-wide GCP impersonation.
      roles = denseScale(cloud[2]!).roles;
      if (cloud[1] === 'azure') await writeDenseAzure(path.join(inputs, 'azurehound.json'), roles);
      else for (const kind of ['resource', 'iam_policy'] as const) await writeNdjson(path.join(inputs, `${kind}.jsonl`), denseGcpAssets(roles, kind));
    } else if (azure) {
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
  const threadsOnly = process.argv.includes('--threads-only') ? Number(process.argv[process.argv.indexOf('--threads-only') + 1]) : undefined;
  const [{ graph }, analyseMs] = await timeAsync(() => analyseAsync(read.inventories, threadsOnly ? { threads: threadsOnly } : {}));
  if (threadsOnly) {
    const cpuMs = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000;
    console.log(JSON.stringify({ scale: name, threads: threadsOnly, edges: graph.edges.length, analyseMs, analyseCpuMs: cpuMs, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
    process.exit(0);
  }
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
  // A failed snapshot write is a figure of its own, not the end of the row.
  let snapshotError: string | undefined;
  const [written, writeMs] = await timeAsync(() => store.write(snapshot)).catch((e: Error): [undefined, null] => ((snapshotError = e.message), [undefined, null]));
  const snapshotBytes = written ? statSync(path.join(dir, 'store', written.file)).size : null;
  const [, readMs] = written ? await timeAsync(() => store.read()) : [undefined, null];
  // What a query command reads: the graph and run record, not the inventories.
  const [, readGraphMs] = written ? await timeAsync(() => store.readGraph()) : [undefined, null];
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
    for (const c of snapshotError ? [] : sample.slice(0, 5)) {
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

  // The same analysis in 1 and 2 threads, each in a process of its own (peak RSS is per process).
  const modes = (process.env.LEAKPATH_BENCH_THREADS ?? '1,2').split(',').filter((m) => /^\d+$/.test(m));
  if (!/^azure-/.test(name) && read.inventories.some((i) => i.provider === 'aws' && i.accounts.length > 1)) {
    for (const m of modes) {
      const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, name, '--threads-only', m], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
      console.error(
        `dense ${name.padEnd(10)} analysis in ${m} thread(s): ${r.analyseMs!.toFixed(0)} ms wall, CPU ${r.analyseCpuMs!.toFixed(0)} ms (all threads), peak RSS ${r.maxRssMiB!.toFixed(0)} MiB (whole process), ${r.edges} edges`,
      );
    }
  }

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
      ...(snapshotError ? { snapshotError } : {}),
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
  // --keep leaves the estate and its store for profiling a query by hand.
  if (process.argv.includes('--keep')) console.error(`kept ${dir} (store: ${path.join(dir, 'store')})`);
  else rmSync(dir, { recursive: true, force: true });
}
