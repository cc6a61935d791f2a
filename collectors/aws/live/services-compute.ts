import {
  BatchClient,
  paginateDescribeJobDefinitions,
  paginateDescribeJobQueues,
} from '@aws-sdk/client-batch';
import {
  BedrockAgentCoreControlClient,
  GetAgentRuntimeCommand,
  GetBrowserCommand,
  GetCodeInterpreterCommand,
  paginateListAgentRuntimes,
  paginateListBrowsers,
  paginateListCodeInterpreters,
} from '@aws-sdk/client-bedrock-agentcore-control';
import {
  CloudFormationClient,
  DescribeStackSetCommand,
  paginateListStackInstances,
  paginateListStackSets,
} from '@aws-sdk/client-cloudformation';
import {
  CodeDeployClient,
  GetDeploymentGroupCommand,
  paginateListApplications as paginateListDeployApplications,
  paginateListDeploymentGroups,
} from '@aws-sdk/client-codedeploy';
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  paginateListIdentityPools,
} from '@aws-sdk/client-cognito-identity';
import {
  DescribeClustersCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  paginateListClusters,
  paginateListTaskDefinitions,
} from '@aws-sdk/client-ecs';
import {
  EMRServerlessClient,
  GetApplicationCommand as GetEmrApplicationCommand,
  paginateListApplications as paginateListEmrApplications,
} from '@aws-sdk/client-emr-serverless';
import { allPages, errorCode, mapLimit } from './recorder.js';
import type { ServiceContext } from './services.js';

/**
 * Existing resources a technique acts on (compute it borrows the role of, stack sets, identity
 * pools, deployment groups), read the way services-more.ts reads the older ones: each listing
 * whole (so the account's inventory knows the type was listed), then the details a listing leaves
 * out. Recorded, never interpreted.
 */

type Listed = Record<string, unknown> | undefined;
const list = <T>(out: Listed, key: string): T[] => (out?.[key] as T[] | undefined) ?? [];

export async function collectBatch({ rec, config }: ServiceContext): Promise<void> {
  const batch = new BatchClient(config);
  // Every revision, ACTIVE and INACTIVE: a status filter would leave the listing incomplete.
  await rec.call('batch describe-job-definitions', {}, () =>
    allPages(paginateDescribeJobDefinitions({ client: batch }, {}), ['jobDefinitions']),
  );
  await rec.call('batch describe-job-queues', {}, () =>
    allPages(paginateDescribeJobQueues({ client: batch }, {}), ['jobQueues']),
  );
}

/** Host-name lookup failures: the service has no endpoint in the region. */
const UNRESOLVED_HOST = ['ENOTFOUND', 'EAI_AGAIN'];

/** AWS-managed tools (account `aws` in the ARN) run as no customer role: no detail worth a request. */
const customerOwned = (arn: string | undefined) => /^\d{12}$/.test(arn?.split(':')[4] ?? '');

export async function collectAgentCore({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const agentcore = new BedrockAgentCoreControlClient(config);

  // AgentCore is offered in few regions; elsewhere its endpoint has no DNS name, which the SDK
  // retries as a network error. One failed listing is the region's coverage gap: no more requests.
  let noEndpoint = false;
  // The summaries name no role: each customer-owned tool is read again for its execution role.
  const interpreters = await rec.call('bedrock-agentcore-control list-code-interpreters', {}, async () => {
    try {
      return await allPages(paginateListCodeInterpreters({ client: agentcore }, {}), ['codeInterpreterSummaries']);
    } catch (e) {
      noEndpoint = UNRESOLVED_HOST.includes(errorCode(e));
      throw e;
    }
  });
  if (noEndpoint) return;
  const ownInterpreters = list<{ codeInterpreterId: string; codeInterpreterArn?: string }>(
    interpreters,
    'codeInterpreterSummaries',
  ).filter((c) => customerOwned(c.codeInterpreterArn));
  await mapLimit(ownInterpreters, concurrency, ({ codeInterpreterId }) =>
    rec.call('bedrock-agentcore-control get-code-interpreter', { codeInterpreterId }, () =>
      agentcore.send(new GetCodeInterpreterCommand({ codeInterpreterId })),
    ),
  );

  const browsers = await rec.call('bedrock-agentcore-control list-browsers', {}, () =>
    allPages(paginateListBrowsers({ client: agentcore }, {}), ['browserSummaries']),
  );
  const ownBrowsers = list<{ browserId: string; browserArn?: string }>(browsers, 'browserSummaries').filter(
    (b) => customerOwned(b.browserArn),
  );
  await mapLimit(ownBrowsers, concurrency, ({ browserId }) =>
    rec.call('bedrock-agentcore-control get-browser', { browserId }, () =>
      agentcore.send(new GetBrowserCommand({ browserId })),
    ),
  );

  // A runtime's role and its inbound authorizer (IAM or JWT) are only in get-agent-runtime.
  const runtimes = await rec.call('bedrock-agentcore-control list-agent-runtimes', {}, () =>
    allPages(paginateListAgentRuntimes({ client: agentcore }, {}), ['agentRuntimes']),
  );
  await mapLimit(list<{ agentRuntimeId: string }>(runtimes, 'agentRuntimes'), concurrency, ({ agentRuntimeId }) =>
    rec.call('bedrock-agentcore-control get-agent-runtime', { agentRuntimeId }, () =>
      agentcore.send(new GetAgentRuntimeCommand({ agentRuntimeId })),
    ),
  );
}

/** DescribeClusters takes at most 100 clusters. */
const ECS_CLUSTER_BATCH = 100;

export async function collectEcs({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const ecs = new ECSClient(config);
  // ACTIVE revisions (the API's default): only those can be run. The ARNs carry no role, so each is described.
  const definitions = await rec.call('ecs list-task-definitions', {}, () =>
    allPages(paginateListTaskDefinitions({ client: ecs }, {}), ['taskDefinitionArns']),
  );
  await mapLimit(list<string>(definitions, 'taskDefinitionArns'), concurrency, (taskDefinition) =>
    rec.call('ecs describe-task-definition', { taskDefinition, include: ['TAGS'] }, () =>
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] })),
    ),
  );

  const clusters = await rec.call('ecs list-clusters', {}, () =>
    allPages(paginateListClusters({ client: ecs }, {}), ['clusterArns']),
  );
  const arns = list<string>(clusters, 'clusterArns');
  for (let i = 0; i < arns.length; i += ECS_CLUSTER_BATCH) {
    const batch = arns.slice(i, i + ECS_CLUSTER_BATCH);
    await rec.call('ecs describe-clusters', { clusters: batch, include: ['TAGS'] }, () =>
      ecs.send(new DescribeClustersCommand({ clusters: batch, include: ['TAGS'] })),
    );
  }
}

