import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AwsInventory } from '../../model/inventory/index.js';
import type { AccountPart } from '../aws/index.js';
import type { WorkerInput, WorkerReply } from './protocol.js';

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

/**
 * Every account's part of the AWS analysis (src/analysis/aws/index.ts, `accountPart`), computed
 * by `threads` workers that each take the next account when done (large and small accounts
 * balance). Each worker gets the inventory once. Rejects on the first failure; no worker outlives the call.
 */
export async function awsPartsInWorkers(inventory: AwsInventory, at: Date, fold: boolean, threads: number): Promise<AccountPart[]> {
  if (inventory.accounts.length === 0) return [];
  // Largest accounts first: the last account to finish then is a small one.
  const queue = [...inventory.accounts].sort((a, b) => b.roles.length + b.users.length - (a.roles.length + a.users.length)).map((a) => a.accountId);
  const parts: AccountPart[] = [];
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let busy = 0;
      const next = (w: Worker) => {
        const account = queue.shift();
        if (account === undefined) {
          if (busy === 0) resolve();
          return;
        }
        busy++;
        w.postMessage({ account });
      };
      for (let i = 0; i < Math.min(threads, inventory.accounts.length); i++) {
        const w = spawn({ inventory, at, fold });
        workers.push(w);
        w.on('message', (m: WorkerReply) => {
          if ('error' in m) return reject(new Error(`analysis worker failed: ${m.error}`));
          if (!('part' in m)) return;
          busy--;
          parts.push(m.part);
          next(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (queue.length > 0 || busy > 0) reject(new Error(`analysis worker stopped (exit code ${code}) before the analysis was done`));
        });
        // Its first account is queued at once: the worker takes it as soon as its caller models are built.
        next(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return parts;
}
