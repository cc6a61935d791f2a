import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { InputError } from '../../../src/errors.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import type { AwsResource } from '../../../src/model/inventory/index.js';
import { part, partitionOf, resource, type AwsFact, type AwsPart, type CommandContext } from './part.js';
import { configValueSchema, credentialIdsIn, secretKind, type RedactedValue } from './values.js';

/**
 * EC2 user data: the boot script an instance is launched with, readable by anyone allowed
 * ec2:DescribeInstanceAttribute on it (and by any code on the instance, through IMDS). Scripts
 * often export access keys or set passwords there. As for environments (values.ts), leakpath keeps
 * the access key ids and the kinds of secret it saw, never the script.
 */

export const describeInstanceAttributeSchema = z
  .object({
    InstanceId: z.string().regex(/^i-[0-9a-zA-Z]+$/, 'an instance id (i-…)'),
    // `{}` when the instance has no user data (some emulators print ""); the redacted object when
    // --save-raw (or a user) redacted it.
    UserData: z.union([z.object({ Value: configValueSchema.optional() }).loose(), z.literal('')]).optional(),
  })
  .loose();

/** Separates the kinds in a redacted object's `looksLikeSecret`, which holds one string. */
const KIND_SEPARATOR = '; ';

/** Boot-script idioms that set a secret without naming it like one. */
const SCRIPT_SHAPES: readonly [RegExp, string][] = [[/\|\s*(?:sudo\s+)?chpasswd\b/, 'password set with chpasswd']];

/** `NAME=value`, `export NAME=value`, `name = value` (credentials files), `name: value` (cloud-config). */
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*(.*?)\s*$/;
const unquote = (v: string) => v.replace(/^(['"])(.*)\1;?$/, '$2');
/** A command-line option or word that may name the next token: `--password`, `aws_secret_access_key`. */
const optionName = (token: string | undefined) => token?.replace(/^-+/, '').match(/^[A-Za-z_][\w-]*$/)?.[0] ?? '';

function lineKinds(line: string): string[] {
  const kinds = new Set<string>();
  const add = (k: string | undefined) => k && kinds.add(k);
  for (const [pattern, kind] of SCRIPT_SHAPES) if (pattern.test(line)) kinds.add(kind);
  // Whole-line shapes (a private key header, a URL with a password) without a name hint.
  add(secretKind('', line));
  const assignment = ASSIGNMENT.exec(line);
  if (assignment) add(secretKind(assignment[1]!, unquote(assignment[2]!)));
  // `aws configure set aws_secret_access_key <value>`, `--password <value>`: the word before names it.
  const tokens = line.trim().split(/\s+/).map(unquote);
  tokens.forEach((t, i) => add(secretKind(optionName(tokens[i - 1]), t)));
  return [...kinds];
}

export interface UserDataFacts {
  credentialIds: string[];
  secretKinds: string[];
}

/** The decoded script → the key ids and kinds of secret in it. */
export function inspectUserData(text: string): UserDataFacts {
  const kinds = new Set(text.split(/\r?\n/).flatMap(lineKinds));
  return { credentialIds: credentialIdsIn(text).sort(), secretKinds: [...kinds].sort() };
}

/** Base64 as the API returns it (whitespace tolerated); gzip-compressed scripts are inflated. */
export function decodeUserData(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact))
    throw new Error('expected base64-encoded user data');
  const bytes = Buffer.from(compact, 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString('utf8');
    } catch {
      throw new Error('expected gzip-compressed user data that decompresses (it starts with the gzip magic bytes)');
    }
  }
  return bytes.toString('utf8');
}

/**
 * What --save-raw writes in place of the base64 value. A value that does not decode keeps only
 * the key ids its text shows: it is never kept itself.
 */
export function redactUserData(value: string): RedactedValue {
  let facts: UserDataFacts;
  try {
    facts = inspectUserData(decodeUserData(value));
  } catch {
    facts = { credentialIds: credentialIdsIn(value), secretKinds: [] };
  }
  return {
    leakpath: 'redacted',
    credentialIds: facts.credentialIds,
    ...(facts.secretKinds.length ? { looksLikeSecret: facts.secretKinds.join(KIND_SEPARATOR) } : {}),
  };
}

