import { CloudFormationClient, paginateDescribeStacks } from '@aws-sdk/client-cloudformation';
import { BatchGetProjectsCommand, CodeBuildClient, paginateListProjects } from '@aws-sdk/client-codebuild';
import {
  DescribeTableCommand,
  DynamoDBClient,
  GetResourcePolicyCommand,
  paginateListTables,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GlueClient, paginateGetDevEndpoints } from '@aws-sdk/client-glue';
import { GetKeyPolicyCommand, KMSClient, paginateListKeys } from '@aws-sdk/client-kms';
import {
  DescribeNotebookInstanceCommand,
  SageMakerClient,
  paginateListNotebookInstances,
} from '@aws-sdk/client-sagemaker';
import { GetTopicAttributesCommand, SNSClient, paginateListTopics } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient, paginateListQueues } from '@aws-sdk/client-sqs';
import { allPages, mapLimit, tokenPages } from './recorder.js';
import type { ServiceContext } from './services.js';

/**
 * Regional services beyond the core set: the compute that runs as a role (Glue, CodeBuild,
 * SageMaker, CloudFormation, EventBridge) and the data stores whose resource policies grant access
 * (KMS, SQS, SNS, DynamoDB). As in services.ts, each response is recorded, none is interpreted.
 */

type Listed = Record<string, unknown> | undefined;
const list = <T>(out: Listed, key: string): T[] => (out?.[key] as T[] | undefined) ?? [];

/** BatchGetProjects takes at most 100 names. */
const CODEBUILD_BATCH = 100;

export async function collectRunsAsRole({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const glue = new GlueClient(config);
  await rec.call('glue get-dev-endpoints', {}, () =>
    allPages(paginateGetDevEndpoints({ client: glue }, {}), ['DevEndpoints']),
  );

  const codebuild = new CodeBuildClient(config);
  const projects = await rec.call('codebuild list-projects', {}, () =>
    allPages(paginateListProjects({ client: codebuild }, {}), ['projects']),
  );
  const names = list<string>(projects, 'projects');
  for (let i = 0; i < names.length; i += CODEBUILD_BATCH) {
    const batch = names.slice(i, i + CODEBUILD_BATCH);
    await rec.call('codebuild batch-get-projects', { names: batch }, () =>
      codebuild.send(new BatchGetProjectsCommand({ names: batch })),
    );
  }

  const sagemaker = new SageMakerClient(config);
  const notebooks = await rec.call('sagemaker list-notebook-instances', {}, () =>
    allPages(paginateListNotebookInstances({ client: sagemaker }, {}), ['NotebookInstances']),
  );
  await mapLimit(
    list<{ NotebookInstanceName: string }>(notebooks, 'NotebookInstances'),
    concurrency,
    ({ NotebookInstanceName }) =>
      rec.call('sagemaker describe-notebook-instance', { NotebookInstanceName }, () =>
        sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName })),
      ),
  );

  const cfn = new CloudFormationClient(config);
  await rec.call('cloudformation describe-stacks', {}, () =>
    allPages(paginateDescribeStacks({ client: cfn }, {}), ['Stacks']),
  );

  const events = new EventBridgeClient(config);
  const rules = await rec.call('events list-rules', {}, () =>
    allPages(
      tokenPages((NextToken) => events.send(new ListRulesCommand({ NextToken }))),
      ['Rules'],
    ),
  );
  await mapLimit(list<{ Name: string }>(rules, 'Rules'), concurrency, ({ Name: Rule }) =>
    rec.call('events list-targets-by-rule', { Rule }, () =>
      allPages(
        tokenPages((NextToken) => events.send(new ListTargetsByRuleCommand({ Rule, NextToken }))),
        ['Targets'],
      ),
    ),
  );
}

export async function collectDataPolicies({ rec, config, concurrency }: ServiceContext): Promise<void> {
  const kms = new KMSClient(config);
  const keys = await rec.call('kms list-keys', {}, () =>
    allPages(paginateListKeys({ client: kms }, {}), ['Keys']),
  );
  await mapLimit(list<{ KeyId: string }>(keys, 'Keys'), concurrency, ({ KeyId }) =>
    rec.call('kms get-key-policy', { KeyId, PolicyName: 'default' }, () =>
      kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' })),
    ),
  );

  const sqs = new SQSClient(config);
  const queues = await rec.call('sqs list-queues', {}, () =>
    allPages(paginateListQueues({ client: sqs }, {}), ['QueueUrls']),
  );
  await mapLimit(list<string>(queues, 'QueueUrls'), concurrency, (QueueUrl) =>
    rec.call('sqs get-queue-attributes', { QueueUrl, AttributeNames: ['Policy', 'QueueArn'] }, () =>
      sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['Policy', 'QueueArn'] })),
    ),
  );

  const sns = new SNSClient(config);
  const topics = await rec.call('sns list-topics', {}, () =>
    allPages(paginateListTopics({ client: sns }, {}), ['Topics']),
  );
  await mapLimit(list<{ TopicArn: string }>(topics, 'Topics'), concurrency, ({ TopicArn }) =>
    rec.call('sns get-topic-attributes', { TopicArn }, () =>
      sns.send(new GetTopicAttributesCommand({ TopicArn })),
    ),
  );

  const dynamodb = new DynamoDBClient(config);
  const tables = await rec.call('dynamodb list-tables', {}, () =>
    allPages(paginateListTables({ client: dynamodb }, {}), ['TableNames']),
  );
  await mapLimit(list<string>(tables, 'TableNames'), concurrency, async (TableName) => {
    const described = await rec.call('dynamodb describe-table', { TableName }, () =>
      dynamodb.send(new DescribeTableCommand({ TableName })),
    );
    const ResourceArn = (described?.Table as { TableArn?: string } | undefined)?.TableArn;
    if (ResourceArn)
      await rec.call('dynamodb get-resource-policy', { ResourceArn }, () =>
        dynamodb.send(new GetResourcePolicyCommand({ ResourceArn })),
      );
  });
}
