import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../live/request-timeout.js';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { SourceUnreachableError, UsageError } from '../../../src/errors.js';
import { partitionOf } from '../offline/part.js';
import { Recorder, errorCode, type CollectedFile } from './recorder.js';
import {
  collectEc2,
  collectIam,
  collectLambda,
  collectOrganization,
  collectS3,
  collectSecrets,
  type ServiceContext,
} from './services.js';
import {
  collectAgentCore,
  collectBatch,
  collectDeploymentGroups,
  collectEcs,
  collectEmrServerless,
  collectIdentityPools,
  collectStackSets,
} from './services-compute.js';
import { collectDataPolicies, collectRunsAsRole } from './services-more.js';

type Credentials = NonNullable<ConstructorParameters<typeof STSClient>[0]>['credentials'];

export interface AwsCollectOptions {
  /** Regions to read regional services in; `all` = every region enabled for the account. Default: the configured region. */
  regions?: readonly string[] | 'all';
  /** Role name to assume in every other active account of the organization. */
  assumeRole?: string;
  /** Attempts per request; throttled requests back off adaptively. */
  maxAttempts?: number;
  /** Requests in flight at once per account and region. */
  concurrency?: number;
  /** A request with no answer by then fails (and is retried, then recorded as a gap) instead of stalling the run. */
  requestTimeoutMs?: number;
  /** Default: the SDK's standard chain (environment, profile, SSO, container, instance). */
  credentials?: Credentials;
  progress?: (line: string) => void;
  /** Generate and read a service/action last-accessed report per user and role (default true): one job per identity, polled. */
  lastAccessed?: boolean;
}

export interface AwsCollection {
  /** Every response as an envelope, sorted by path. */
  files: CollectedFile[];
  /** Gaps no single response records: an account that could not be entered, an organization that could not be listed. */
  warnings: string[];
  accounts: string[];
  regions: string[];
}

export const DEFAULT_MAX_ATTEMPTS = 8;
const DEFAULT_CONCURRENCY = 8;
// The reachability probe fails fast: an unreachable source is not throttling.
const PROBE_ATTEMPTS = 2;


function clientConfig(region: string, credentials: Credentials, maxAttempts: number, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS) {
  // Without throwOnRequestTimeout the SDK only logs a timed-out request and goes on waiting.
  const requestHandler = { requestTimeout: timeoutMs, connectionTimeout: Math.min(timeoutMs, 10_000), throwOnRequestTimeout: true };
  return { region, credentials, retryMode: 'adaptive', maxAttempts, requestHandler };
}

/** The region from AWS_REGION / AWS_DEFAULT_REGION / the profile, as the SDK resolves it. */
async function configuredRegion(): Promise<string> {
  try {
    const region = await new STSClient({}).config.region();
    if (region) return region;
  } catch {
    // no region anywhere in the chain
  }
  throw new UsageError(
    'no AWS region configured: set AWS_REGION (or a region in the AWS profile), or pass --regions',
  );
}

async function whoAmI(credentials: Credentials, region: string, timeoutMs?: number): Promise<string> {
  const id = await new STSClient(clientConfig(region, credentials, PROBE_ATTEMPTS, timeoutMs)).send(
    new GetCallerIdentityCommand({}),
  );
  if (!id.Account) throw new Error('GetCallerIdentity named no account');
  return id.Account;
}

/**
 * Live collection: every account reachable (the caller's, and with assumeRole every active member
 * of its organization), IAM and S3 once per account, the regional services (services.ts,
 * services-more.ts, services-compute.ts) in each region.
 * Returns envelopes only; parsing them is the offline parsers' job, so a live run and the ingest
 * of its --save-raw files build the same graph.
 */
