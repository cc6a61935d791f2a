import { parseOrThrow } from '../../../src/ingest/validate.js';
import { getApplicationSchema, listApplicationsSchema } from './escalation-schemas.js';
import { part, resource, splitArn, type AwsPart, type CommandContext } from './part.js';

/**
 * EMR Serverless applications: a job run on an existing one runs as the execution role the
 * caller passes with StartJobRun, so the application itself runs as no role.
 */

export const EMR_SERVERLESS_APPLICATION = 'emr-serverless:application';

type Application = ReturnType<typeof listApplicationsSchema.parse>['applications'][number];

const application = (a: Application, ctx: CommandContext) => ({
  account: ctx.account,
  resource: resource({
    arn: a.arn,
    type: EMR_SERVERLESS_APPLICATION,
    name: a.name ?? a.id,
    region: splitArn(a.arn)?.region || ctx.region,
    tags: a.tags,
    props: { applicationId: a.id, state: a.state, applicationType: a.type, releaseLabel: a.releaseLabel },
  }),
});

export function parseListApplications(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(listApplicationsSchema, json, ctx.file, 'emr-serverless list-applications output');
  return part({ resources: out.applications.map((a) => application(a, ctx)) });
}

export function parseGetApplication(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(getApplicationSchema, json, ctx.file, 'emr-serverless get-application output');
  const { applicationId, ...rest } = out.application;
  return part({ resources: [application({ ...rest, id: applicationId }, ctx)] });
}
