import { z } from 'zod';

/**
 * Shapes of the AWS CLI outputs that carry the inventory of the pathfinding.cloud techniques on
 * existing resources (ECS task definitions, StackSets, EMR Serverless applications, Cognito
 * identity pools, CodeDeploy deployment groups). As in service-schemas.ts, only the fields
 * leakpath uses are declared; the rest passes through. Names follow the CLI's JSON.
 */

const arn = z.string().startsWith('arn:', 'an ARN (arn:…)');
const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit account id');
/** ECS spells tags key/value; a tag may lack its value. */
const ecsTags = z.array(z.object({ key: z.string(), value: z.string().default('') }).loose()).default([]);
const tagList = z.array(z.object({ Key: z.string(), Value: z.string().default('') }).loose()).default([]);

// --- ECS ----------------------------------------------------------------------------------------

export const taskDefinitionSchema = z
  .object({
    taskDefinitionArn: arn,
    family: z.string(),
    revision: z.number().int(),
    status: z.string().optional(),
    taskRoleArn: arn.optional(),
    executionRoleArn: arn.optional(),
    requiresCompatibilities: z.array(z.string()).optional(),
    networkMode: z.string().optional(),
  })
  .loose();

export const describeTaskDefinitionSchema = z
  .object({ taskDefinition: taskDefinitionSchema, tags: ecsTags })
  .loose();

export const listTaskDefinitionsSchema = z.object({ taskDefinitionArns: z.array(arn) }).loose();

export const listClustersSchema = z.object({ clusterArns: z.array(arn) }).loose();

export const describeClustersSchema = z
  .object({
    clusters: z.array(
      z
        .object({
          clusterArn: arn,
          clusterName: z.string().optional(),
          status: z.string().optional(),
          registeredContainerInstancesCount: z.number().int().optional(),
          runningTasksCount: z.number().int().optional(),
          capacityProviders: z.array(z.string()).optional(),
          tags: ecsTags,
        })
        .loose(),
    ),
  })
  .loose();

// --- CloudFormation StackSets -------------------------------------------------------------------

export const stackSetSchema = z
  .object({
    StackSetName: z.string(),
    StackSetId: z.string().min(1),
    StackSetARN: arn,
    Status: z.string().optional(),
    AdministrationRoleARN: arn.optional(),
    ExecutionRoleName: z.string().optional(),
    PermissionModel: z.string().optional(),
    Capabilities: z.array(z.string()).default([]),
    Tags: tagList,
  })
  .loose();

export const describeStackSetSchema = z.object({ StackSet: stackSetSchema }).loose();

export const listStackInstancesSchema = z
  .object({
    Summaries: z.array(
      z
        .object({
          StackSetId: z.string().min(1),
          Region: z.string(),
          Account: accountId,
          Status: z.string().optional(),
        })
        .loose(),
    ),
  })
  .loose();

export const listStackSetsSchema = z
  .object({
    Summaries: z.array(
      z
        .object({
          StackSetName: z.string(),
          StackSetId: z.string().min(1),
          Status: z.string().optional(),
          PermissionModel: z.string().optional(),
        })
        .loose(),
    ),
  })
  .loose();

// --- EMR Serverless -----------------------------------------------------------------------------

export const emrServerlessApplicationSchema = z
  .object({
    id: z.string(),
    arn,
    name: z.string().optional(),
    state: z.string().optional(),
    type: z.string().optional(),
    releaseLabel: z.string().optional(),
    tags: z.record(z.string(), z.string()).default({}),
  })
  .loose();

export const listApplicationsSchema = z.object({ applications: z.array(emrServerlessApplicationSchema) }).loose();
/** GetApplication prints the id as `applicationId`, where the list summaries print `id`. */
export const getApplicationSchema = z
  .object({ application: emrServerlessApplicationSchema.omit({ id: true }).extend({ applicationId: z.string() }) })
  .loose();

// --- Cognito identity pools ---------------------------------------------------------------------

export const describeIdentityPoolSchema = z
  .object({
    IdentityPoolId: z.string().regex(/^[a-z]{2}(?:-gov)?-[a-z]+-\d+:[0-9a-f-]+$/, 'an identity pool id (<region>:<uuid>)'),
    IdentityPoolName: z.string().optional(),
    AllowUnauthenticatedIdentities: z.boolean(),
    AllowClassicFlow: z.boolean().optional(),
    IdentityPoolTags: z.record(z.string(), z.string()).default({}),
  })
  .loose();

// --- CodeDeploy ---------------------------------------------------------------------------------

const tagFilter = z.object({ Key: z.string().optional(), Value: z.string().optional(), Type: z.string().optional() }).loose();

export const getDeploymentGroupSchema = z
  .object({
    deploymentGroupInfo: z
      .object({
        applicationName: z.string(),
        deploymentGroupName: z.string(),
        deploymentGroupId: z.string().optional(),
        deploymentConfigName: z.string().optional(),
        computePlatform: z.string().optional(),
        serviceRoleArn: arn.optional(),
        ec2TagFilters: z.array(tagFilter).default([]),
        ec2TagSet: z.object({ ec2TagSetList: z.array(z.array(tagFilter)).default([]) }).loose().optional(),
        autoScalingGroups: z.array(z.object({ name: z.string() }).loose()).default([]),
      })
      .loose(),
  })
  .loose();