export async function collectAws(options: AwsCollectOptions = {}): Promise<AwsCollection> {
  const progress = options.progress ?? (() => {});
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const credentials = options.credentials ?? fromNodeProviderChain();
  const explicit = Array.isArray(options.regions) ? options.regions : undefined;
  const home = explicit?.[0] ?? (await configuredRegion());

  let homeAccount: string;
  try {
    homeAccount = await whoAmI(credentials, home, options.requestTimeoutMs);
  } catch (e) {
    if (errorCode(e) === 'CredentialsProviderError') {
      throw new SourceUnreachableError(
        `no AWS credentials found (${(e as Error).message}); set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in with aws sso login`,
      );
    }
    const endpoint = process.env.AWS_ENDPOINT_URL ? ` at ${process.env.AWS_ENDPOINT_URL}` : '';
    throw new SourceUnreachableError(
      `AWS${endpoint} is unreachable with the configured credentials (sts GetCallerIdentity: ${errorCode(e)}: ${(e as Error).message}); check AWS_PROFILE / AWS_ACCESS_KEY_ID and the network`,
    );
  }
  progress(`aws: signed in to account ${homeAccount}`);

  const regions =
    options.regions === 'all' ? await enabledRegions(credentials, home, maxAttempts) : (explicit ?? [home]);
  const files: CollectedFile[] = [];
  const warnings: string[] = [];
  const onError = (line: string) => progress(`  failed: ${line}`);
  const context = (rec: Recorder, region: string, creds: Credentials): ServiceContext => ({
    rec,
    config: clientConfig(region, creds, maxAttempts, options.requestTimeoutMs),
    concurrency,
    ...(options.lastAccessed === false ? {} : { lastAccessed: {} }),
  });

  const homeRec = new Recorder(homeAccount, home, 'global', files, onError, warnings);
  const org = await collectOrganization(context(homeRec, home, credentials));
  progress(
    org?.accounts
      ? `aws: organization with ${org.accounts.length} active account(s)`
      : 'aws: no organization account list readable from this account',
  );

  const targets: { account: string; credentials: Credentials }[] = [{ account: homeAccount, credentials }];
  if (options.assumeRole) {
    if (!org?.accounts) {
      warnings.push(
        `--assume-role ${options.assumeRole}: the organization's accounts could not be listed from account ${homeAccount}; only that account was collected (coverage gap)`,
      );
    }
    for (const account of org?.accounts ?? []) {
      if (account === homeAccount) continue;
      targets.push({
        account,
        credentials: fromTemporaryCredentials({
          params: {
            RoleArn: `arn:${partitionOf(home)}:iam::${account}:role/${options.assumeRole}`,
            RoleSessionName: 'leakpath-collect',
          },
          masterCredentials: credentials,
          clientConfig: { region: home, maxAttempts, retryMode: 'adaptive' },
        }),
      });
    }
  }

  const collected: string[] = [];
  for (const target of targets) {
    if (target.account !== homeAccount) {
      try {
        await whoAmI(target.credentials, home);
      } catch (e) {
        warnings.push(
          `account ${target.account}: could not assume role ${options.assumeRole} (${errorCode(e)}: ${(e as Error).message}); the account was not collected (coverage gap)`,
        );
        progress(`aws: account ${target.account} skipped: ${errorCode(e)}`);
        continue;
      }
    }
    collected.push(target.account);
    const rec =
      homeRec.account === target.account
        ? homeRec
        : new Recorder(target.account, home, 'global', files, onError, warnings);
    const users = await collectIam(context(rec, home, target.credentials));
    await collectS3(context(rec, home, target.credentials));
    progress(`aws: ${target.account}: IAM (${users} users) and S3 read`);
    for (const region of regions) {
      const regional = rec.forScope(region);
      const ctx = context(regional, region, target.credentials);
      await Promise.all([
        collectLambda(ctx),
        collectEc2(ctx),
        collectSecrets(ctx),
        collectRunsAsRole(ctx),
        collectDataPolicies(ctx),
        collectBatch(ctx),
        collectAgentCore(ctx),
        collectEcs(ctx),
        collectStackSets(ctx),
        collectEmrServerless(ctx),
        collectIdentityPools(ctx),
        collectDeploymentGroups(ctx),
      ]);
      progress(`aws: ${target.account} ${region}: regional services read`);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  progress(
    `aws: ${files.length} responses from ${collected.length} account(s) in ${regions.length} region(s)`,
  );
  return { files, warnings, accounts: collected, regions };
}

async function enabledRegions(
  credentials: Credentials,
  region: string,
  maxAttempts: number,
): Promise<string[]> {
  const out = await new EC2Client(clientConfig(region, credentials, maxAttempts)).send(
    new DescribeRegionsCommand({ AllRegions: false }),
  );
  const names = (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
  return names.length > 0 ? names : [region];
}
