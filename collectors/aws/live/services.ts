import {
  DescribeInstanceAttributeCommand,
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  IAMClient,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import {
  GetPolicyCommand,
  LambdaClient,
  paginateListEventSourceMappings,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListChildren,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
} from '@aws-sdk/client-organizations';
import {
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  S3Client,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import {
  GetResourcePolicyCommand,
  SecretsManagerClient,
  paginateListSecrets,
} from '@aws-sdk/client-secrets-manager';
import { SSMClient, paginateDescribeInstanceInformation } from '@aws-sdk/client-ssm';
import { collectLastAccessed, type LastAccessedOptions } from './last-accessed.js';
import { allPages, mapLimit, type Recorder } from './recorder.js';
import { appendAll } from '../../../src/model/append.js';

/**
 * The requests of `leakpath collect aws`, one function per service. Each asks for what the offline
 * parsers read and records the answer as the matching CLI command's envelope; none interprets it.
 */

export interface ServiceContext {
  rec: Recorder;
  /** Client settings for this account and region (credentials, retries, endpoint). */
  config: object;
  concurrency: number;
  /** Service/action last accessed per user and role (IAM only); absent = not asked (--no-last-accessed). */
  lastAccessed?: Omit<LastAccessedOptions, 'concurrency'>;
}

type Listed = Record<string, unknown> | undefined;
const list = <T>(out: Listed, key: string): T[] => (out?.[key] as T[] | undefined) ?? [];

export async function collectIam({ rec, config, concurrency, lastAccessed }: ServiceContext): Promise<number> {
  const iam = new IAMClient(config);
  const gaad = await rec.call('iam get-account-authorization-details', {}, () =>
    allPages(paginateGetAccountAuthorizationDetails({ client: iam }, {}), [
      'UserDetailList',
      'GroupDetailList',
      'RoleDetailList',
      'Policies',
    ]),
  );
  const users = list<{ UserName: string }>(gaad, 'UserDetailList').map((u) => u.UserName);
  // GAAD has no PasswordLastUsed; list-users is the only listing that does (docs/unused.md).
  if (users.length > 0) await rec.call('iam list-users', {}, () => allPages(paginateListUsers({ client: iam }, {}), ['Users']));
  await mapLimit(users, concurrency, async (UserName) => {
    const keys = await rec.call('iam list-access-keys', { UserName }, () =>
      allPages(paginateListAccessKeys({ client: iam }, { UserName }), ['AccessKeyMetadata']),
    );
    // Usage of each key (docs/unused.md): the output names the user only, the envelope the key.
    for (const { AccessKeyId } of list<{ AccessKeyId: string }>(keys, 'AccessKeyMetadata')) {
      await rec.call('iam get-access-key-last-used', { AccessKeyId }, () =>
        iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId })),
      );
    }
    await rec.call('iam get-login-profile', { UserName }, () =>
      iam.send(new GetLoginProfileCommand({ UserName })),
    );
  });
  if (lastAccessed) {
    const arns = [...list<{ Arn?: string }>(gaad, 'UserDetailList'), ...list<{ Arn?: string }>(gaad, 'RoleDetailList')]
      .flatMap((e) => (e.Arn ? [e.Arn] : []));
    await collectLastAccessed(rec, iam, arns, { ...lastAccessed, concurrency });
  }
  return users.length;
}

