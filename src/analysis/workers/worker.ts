/**
 * A worker thread of the AWS analysis (src/analysis/workers/pool.ts): builds the caller models once
 * from the inventory it was started with, judges the tier-zero marks of the accounts it is asked
 * about, then, given every mark, answers one account's part per request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { accountPart, callersOf, prepareAws, tierZeroMarks, type AwsCallers, type AwsContext } from '../aws/index.js';
import type { WorkerInput, WorkerReply, WorkerRequest } from './protocol.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const reply = (r: WorkerReply) => port.postMessage(r);

let callers: AwsCallers | undefined;
let ctx: AwsContext | undefined;

port.on('message', (m: WorkerRequest) => {
  try {
    callers ??= callersOf(input.inventory, input.at);
    if ('tierZero' in m) reply({ tierZero: m.tierZero, marks: tierZeroMarks(callers, m.tierZero) });
    else if ('marks' in m) ctx = prepareAws(input.inventory, input.at, m.marks, callers);
    else reply({ account: m.account, part: accountPart(ctx!, m.account, input.fold) });
  } catch (e) {
    reply({ error: (e as Error).stack ?? String(e) });
  }
});
