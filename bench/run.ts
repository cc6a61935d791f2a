/**
 * `npm run bench`: analysis, snapshot write/read and query latency on synthetic estates at several
 * scales. Figures go to the closing notes of the work that changes them; nothing here asserts time.
 *   npm run bench -- --scales small,medium,large [--abac]
 *   npm run bench -- --dense [--scales 1k,10k,50k] [--azure 2k|none]
 * `--abac` adds team tags, tag-based grants, tagging rights and MFA conditions to the estates.
 * `--dense` runs the dense estates of bench/dense-estate.ts, written as files and ingested whole.
 * With no option: the synthetic scales, then the dense 1k estate and the Azure one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyse } from '../src/analysis/index.js';
import { EMPTY_CONFIG } from '../src/config/config.js';
import { EmbeddedEngine } from '../src/query/embedded/engine.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../src/store/snapshot.js';
import { SnapshotStore } from '../src/store/store.js';
import { runDense } from './dense.js';
import { chosenScales, SCALES, syntheticEstate, type Scale } from './synthetic-estate.js';

if (process.argv.includes('--dense')) {
  runDense(process.argv);
  process.exit(0);
}
const chosen = chosenScales(process.argv, Object.keys(SCALES) as Scale[]);
const abac = process.argv.includes('--abac');

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
