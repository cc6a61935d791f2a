import { parseOrThrow } from '../../../src/ingest/validate.js';
import {
  defined,
  orgPart,
  parameter,
  part,
  splitArn,
  type AwsPart,
  type CommandContext,
  type OrganizationPart,
} from './part.js';
import {
  describeOrganizationSchema,
  describePolicySchema,
  listAccountsSchema,
  listChildrenSchema,
  listParentsSchema,
  listPoliciesSchema,
  listRootsSchema,
  listTargetsForPolicySchema,
} from './service-schemas.js';

/**
 * AWS Organizations: the tree (roots, OUs, accounts) and the SCPs / RCPs attached along it.
 * Organizations ARNs carry the organization id and the management account, so most listings
 * identify their organization even without describe-organization.
 */

/** `arn:aws:organizations::<management>:<kind>/o-…/…` → organization and management account. */
export function organizationOfArn(
  arn: string | undefined,
): Pick<OrganizationPart, 'id' | 'managementAccountId'> {
  const parts = arn ? splitArn(arn) : undefined;
  if (!parts || parts.service !== 'organizations') return {};
  const id = parts.resource.split('/').find((s) => /^o-[a-z0-9]+$/.test(s));
  return { id, managementAccountId: /^\d{12}$/.test(parts.account) ? parts.account : undefined };
}

/** SCP or RCP from a policy's Type, the request's Filter, or its ARN; other policy kinds are not read. */
export function policyType(type: string | undefined, arn: string | undefined): string | undefined {
  if (type) return type;
  if (arn?.includes('/service_control_policy/')) return 'SERVICE_CONTROL_POLICY';
  if (arn?.includes('/resource_control_policy/')) return 'RESOURCE_CONTROL_POLICY';
  return undefined;
}

function identified(arns: (string | undefined)[], rest: Partial<OrganizationPart>): AwsPart {
  const org = arns.map(organizationOfArn).find((o) => o.id) ?? {};
  return part({ organization: orgPart({ ...org, ...rest }) });
}

export function parseDescribeOrganization(json: unknown, ctx: CommandContext): AwsPart {
  const { Organization: o } = parseOrThrow(
    describeOrganizationSchema,
    json,
    ctx.file,
    'organizations describe-organization output',
  );
  return part({ organization: orgPart({ id: o.Id, managementAccountId: o.MasterAccountId }) });
}

export function parseListAccounts(json: unknown, ctx: CommandContext): AwsPart {
  const { Accounts } = parseOrThrow(listAccountsSchema, json, ctx.file, 'organizations list-accounts output');
  const accounts = Accounts.map((a) => defined({ id: a.Id, name: a.Name, arn: a.Arn, status: a.Status }));
  // list-accounts-for-parent has the same shape and also says where each account sits.
  const parentId = typeof ctx.parameters.ParentId === 'string' ? ctx.parameters.ParentId : undefined;
  const parents = parentId ? Object.fromEntries(accounts.map((a) => [a.id, parentId])) : {};
  return identified(
    Accounts.map((a) => a.Arn),
    { accounts, parents },
  );
}

export function parseListRoots(json: unknown, ctx: CommandContext): AwsPart {
  const { Roots } = parseOrThrow(listRootsSchema, json, ctx.file, 'organizations list-roots output');
  return identified(
    Roots.map((r) => r.Arn),
    { roots: Roots.map((r) => r.Id) },
  );
}

export function parseListParents(json: unknown, ctx: CommandContext): AwsPart {
  const { Parents } = parseOrThrow(listParentsSchema, json, ctx.file, 'organizations list-parents output');
  const child = parameter(ctx, 'ChildId');
  return part({ organization: orgPart({ parents: Parents[0] ? { [child]: Parents[0].Id } : {} }) });
}

export function parseListChildren(json: unknown, ctx: CommandContext): AwsPart {
  const { Children } = parseOrThrow(listChildrenSchema, json, ctx.file, 'organizations list-children output');
  const parent = parameter(ctx, 'ParentId');
  return part({
    organization: orgPart({ parents: Object.fromEntries(Children.map((c) => [c.Id, parent])) }),
  });
}

/** list-policies, and list-policies-for-target (same shape; the request names the target). */
export function parseListPolicies(json: unknown, ctx: CommandContext): AwsPart {
  const { Policies } = parseOrThrow(listPoliciesSchema, json, ctx.file, 'organizations list-policies output');
  const filter = typeof ctx.parameters.Filter === 'string' ? ctx.parameters.Filter : undefined;
  const target = typeof ctx.parameters.TargetId === 'string' ? ctx.parameters.TargetId : undefined;
  return identified(
    Policies.map((p) => p.Arn),
    {
      policies: Policies.map((p) => ({
        id: p.Id,
        arn: p.Arn,
        name: p.Name,
        type: policyType(p.Type ?? filter, p.Arn),
        targets: target ? [target] : [],
      })),
    },
  );
}

export function parseDescribePolicy(json: unknown, ctx: CommandContext): AwsPart {
  const { Policy } = parseOrThrow(
    describePolicySchema,
    json,
    ctx.file,
    'organizations describe-policy output',
  );
  const s = Policy.PolicySummary;
  return identified([s.Arn], {
    policies: [
      {
        id: s.Id,
        arn: s.Arn,
        name: s.Name,
        type: policyType(s.Type, s.Arn),
        document: Policy.Content,
        targets: [],
      },
    ],
  });
}

export function parseTargetsForPolicy(json: unknown, ctx: CommandContext): AwsPart {
  const { Targets } = parseOrThrow(
    listTargetsForPolicySchema,
    json,
    ctx.file,
    'organizations list-targets-for-policy output',
  );
  const id = parameter(ctx, 'PolicyId');
  return identified(
    Targets.map((t) => t.Arn),
    { policies: [{ id, targets: Targets.map((t) => t.TargetId) }] },
  );
}
