/**
 * A store writer in a process of its own, for the lock and crash tests:
 *   node --import tsx test/store/writer-child.ts <store> <id> [<edges>] [<repeat>] [<go-file>]
 * Prints "ready" once loaded, waits for `go-file` to exist when given (so that several children
 * start writing at the same moment), then writes `repeat` snapshots of `edges` edges each. Exit 0 when all were written, 2 when the store
 * was busy or bad (the CLI's exit code for a LeakpathError), 1 on anything else.
 */
import { existsSync } from 'node:fs';
import { LeakpathError } from '../../src/errors.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../../src/store/snapshot.js';
import { SnapshotStore } from '../../src/store/store.js';

export function snapshotOf(id: string, edges: number): Snapshot {
  const node = (n: number) => ({ id: `n${n}`, kind: 'Identity' as const, provider: 'aws' as const, type: 't', name: `n${n}`, tags: {}, props: {} });
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    id,
    createdAt: new Date(0).toISOString(),
    run: { kind: 'ingest', startedAt: '', finishedAt: '', sources: [], warnings: [] },
    inventories: [],
    graph: {
      nodes: [node(0), node(1)],
      edges: Array.from({ length: edges }, (_, i) => ({ id: `e${i}`, source: 'n0', target: 'n1', kind: 'CAN_ASSUME', technique: 't', evidence: { summary: `edge ${i} ${'x'.repeat(200)}`, refs: [] }, conditional: false })),
    },
  };
}

const [store, id, edges = '1', repeat = '1', go] = process.argv.slice(2);
if (store && id) {
  process.stdout.write('ready\n');
  for (const start = Date.now(); go && !existsSync(go) && Date.now() - start < 120_000; ) await new Promise((r) => setTimeout(r, 1));
  try {
    for (let i = 0; i < Number(repeat); i++) await new SnapshotStore(store).write(snapshotOf(`${id}-${i}`, Number(edges)));
    process.exitCode = 0;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = e instanceof LeakpathError ? 2 : 1;
  }
}