function factsOf(value: z.infer<typeof configValueSchema> | undefined, file: string): UserDataFacts {
  if (value === undefined) return { credentialIds: [], secretKinds: [] };
  if (typeof value !== 'string') {
    return {
      credentialIds: [...new Set(value.credentialIds)].sort(),
      secretKinds: value.looksLikeSecret ? value.looksLikeSecret.split(KIND_SEPARATOR).sort() : [],
    };
  }
  try {
    return inspectUserData(decodeUserData(value));
  } catch (e) {
    throw new InputError(file, 'UserData.Value', `${(e as Error).message} (ec2 describe-instance-attribute --attribute userData output)`);
  }
}

/**
 * `ec2 describe-instance-attribute --attribute userData`. The output names the instance by id only,
 * so it becomes a fact merge attaches to that instance (as SSM's listing does); another attribute
 * asked for carries no user data and adds nothing.
 */
export function parseDescribeInstanceAttribute(json: unknown, ctx: CommandContext): AwsPart {
  const out = parseOrThrow(describeInstanceAttributeSchema, json, ctx.file, 'ec2 describe-instance-attribute output');
  if (out.UserData === undefined) return part();
  const facts = factsOf(out.UserData === '' ? undefined : out.UserData.Value, ctx.file);
  const warnings = facts.secretKinds.map(
    (kind) =>
      `${ctx.file}: user data of instance ${out.InstanceId} holds what looks like a secret (${kind}); leakpath kept the kind only, the value is stored nowhere`,
  );
  const fact: AwsFact = {
    kind: 'user-data',
    instanceId: out.InstanceId,
    ...(ctx.account ? { account: ctx.account } : {}),
    ...(ctx.region ? { region: ctx.region } : {}),
    credentialIds: facts.credentialIds,
    secretKinds: facts.secretKinds,
  };
  return part({ facts: [fact], warnings });
}

type UserDataFact = Extract<AwsFact, { kind: 'user-data' }>;
const union = (a: unknown, b: readonly string[]) =>
  [...new Set([...(Array.isArray(a) ? (a as string[]) : []), ...b])].sort();

/**
 * Attaches each read of user data to its instance, found by id (in the envelope's account when it
 * names one). An instance no describe-instances output lists is kept when the envelope says where
 * it is, as for SSM; a bare output about an unknown instance can only be reported.
 */
export function applyUserData(
  facts: readonly { file: string; fact: AwsFact }[],
  resources: Map<string, Map<string, AwsResource>>,
  put: (account: string, r: AwsResource) => void,
  warnings: string[],
): void {
  for (const { file, fact } of facts) {
    if (fact.kind !== 'user-data') continue;
    const match = [...resources.entries()]
      .filter(([a]) => !fact.account || a === fact.account)
      .flatMap(([, m]) => [...m.values()])
      .find((r) => r.type === 'ec2:instance' && r.props.instanceId === fact.instanceId);
    if (match) Object.assign(match.props, userDataProps(match, fact));
    else if (fact.account && fact.region) {
      put(
        fact.account,
        resource({
          arn: `arn:${partitionOf(fact.region)}:ec2:${fact.region}:${fact.account}:instance/${fact.instanceId}`,
          type: 'ec2:instance',
          name: fact.instanceId,
          region: fact.region,
          props: { instanceId: fact.instanceId, ...userDataProps(undefined, fact) },
        }),
      );
    } else {
      warnings.push(
        `${file}: user data of instance ${fact.instanceId}, which is in no describe-instances output read; wrap the file in an aws-cli/1 envelope with "account" and "region" to keep it`,
      );
    }
  }
}

function userDataProps(into: AwsResource | undefined, fact: UserDataFact) {
  return {
    credentialIds: union(into?.props.credentialIds, fact.credentialIds),
    userDataSecretKinds: union(into?.props.userDataSecretKinds, fact.secretKinds),
  };
}
