/**
 * A worker thread of the AWS analysis (src/analysis/workers/pool.ts): builds the caller models once
 * from the inventory it was started with, then answers one account's part per request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { accountPart, prepareAws, type AwsContext } from '../aws/index.js';
import type { WorkerInput, WorkerReply, WorkerRequest } from './protocol.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const reply = (r: WorkerReply) => port.postMessage(r);

let ctx: AwsContext | undefined;
try {
  ctx = prepareAws(input.inventory, input.at);
  reply({ ready: true });
} catch (e) {
  reply({ error: (e as Error).stack ?? String(e) });
}

port.on('message', ({ account }: WorkerRequest) => {
  try {
    reply({ account, part: accountPart(ctx!, account, input.fold) });
  } catch (e) {
    reply({ error: (e as Error).stack ?? String(e) });
  }
});
