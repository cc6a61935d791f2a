import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { mapLimit, type Recorder } from './recorder.js';

/**
 * Service and action last accessed (docs/unused.md), live: per user and role a
 * GenerateServiceLastAccessedDetails job, polled until COMPLETED, recorded as the
 * `iam get-service-last-accessed-details` envelope with `parameters.Arn`, as an export would be.
 * A job that fails or is not done within the bound is recorded as a failed request: the offline
 * parser turns it into a coverage gap, never into "unused".
 */

export interface LastAccessedOptions {
  /** Jobs in flight at once (each holds one generate and its polls). */
  concurrency: number;
  /** Status reads per job before giving up on it. */
  maxPolls?: number;
  /** Wait between two status reads. */
  pollDelayMs?: number;
}

export const DEFAULT_MAX_POLLS = 30;
export const DEFAULT_POLL_DELAY_MS = 2_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Named like an SDK exception so the envelope's error code says what happened. */
class JobError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

type Page = GetServiceLastAccessedDetailsCommandOutput;

async function completedReport(iam: IAMClient, Arn: string, maxPolls: number, delayMs: number): Promise<object> {
  const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn, Granularity: 'ACTION_LEVEL' }));
  if (!JobId) throw new JobError('NoJobId', `GenerateServiceLastAccessedDetails for ${Arn} returned no JobId`);
  let first: Page | undefined;
  for (let poll = 0; poll < maxPolls; poll++) {
    if (poll > 0) await sleep(delayMs);
    const page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    if (page.JobStatus === 'FAILED') {
      throw new JobError('JobFailed', `the last-accessed job for ${Arn} failed: ${page.Error?.Code ?? ''} ${page.Error?.Message ?? ''}`.trim());
    }
    if (page.JobStatus === 'COMPLETED') {
      first = page;
      break;
    }
  }
  if (!first) throw new JobError('JobNotCompleted', `the last-accessed job for ${Arn} was not COMPLETED after ${maxPolls} status reads`);
  // The whole report in one output, as the CLI prints it: pages concatenated, no Marker.
  const services = [...(first.ServicesLastAccessed ?? [])];
  let page = first;
  while (page.IsTruncated && page.Marker) {
    page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: page.Marker }));
    services.push(...(page.ServicesLastAccessed ?? []));
  }
  return { ...first, ServicesLastAccessed: services };
}

/** One envelope per ARN (users and roles), `options.concurrency` jobs at a time. */
export async function collectLastAccessed(rec: Recorder, iam: IAMClient, arns: readonly string[], options: LastAccessedOptions): Promise<void> {
  const maxPolls = options.maxPolls ?? DEFAULT_MAX_POLLS;
  const delayMs = options.pollDelayMs ?? DEFAULT_POLL_DELAY_MS;
  await mapLimit(arns, options.concurrency, async (Arn) => {
    await rec.call('iam get-service-last-accessed-details', { Arn }, () => completedReport(iam, Arn, maxPolls, delayMs));
  });
}
