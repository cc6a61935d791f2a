import { InputError } from '../../../src/errors.js';
import type {
  AwsAccessKey,
  AwsAccount,
  AwsResource,
  PolicyDocument,
} from '../../../src/model/inventory/index.js';

/**
 * What one AWS file contributes. Much of it cannot be placed on its own (a key listing names no
 * account, a bucket ARN has none, an SSM listing names instances by id only): merge settles it
 * once every file of the ingest has been read.
 */
export interface AwsPart {
  accounts: AwsAccount[];
  keys: { keys: AwsAccessKey[]; account?: string }[];
  /** Resources, or facts about one (a policy, a notification): merged field by field, by ARN. */
  resources: { resource: AwsResource; account?: string }[];
  facts: AwsFact[];
  /** Complete listings read (even empty ones): the account has no other resources of the type. */
  collected?: { type: string; account?: string; arns: string[] }[];
  organization?: OrganizationPart;
  warnings: string[];
}

export type AwsFact =
  /** `iam get-login-profile`: present, or NoSuchEntity. */
  | { kind: 'login-profile'; userName: string; account?: string; present: boolean }
  /** An instance registered with SSM. */
  | {
      kind: 'ssm-managed';
      instanceId: string;
      account?: string;
      region?: string;
      pingStatus?: string;
      platform?: string;
    }
  /** An SSM instance listing of this account and region was read: instances it omits are not managed. */
  | { kind: 'ssm-listing'; account: string; region: string }
  /** Something invokes this function (event source mapping, EventBridge rule, bucket notification). */
  | { kind: 'trigger'; functionArn: string; sourceArn: string }
  /** An instance's user data was read: the key ids and kinds of secret in it (user-data.ts). */
  | {
      kind: 'user-data';
      instanceId: string;
      account?: string;
      region?: string;
      credentialIds: string[];
      secretKinds: string[];
    };

/** Organizations facts from one file; ids are the join keys. */
export interface OrganizationPart {
  id?: string;
  managementAccountId?: string;
  roots: string[];
  accounts: { id: string; name?: string; arn?: string; status?: string }[];
  parents: Record<string, string>;
  policies: {
    id: string;
    arn?: string;
    name?: string;
    type?: string;
    document?: PolicyDocument;
    targets: string[];
  }[];
}

export function part(p: Partial<AwsPart> = {}): AwsPart {
  return { accounts: [], keys: [], resources: [], facts: [], warnings: [], ...p };
}

export function orgPart(p: Partial<OrganizationPart> = {}): OrganizationPart {
  return { roots: [], accounts: [], parents: {}, policies: [], ...p };
}

/** Where a command's output came from: the envelope's fields, or nothing for a bare file. */
export interface CommandContext {
  /** Where records of the output are: the file, or `file (output)` inside an envelope. */
  file: string;
  /** The envelope's own file, for errors about its fields. */
  envelopeFile?: string;
  account?: string;
  region?: string;
  parameters: Record<string, unknown>;
}

type PropValue = AwsResource['props'][string];

export function resource(
  r: Omit<AwsResource, 'tags' | 'props'> & {
    tags?: Record<string, string>;
    props?: Record<string, PropValue | undefined>;
  },
): AwsResource {
  const props: AwsResource['props'] = {};
  for (const [k, v] of Object.entries(r.props ?? {})) if (v !== undefined) props[k] = v;
  const out: AwsResource = { ...r, tags: r.tags ?? {}, props };
  // Undefined fields would make two equal resources compare unequal after a JSON round trip.
  for (const k of Object.keys(out) as (keyof AwsResource)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function splitArn(arn: string): ArnParts | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  return m ? { partition: m[1]!, service: m[2]!, region: m[3]!, account: m[4]!, resource: m[5]! } : undefined;
}

export function partitionOf(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'aws-cn';
  if (region?.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export const tagsOf = (list: readonly { Key: string; Value: string }[]) =>
  Object.fromEntries(list.map((t) => [t.Key, t.Value]));

/** `us-east-1a` → `us-east-1`; local and wavelength zones (`us-west-2-lax-1a`) too. */
export function regionOfZone(zone: string | undefined): string | undefined {
  return zone ? /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)/.exec(zone)?.[1] : undefined;
}

export function need(ctx: CommandContext, field: 'account' | 'region', why: string): string {
  const v = ctx[field];
  if (!v)
    throw new InputError(
      ctx.envelopeFile ?? ctx.file,
      field,
      `expected "${field}" in the aws-cli/1 envelope: ${why}`,
    );
  return v;
}

export function parameter(ctx: CommandContext, name: string): string {
  const v = ctx.parameters[name];
  if (typeof v !== 'string' || v === '')
    throw new InputError(
      ctx.envelopeFile ?? ctx.file,
      `parameters.${name}`,
      `expected the request parameter ${name} (a string)`,
    );
  return v;
}

/** Drops undefined fields, so that parsed records equal their JSON round trip. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
