import { z } from 'zod';
import type { PolicyDocument } from '../../../src/model/inventory/index.js';
import { normaliseDocument } from './gaad.js';
import { policyDocumentField as rawPolicyDocument } from './schema.js';
import { configValueSchema } from './values.js';

/**
 * Shapes of the non-IAM AWS CLI outputs leakpath reads. As in schema.ts, only the fields leakpath
 * uses are declared; the rest passes through. Names follow the CLI's JSON (which is the API's).
 */
/** A policy document, decoded from its string form if need be, with Statement always a list. */
const policyDocumentField = rawPolicyDocument.transform((d): PolicyDocument =>
  normaliseDocument(d as Parameters<typeof normaliseDocument>[0]),
);

const arn = z.string().startsWith('arn:', 'an ARN (arn:…)');
const tagList = z.array(z.object({ Key: z.string(), Value: z.string() }).loose()).default([]);
/** Some services (CodeBuild, lower-case APIs) spell tags key/value. */
const lowerTagList = z
  .array(z.object({ key: z.string(), value: z.string().default('') }).loose())
  .default([]);

// --- Lambda -------------------------------------------------------------------------------------

export const lambdaFunctionSchema = z
  .object({
    FunctionName: z.string(),
    FunctionArn: arn,
    Role: arn.optional(),
    Runtime: z.string().optional(),
    Handler: z.string().optional(),
    PackageType: z.string().optional(),
    KMSKeyArn: z.string().optional(),
    Environment: z
      .object({ Variables: z.record(z.string(), configValueSchema).default({}) })
      .loose()
      .optional(),
  })
  .loose();

export const listFunctionsSchema = z.object({ Functions: z.array(lambdaFunctionSchema) }).loose();
export const getFunctionSchema = z.object({ Configuration: lambdaFunctionSchema }).loose();

export const listEventSourceMappingsSchema = z
  .object({
    EventSourceMappings: z.array(
      z
        .object({
          UUID: z.string(),
          FunctionArn: arn,
          EventSourceArn: z.string().optional(),
          State: z.string().optional(),
        })
        .loose(),
    ),
  })
  .loose();

/** lambda get-policy, s3api get-bucket-policy, kms get-key-policy, dynamodb get-resource-policy. */
export const policyStringSchema = z.object({ Policy: policyDocumentField }).loose();

// --- EC2 / SSM ----------------------------------------------------------------------------------

const groupRef = z.object({ GroupId: z.string() }).loose();

export const describeInstancesSchema = z
  .object({
    Reservations: z.array(
      z
        .object({
          OwnerId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
          Instances: z.array(
            z
              .object({
                InstanceId: z.string(),
                State: z.object({ Name: z.string() }).loose().optional(),
                Placement: z.object({ AvailabilityZone: z.string().optional() }).loose().optional(),
                IamInstanceProfile: z.object({ Arn: arn }).loose().optional(),
                SecurityGroups: z.array(groupRef).default([]),
                PublicIpAddress: z.string().optional(),
                VpcId: z.string().optional(),
                SubnetId: z.string().optional(),
                MetadataOptions: z.object({ HttpTokens: z.string().optional() }).loose().optional(),
                Tags: tagList,
              })
              .loose(),
          ),
        })
        .loose(),
    ),
  })
  .loose();

const ipPermission = z
  .object({
    IpProtocol: z.string(),
    FromPort: z.number().optional(),
    ToPort: z.number().optional(),
    IpRanges: z.array(z.object({ CidrIp: z.string() }).loose()).default([]),
    Ipv6Ranges: z.array(z.object({ CidrIpv6: z.string() }).loose()).default([]),
  })
  .loose();

export const describeSecurityGroupsSchema = z
  .object({
    SecurityGroups: z.array(
      z
        .object({
          GroupId: z.string(),
          GroupName: z.string().default(''),
          OwnerId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
          VpcId: z.string().optional(),
          IpPermissions: z.array(ipPermission).default([]),
          Tags: tagList,
        })
        .loose(),
    ),
  })
  .loose();

export const describeInstanceInformationSchema = z
  .object({
    InstanceInformationList: z.array(
      z
        .object({
          InstanceId: z.string(),
          PingStatus: z.string().optional(),
          PlatformType: z.string().optional(),
          ResourceType: z.string().optional(),
        })
        .loose(),
    ),
  })
  .loose();

// --- Compute that runs as a role ----------------------------------------------------------------

const devEndpoint = z
  .object({
    EndpointName: z.string(),
    RoleArn: arn,
    Status: z.string().optional(),
    PublicAddress: z.string().optional(),
    SecurityGroupIds: z.array(z.string()).default([]),
  })
  .loose();

export const getDevEndpointsSchema = z.object({ DevEndpoints: z.array(devEndpoint) }).loose();
export const getDevEndpointSchema = z.object({ DevEndpoint: devEndpoint }).loose();

export const batchGetProjectsSchema = z
  .object({
    projects: z.array(
      z
        .object({
          name: z.string(),
          arn,
          serviceRole: arn.optional(),
          source: z.object({ type: z.string().optional() }).loose().optional(),
          environment: z
            .object({
              environmentVariables: z
                .array(
                  z
                    .object({
                      name: z.string(),
                      value: configValueSchema,
                      type: z.string().default('PLAINTEXT'),
                    })
                    .loose(),
                )
                .default([]),
            })
            .loose()
            .optional(),
          tags: lowerTagList,
        })
        .loose(),
    ),
  })
  .loose();

