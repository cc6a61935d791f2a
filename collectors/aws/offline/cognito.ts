import { parseOrThrow } from '../../../src/ingest/validate.js';
import { describeIdentityPoolSchema } from './escalation-schemas.js';
import { need, part, partitionOf, resource, type AwsPart, type CommandContext } from './part.js';

/**
 * Cognito identity pools: whether unauthenticated identities and the basic (classic) flow are
 * allowed decides whether a role made the pool's unauthenticated role is open to anyone.
 */

export const IDENTITY_POOL = 'cognito-identity:identitypool';

/**
 * `cognito-identity describe-identity-pool` (envelope only: the output names the pool and its
 * region, not the account). The basic flow is off when the output omits AllowClassicFlow.
 */
export function parseDescribeIdentityPool(json: unknown, ctx: CommandContext): AwsPart {
  const p = parseOrThrow(describeIdentityPoolSchema, json, ctx.file, 'cognito-identity describe-identity-pool output');
  const region = p.IdentityPoolId.slice(0, p.IdentityPoolId.indexOf(':'));
  const account = need(ctx, 'account', 'the identity pool output names no account');
  return part({
    resources: [
      {
        account,
        resource: resource({
          arn: `arn:${partitionOf(region)}:cognito-identity:${region}:${account}:identitypool/${p.IdentityPoolId}`,
          type: IDENTITY_POOL,
          name: p.IdentityPoolName ?? p.IdentityPoolId,
          region,
          tags: p.IdentityPoolTags,
          props: {
            identityPoolId: p.IdentityPoolId,
            allowUnauthenticatedIdentities: p.AllowUnauthenticatedIdentities,
            allowClassicFlow: p.AllowClassicFlow ?? false,
          },
        }),
      },
    ],
  });
}
