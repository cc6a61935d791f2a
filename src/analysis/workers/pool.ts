import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AwsInventory } from '../../model/inventory/index.js';
import type { AccountPart } from '../aws/index.js';
import type { TierZeroMark } from '../types.js';
import type { WorkerInput, WorkerReply, WorkerRequest } from './protocol.js';

/**
 * A worker on the analysis entry next to this module: worker.js when running the built CLI
 * (dist/), worker.ts under tsx or vitest, loaded through tsx's loader (registered in the worker
 * itself, since a worker does not inherit a test runner's transform).
 */
function spawn(input: WorkerInput): Worker {
  const here = import.meta.url;
  if (!/\.ts$/.test(new URL(here).pathname)) return new Worker(new URL('./worker.js', here), { workerData: input });
  // tsx's ESM API, by path (the worker may not resolve packages from where it runs); its register()
  // must run inside the worker: Node 20 does not apply a parent's or an --import'ed loader to a worker's entry.
  const api = pathToFileURL(path.join(path.dirname(createRequire(here).resolve('tsx')), 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./worker.ts', here).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: input });
}

/** Requests handed to the workers, each taking the next when it answers; the answers in the order they came. */
function round(workers: readonly Worker[], tasks: readonly WorkerRequest[]): Promise<WorkerReply[]> {
  return new Promise((resolve, reject) => {
    const queue = [...tasks];
    const out: WorkerReply[] = [];
    let busy = 0;
    const cleanups: (() => void)[] = [];
    const settle = (f: () => void) => {
      for (const c of cleanups) c();
      f();
    };
    const next = (w: Worker) => {
      const t = queue.shift();
      if (t === undefined) {
        if (busy === 0) settle(() => resolve(out));
        return;
      }
      busy++;
      w.postMessage(t);
    };
    for (const w of workers) {
      const onMessage = (m: WorkerReply) => {
        if ('error' in m) return settle(() => reject(new Error(`analysis worker failed: ${m.error}`)));
        busy--;
        out.push(m);
        next(w);
      };
      const onError = (e: Error) => settle(() => reject(e));
      const onExit = (code: number) => settle(() => reject(new Error(`analysis worker stopped (exit code ${code}) before the analysis was done`)));
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      cleanups.push(() => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      });
    }
    if (queue.length === 0) return settle(() => resolve(out));
    for (const w of workers) next(w);
  });
}

/**
 * The tier-zero marks and every account's part of the AWS analysis (src/analysis/aws/index.ts),
 * computed by `threads` workers that each get the inventory once. Two rounds: admins judged per
 * account, then (every mark sent to every worker) each account's part; in each, a worker takes the
 * next account when done, largest first, so that large and small accounts balance. Rejects on the
 * first failure; no worker outlives the call.
 */
export async function awsInWorkers(inventory: AwsInventory, at: Date, fold: boolean, threads: number): Promise<{ marks: TierZeroMark[]; parts: AccountPart[] }> {
  const accounts = [...inventory.accounts].sort((a, b) => b.roles.length + b.users.length - (a.roles.length + a.users.length)).map((a) => a.accountId);
  const workers = Array.from({ length: Math.max(1, Math.min(threads, accounts.length)) }, () => spawn({ inventory, at, fold }));
  try {
    const judged = await round(workers, accounts.map((a) => ({ tierZero: a })));
    const marks = judged.flatMap((r) => ('marks' in r ? r.marks : []));
    for (const w of workers) w.postMessage({ marks });
    const parts = (await round(workers, accounts.map((account) => ({ account })))).flatMap((r) => ('part' in r ? [r.part] : []));
    return { marks, parts };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