export const describeNotebookInstanceSchema = z
  .object({
    NotebookInstanceArn: arn,
    NotebookInstanceName: z.string(),
    RoleArn: arn.optional(),
    NotebookInstanceStatus: z.string().optional(),
    DirectInternetAccess: z.string().optional(),
    RootAccess: z.string().optional(),
    NotebookInstanceLifecycleConfigName: z.string().optional(),
  })
  .loose();

export const describeStacksSchema = z
  .object({
    Stacks: z.array(
      z
        .object({
          StackId: arn,
          StackName: z.string(),
          RoleARN: arn.optional(),
          StackStatus: z.string().optional(),
          Capabilities: z.array(z.string()).default([]),
          Parameters: z
            .array(
              z.object({ ParameterKey: z.string(), ParameterValue: configValueSchema.optional() }).loose(),
            )
            .default([]),
          Tags: tagList,
        })
        .loose(),
    ),
  })
  .loose();

export const listRulesSchema = z
  .object({
    Rules: z.array(
      z
        .object({
          Name: z.string(),
          Arn: arn,
          State: z.string().optional(),
          ScheduleExpression: z.string().optional(),
          EventPattern: z.string().optional(),
          EventBusName: z.string().optional(),
          RoleArn: arn.optional(),
        })
        .loose(),
    ),
  })
  .loose();

export const listTargetsByRuleSchema = z
  .object({
    Targets: z.array(z.object({ Id: z.string(), Arn: z.string(), RoleArn: arn.optional() }).loose()),
  })
  .loose();

// --- Data and secrets ---------------------------------------------------------------------------

export const listSecretsSchema = z
  .object({
    SecretList: z.array(
      z
        .object({
          ARN: arn,
          Name: z.string(),
          KmsKeyId: z.string().optional(),
          RotationEnabled: z.boolean().optional(),
          RotationLambdaARN: z.string().optional(),
          LastRotatedDate: z.union([z.string(), z.number()]).optional(),
          LastAccessedDate: z.union([z.string(), z.number()]).optional(),
          OwningService: z.string().optional(),
          Tags: tagList,
        })
        .loose(),
    ),
  })
  .loose();

/** secretsmanager get-resource-policy (and describe-secret / get-secret-value, which name the secret too). */
export const secretSubjectSchema = z
  .object({
    ARN: arn,
    Name: z.string(),
    ResourcePolicy: policyDocumentField.optional(),
  })
  .loose();

export const listBucketsSchema = z
  .object({
    Buckets: z.array(
      z
        .object({
          Name: z.string(),
          CreationDate: z.string().optional(),
          BucketRegion: z.string().optional(),
        })
        .loose(),
    ),
  })
  .loose();

export const bucketNotificationSchema = z
  .object({
    LambdaFunctionConfigurations: z.array(z.object({ LambdaFunctionArn: arn }).loose()).default([]),
    QueueConfigurations: z.array(z.object({ QueueArn: arn }).loose()).default([]),
    TopicConfigurations: z.array(z.object({ TopicArn: arn }).loose()).default([]),
    EventBridgeConfiguration: z.object({}).loose().optional(),
  })
  .loose();

export const describeTableSchema = z
  .object({
    Table: z
      .object({
        TableName: z.string(),
        TableArn: arn,
        TableStatus: z.string().optional(),
        LatestStreamArn: z.string().optional(),
        SSEDescription: z.object({ KMSMasterKeyArn: z.string().optional() }).loose().optional(),
      })
      .loose(),
  })
  .loose();

/** sqs get-queue-attributes / sns get-topic-attributes. */
export const attributesSchema = z
  .object({
    Attributes: z
      .object({
        Policy: policyDocumentField.optional(),
        QueueArn: arn.optional(),
        TopicArn: arn.optional(),
      })
      .loose(),
  })
  .loose();

// --- IAM ----------------------------------------------------------------------------------------

export const getLoginProfileSchema = z
  .object({ LoginProfile: z.object({ UserName: z.string(), CreateDate: z.string().optional() }).loose() })
  .loose();

// --- Organizations ------------------------------------------------------------------------------

const policySummary = z
  .object({
    Id: z.string(),
    Arn: arn.optional(),
    Name: z.string().optional(),
    Type: z.string().optional(),
    AwsManaged: z.boolean().optional(),
  })
  .loose();

export const describeOrganizationSchema = z
  .object({
    Organization: z
      .object({
        Id: z.string().regex(/^o-[a-z0-9]+$/, 'an organization id (o-…)'),
        MasterAccountId: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
        Arn: arn.optional(),
      })
      .loose(),
  })
  .loose();

export const listAccountsSchema = z
  .object({
    Accounts: z.array(
      z
        .object({
          Id: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
          Arn: arn.optional(),
          Name: z.string().optional(),
          Status: z.string().optional(),
        })
        .loose(),
    ),
  })
  .loose();

export const listRootsSchema = z
  .object({ Roots: z.array(z.object({ Id: z.string(), Arn: arn.optional() }).loose()) })
  .loose();
export const listParentsSchema = z
  .object({ Parents: z.array(z.object({ Id: z.string(), Type: z.string().optional() }).loose()) })
  .loose();
export const listChildrenSchema = z
  .object({ Children: z.array(z.object({ Id: z.string(), Type: z.string().optional() }).loose()) })
  .loose();
export const listPoliciesSchema = z.object({ Policies: z.array(policySummary) }).loose();
export const describePolicySchema = z
  .object({ Policy: z.object({ PolicySummary: policySummary, Content: policyDocumentField }).loose() })
  .loose();
export const listTargetsForPolicySchema = z
  .object({
    Targets: z.array(
      z.object({ TargetId: z.string(), Arn: arn.optional(), Type: z.string().optional() }).loose(),
    ),
  })
  .loose();