export async function collectS3({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const s3 = new S3Client({
    ...config,
    followRegionRedirects: true,
    ...(customEndpoint('S3') ? { forcePathStyle: true } : {}),
  });
  const buckets = await rec.call('s3api list-buckets', {}, () =>
    allPages(paginateListBuckets({ client: s3 }, {}), ['Buckets']),
  );
  await mapLimit(list<{ Name: string }>(buckets, 'Buckets'), concurrency, async ({ Name: Bucket }) => {
    await rec.call('s3api get-bucket-policy', { Bucket }, () =>
      s3.send(new GetBucketPolicyCommand({ Bucket })),
    );
    await rec.call('s3api get-bucket-notification-configuration', { Bucket }, () =>
      s3.send(new GetBucketNotificationConfigurationCommand({ Bucket })),
    );
  });
}

export async function collectLambda({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const lambda = new LambdaClient(config);
  const functions = await rec.call('lambda list-functions', {}, () =>
    allPages(paginateListFunctions({ client: lambda }, {}), ['Functions']),
  );
  await mapLimit(list<{ FunctionName: string }>(functions, 'Functions'), concurrency, ({ FunctionName }) =>
    rec.call('lambda get-policy', { FunctionName }, () =>
      lambda.send(new GetPolicyCommand({ FunctionName })),
    ),
  );
  await rec.call('lambda list-event-source-mappings', {}, () =>
    allPages(paginateListEventSourceMappings({ client: lambda }, {}), ['EventSourceMappings']),
  );
}

export async function collectEc2({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const ec2 = new EC2Client(config);
  const instances = await rec.call('ec2 describe-instances', {}, () =>
    allPages(paginateDescribeInstances({ client: ec2 }, {}), ['Reservations']),
  );
  // User data is not in describe-instances; the recorder redacts it before anything keeps it.
  // A terminated instance is gone within the hour and runs nothing: not worth a request.
  const ids = list<{ Instances?: { InstanceId?: string; State?: { Name?: string } }[] }>(instances, 'Reservations')
    .flatMap((r) => r.Instances ?? [])
    .flatMap((i) => (i.InstanceId && i.State?.Name !== 'terminated' ? [i.InstanceId] : []));
  await mapLimit(ids, concurrency, (InstanceId) =>
    rec.call('ec2 describe-instance-attribute', { InstanceId, Attribute: 'userData' }, () =>
      ec2.send(new DescribeInstanceAttributeCommand({ InstanceId, Attribute: 'userData' })),
    ),
  );
  await rec.call('ec2 describe-security-groups', {}, () =>
    allPages(paginateDescribeSecurityGroups({ client: ec2 }, {}), ['SecurityGroups']),
  );
  const ssm = new SSMClient(config);
  await rec.call('ssm describe-instance-information', {}, () =>
    allPages(paginateDescribeInstanceInformation({ client: ssm }, {}), ['InstanceInformationList']),
  );
}

export async function collectSecrets({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const sm = new SecretsManagerClient(config);
  const secrets = await rec.call('secretsmanager list-secrets', {}, () =>
    allPages(paginateListSecrets({ client: sm }, {}), ['SecretList']),
  );
  await mapLimit(list<{ ARN: string }>(secrets, 'SecretList'), concurrency, ({ ARN: SecretId }) =>
    rec.call('secretsmanager get-resource-policy', { SecretId }, () =>
      sm.send(new GetResourcePolicyCommand({ SecretId })),
    ),
  );
}

export interface OrganizationFacts {
  /** Active member accounts (the caller's own included); undefined when the caller may not list them. */
  accounts?: string[];
}

/** Organizations, read once from the account the run starts in (management or delegated admin). */
export async function collectOrganization({
  rec,
  config,
  concurrency,
}: ServiceContext): Promise<OrganizationFacts | undefined> {
  const org = new OrganizationsClient(config);
  const described = await rec.call('organizations describe-organization', {}, () =>
    org.send(new DescribeOrganizationCommand({})),
  );
  if (!described) return undefined;
  const accounts = await rec.call('organizations list-accounts', {}, () =>
    allPages(paginateListAccounts({ client: org }, {}), ['Accounts']),
  );
  const roots = await rec.call('organizations list-roots', {}, () =>
    allPages(paginateListRoots({ client: org }, {}), ['Roots']),
  );
  // The OU tree, breadth first: each parent's OUs and accounts.
  let parents = list<{ Id: string }>(roots, 'Roots').map((r) => r.Id);
  while (parents.length > 0) {
    const next: string[] = [];
    await mapLimit(parents, concurrency, async (ParentId) => {
      for (const ChildType of ['ORGANIZATIONAL_UNIT', 'ACCOUNT'] as const) {
        const children = await rec.call('organizations list-children', { ParentId, ChildType }, () =>
          allPages(paginateListChildren({ client: org }, { ParentId, ChildType }), ['Children']),
        );
        if (ChildType === 'ORGANIZATIONAL_UNIT')
          appendAll(next, list<{ Id: string }>(children, 'Children').map((c) => c.Id));
      }
    });
    parents = next;
  }
  for (const Filter of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const) {
    const policies = await rec.call('organizations list-policies', { Filter }, () =>
      allPages(paginateListPolicies({ client: org }, { Filter }), ['Policies']),
    );
    await mapLimit(list<{ Id: string }>(policies, 'Policies'), concurrency, async ({ Id: PolicyId }) => {
      await rec.call('organizations describe-policy', { PolicyId }, () =>
        org.send(new DescribePolicyCommand({ PolicyId })),
      );
      await rec.call('organizations list-targets-for-policy', { PolicyId }, () =>
        allPages(paginateListTargetsForPolicy({ client: org }, { PolicyId }), ['Targets']),
      );
    });
  }
  return {
    accounts: accounts
      ? list<{ Id: string; Status?: string; State?: string }>(accounts, 'Accounts')
          .filter((a) => (a.State ?? a.Status ?? 'ACTIVE') === 'ACTIVE')
          .map((a) => a.Id)
      : undefined,
  };
}

/** AWS_ENDPOINT_URL(_<SERVICE>) points the SDK at an emulator, which serves buckets by path. */
function customEndpoint(service: string): boolean {
  return Boolean(process.env[`AWS_ENDPOINT_URL_${service}`] ?? process.env.AWS_ENDPOINT_URL);
}