export async function collectStackSets({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const cfn = new CloudFormationClient(config);
  const sets = await rec.call('cloudformation list-stack-sets', {}, () =>
    allPages(paginateListStackSets({ client: cfn }, {}), ['Summaries']),
  );
  // A deleted stack set can no longer be updated; describing it would only fail.
  const live = list<{ StackSetId: string; Status?: string }>(sets, 'Summaries').filter(
    (s) => s.Status !== 'DELETED',
  );
  // By id (name:uuid): the instance listing's parser places an empty listing by it.
  await mapLimit(live, concurrency, async ({ StackSetId: StackSetName }) => {
    await rec.call('cloudformation describe-stack-set', { StackSetName }, () =>
      cfn.send(new DescribeStackSetCommand({ StackSetName })),
    );
    await rec.call('cloudformation list-stack-instances', { StackSetName }, () =>
      allPages(paginateListStackInstances({ client: cfn }, { StackSetName }), ['Summaries']),
    );
  });
}

export async function collectEmrServerless({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const emr = new EMRServerlessClient(config);
  const apps = await rec.call('emr-serverless list-applications', {}, () =>
    allPages(paginateListEmrApplications({ client: emr }, {}), ['applications']),
  );
  // The summaries carry no tags, which aws:ResourceTag conditions on StartJobRun may test.
  await mapLimit(list<{ id: string }>(apps, 'applications'), concurrency, ({ id }) =>
    rec.call('emr-serverless get-application', { applicationId: id }, () => emr.send(new GetEmrApplicationCommand({ applicationId: id }))),
  );
}

/** ListIdentityPools requires a page size; 60 is its largest. */
const IDENTITY_POOL_PAGE = 60;

export async function collectIdentityPools({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const cognito = new CognitoIdentityClient(config);
  const pools = await rec.lookup('cognito-identity list-identity-pools', { MaxResults: IDENTITY_POOL_PAGE }, () =>
    allPages(
      paginateListIdentityPools({ client: cognito, pageSize: IDENTITY_POOL_PAGE }, { MaxResults: IDENTITY_POOL_PAGE }),
      ['IdentityPools'],
    ),
  );
  await mapLimit(list<{ IdentityPoolId: string }>(pools, 'IdentityPools'), concurrency, ({ IdentityPoolId }) =>
    rec.call('cognito-identity describe-identity-pool', { IdentityPoolId }, () =>
      cognito.send(new DescribeIdentityPoolCommand({ IdentityPoolId })),
    ),
  );
}

export async function collectDeploymentGroups({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const deploy = new CodeDeployClient(config);
  const apps = await rec.lookup('deploy list-applications', {}, () =>
    allPages(paginateListDeployApplications({ client: deploy }, {}), ['applications']),
  );
  await mapLimit(list<string>(apps, 'applications'), concurrency, async (applicationName) => {
    const groups = await rec.lookup('deploy list-deployment-groups', { applicationName }, () =>
      allPages(paginateListDeploymentGroups({ client: deploy }, { applicationName }), ['deploymentGroups']),
    );
    for (const deploymentGroupName of list<string>(groups, 'deploymentGroups')) {
      await rec.call('deploy get-deployment-group', { applicationName, deploymentGroupName }, () =>
        deploy.send(new GetDeploymentGroupCommand({ applicationName, deploymentGroupName })),
      );
    }
  });
}
