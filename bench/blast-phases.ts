/**
 * Where a whole `leakpath blast` process spends its time, phase by phase, over a store written by
 * bench/snapshot-store.ts (`--keep DIR` keeps it):
 *   node --max-old-space-size=7168 --import tsx bench/blast-phases.ts DIR/store [blasts, default 20]
 * Prints read (file, checksums, decode), engine build, the first blast, then p50/p95 of further
 * blasts from other keys in the same process, and the JSON output; one JSON line.
 */
import { EMPTY_CONFIG } from '../src/config/config.js';
import { EmbeddedEngine } from '../src/query/embedded/engine.js';
import { SnapshotStore } from '../src/store/store.js';

const dir = process.argv[2]!;
const runs = Number(process.argv[3] ?? 20);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const phase = async <T>(fn: () => T | Promise<T>): Promise<[T, { ms: number; cpuMs: number }]> => {
  const t = performance.now();
  const c = cpu();
  const r = await fn();
  return [r, { ms: Math.round(performance.now() - t), cpuMs: Math.round(cpu() - c) }];
};

const [snapshot, read] = await phase(() => new SnapshotStore(dir).readGraph());
const [engine, build] = await phase(() => new EmbeddedEngine(snapshot.graph, EMPTY_CONFIG));
const key = (k: number) => `AKIA${String(k).padStart(16, '0')}`;
const [first, firstBlast] = await phase(() => engine.blast(key(1)));
const [, output] = await phase(() => JSON.stringify(first, null, 2).length);
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push((await phase(() => engine.blast(key(2 + i))))[1].ms);
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
console.log(JSON.stringify({ edges: snapshot.graph.edges.length, reached: first.reachable.identities.length, read, build, firstBlast, output, blastP50: at(0.5), blastP95: at(0.95), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
