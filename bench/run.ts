/**
 * `npm run bench`: analysis, snapshot write/read and query latency on synthetic estates at several
 * scales. Figures go to the closing notes of the work that changes them; nothing here asserts time.
 *   npm run bench -- --scales small,medium,large [--abac] [--no-startup]
 *   npm run bench -- --dense [--scales 1k,3k,10k] [--azure 2k|none] [--cloud 1k,10k|none] [--neo4j]
 *   npm run bench -- --fuzz [runs per format, default 3000]
 *   npm run bench -- --gcp [projects, default 1000]   (bench/gcp.ts: the synthetic organisation of issue 10)
 * `--abac` adds team tags, tag-based grants, tagging rights and MFA conditions to the estates.
 * `--dense` runs the dense estates of bench/dense-estate.ts, written as files and ingested whole.
 * With no option: CLI start-up (bench/startup.ts; needs `npm run build`; --no-startup skips it),
 * the synthetic scales, then the dense 1k estate and the Azure one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyse } from '../src/analysis/index.js';
import { EMPTY_CONFIG } from '../src/config/config.js';
import { EmbeddedEngine } from '../src/query/embedded/engine.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../src/store/snapshot.js';
import { SnapshotStore } from '../src/store/store.js';
import { runDense } from './dense.js';
import { benchStartup } from './startup.js';
import { chosenScales, SCALES, syntheticEstate, type Scale } from './synthetic-estate.js';

if (process.argv.includes('--fuzz')) {
  // The parser fuzz tests with many more runs and a fresh seed (printed, to replay a failure).
  const runs = process.argv[process.argv.indexOf('--fuzz') + 1]?.match(/^\d+$/) ? process.argv[process.argv.indexOf('--fuzz') + 1]! : '3000';
  const seed = process.env.LEAKPATH_FUZZ_SEED ?? String(Date.now() % 2 ** 31);
  console.log(`parser fuzz: ${runs} runs per format, seed ${seed} (replay: LEAKPATH_FUZZ_SEED=${seed} npm run bench -- --fuzz ${runs})`);
  const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz/offline-parsers.test.ts'], { stdio: 'inherit', env: { ...process.env, LEAKPATH_TEST_SERVERS: 'none', LEAKPATH_FUZZ_RUNS: runs, LEAKPATH_FUZZ_SEED: seed } });
  process.exit(r.status ?? 1);
}
if (process.argv.includes('--gcp')) {
  // 1 organisation, 50 folders, 1,000 projects, 20,000 service accounts, 30,000 keys, ~100,000
  // bindings, as Cloud Asset NDJSON: streamed ingest, analysis, engine load, blast.
  const n = process.argv[process.argv.indexOf('--gcp') + 1]?.match(/^\d+$/) ? process.argv[process.argv.indexOf('--gcp') + 1]! : '1000';
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', path.join(import.meta.dirname, 'gcp.ts'), '--projects', n], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
if (process.argv.includes('--dense')) {
  runDense(process.argv);
  process.exit(0);
}
const chosen = chosenScales(process.argv, Object.keys(SCALES) as Scale[]);
const abac = process.argv.includes('--abac');
if (!process.argv.includes('--no-startup')) benchStartup();

const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};
const ms = (x: number) => `${x.toFixed(0)} ms`;

for (const name of chosen) {
  const scale = SCALES[name];
  const inventory = syntheticEstate({ ...scale, abac });
  const principals = scale.accounts * (scale.usersPerAccount + scale.rolesPerAccount);
  const [{ graph }, analyseMs] = await time(() => analyse([inventory]));
  const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-bench-'));
  const store = new SnapshotStore(dir);
  const snapshot = { schemaVersion: SNAPSHOT_SCHEMA_VERSION, id: SnapshotStore.newId(), createdAt: new Date().toISOString(), run: { kind: 'ingest' as const, startedAt: '', finishedAt: '', sources: [], warnings: [] }, inventories: [inventory], graph };
  const [, writeMs] = await time(() => store.write(snapshot));
  const [, readMs] = await time(() => store.read());
  const [engine, loadMs] = await time(() => new EmbeddedEngine(graph, EMPTY_CONFIG));
  const keys = graph.nodes.filter((n) => n.kind === 'Credential').slice(0, 50);
  const [, blastMs] = await time(async () => {
    for (const k of keys) await engine.blast(k.id);
  });
  const admins = graph.nodes.filter((n) => n.tierZero).slice(0, 10);
  const [, pathsMs] = await time(async () => {
    for (const a of admins) await engine.paths(keys[0]!.id, { to: a.id, k: 3, maxHops: 8 });
  });
  const [, reachMs] = await time(async () => {
    for (const a of admins) await engine.whoCanReach(a.id);
  });
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `${(abac ? `${name}+abac` : name).padEnd(12)} principals=${principals} nodes=${graph.nodes.length} edges=${graph.edges.length} | analyse ${ms(analyseMs)} | snapshot write ${ms(writeMs)} read ${ms(readMs)} | engine load ${ms(loadMs)} | blast ${ms(blastMs / keys.length)}/credential | paths k=3 ${ms(pathsMs / Math.max(1, admins.length))}/query | who-can-reach ${ms(reachMs / Math.max(1, admins.length))}/query`,
  );
}

// The default run ends with the dense 1k estate and the Azure one (10k and 50k on request: see
// the closing note of issue 16 for why they do not fit a default run yet).
if (!process.argv.includes('--scales') && !abac) runDense(['--scales', '1k', '--azure', '2k']);
