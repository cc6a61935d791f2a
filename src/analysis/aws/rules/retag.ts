import type { AwsResource, AwsRole, PolicyDocument, PolicyStatement } from '../../../model/inventory/index.js';
import { asList, type SourcedStatement } from '../policy/statements.js';
import { indexOf } from '../policy/statement-index.js';
import { substituteVariables } from '../policy/variables.js';
import { ownStatements, statementLayers, type AwsPrincipal } from '../principals.js';
import { allowed, keys, type Grant } from './common.js';
import { authorize } from '../policy/authorize.js';
import { attackerContext } from '../policy/attacker-context.js';

/**
 * Tag-based access control (ABAC) turned around: a condition on `aws:ResourceTag/<key>` is only as
 * strong as the right to change that tag. Whoever may tag or untag a resource chooses which side
 * of such a condition the resource is on. This file says which actions change a resource's tags,
 * which tag values are worth trying, and what the change takes; state-changes.ts re-runs the
 * rules on the retagged resource.
 */

/** The actions that add and remove tags on a resource, by ARN. */
interface Tagging {
  match: RegExp;
  tag: string;
  untag: string;
}

const TAGGING: readonly Tagging[] = [
  { match: /^arn:aws[\w-]*:iam::\d{12}:user\//, tag: 'iam:TagUser', untag: 'iam:UntagUser' },
  { match: /^arn:aws[\w-]*:iam::\d{12}:role\//, tag: 'iam:TagRole', untag: 'iam:UntagRole' },
  { match: /^arn:aws[\w-]*:ec2:/, tag: 'ec2:CreateTags', untag: 'ec2:DeleteTags' },
  { match: /^arn:aws[\w-]*:secretsmanager:/, tag: 'secretsmanager:TagResource', untag: 'secretsmanager:UntagResource' },
  { match: /^arn:aws[\w-]*:lambda:/, tag: 'lambda:TagResource', untag: 'lambda:UntagResource' },
  { match: /^arn:aws[\w-]*:ssm:[^:]*:\d{12}:parameter\//, tag: 'ssm:AddTagsToResource', untag: 'ssm:RemoveTagsFromResource' },
  { match: /^arn:aws[\w-]*:kms:/, tag: 'kms:TagResource', untag: 'kms:UntagResource' },
  { match: /^arn:aws[\w-]*:dynamodb:/, tag: 'dynamodb:TagResource', untag: 'dynamodb:UntagResource' },
  { match: /^arn:aws[\w-]*:sqs:/, tag: 'sqs:TagQueue', untag: 'sqs:UntagQueue' },
  { match: /^arn:aws[\w-]*:sns:/, tag: 'sns:TagResource', untag: 'sns:UntagResource' },
  { match: /^arn:aws[\w-]*:glue:/, tag: 'glue:TagResource', untag: 'glue:UntagResource' },
  { match: /^arn:aws[\w-]*:sagemaker:/, tag: 'sagemaker:AddTags', untag: 'sagemaker:DeleteTags' },
  { match: /^arn:aws[\w-]*:ecs:/, tag: 'ecs:TagResource', untag: 'ecs:UntagResource' },
  { match: /^arn:aws[\w-]*:cloudformation:/, tag: 'cloudformation:TagResource', untag: 'cloudformation:UntagResource' },
  { match: /^arn:aws[\w-]*:apprunner:/, tag: 'apprunner:TagResource', untag: 'apprunner:UntagResource' },
  { match: /^arn:aws[\w-]*:codebuild:/, tag: 'codebuild:UpdateProject', untag: 'codebuild:UpdateProject' },
];

export function taggingOf(arn: string): Tagging | undefined {
  return TAGGING.find((t) => t.match.test(arn));
}

/** Anything whose tags a policy may test: an IAM user or role, or an inventory resource. */
export interface Taggable {
  arn: string;
  name: string;
  tags: Record<string, string>;
  policy?: PolicyDocument;
}

const RESOURCE_TAG = /^[a-z0-9-]+:resourcetag\/(.+)$/i;
/** A value no policy names: what "any other value" looks like to a condition. */
export const OTHER_VALUE = 'leakpath-other-value';

/** Tag keys a statement's Condition tests on the resource, each with the values it names. */
function testedTags(statement: PolicyStatement, p: AwsPrincipal, out: Map<string, Set<string>>): void {
  for (const block of Object.values(statement.Condition ?? {})) {
    for (const [key, raw] of Object.entries(block)) {
      const m = RESOURCE_TAG.exec(key);
      if (!m) continue;
      const tag = m[1]!;
      const values = out.get(tag) ?? new Set<string>();
      out.set(tag, values);
      for (const v of asList(raw as string | string[])) {
        // A value naming the caller's own tag is met by copying that tag; a wildcard by any fill.
        const resolved = substituteVariables(String(v), p.context);
        if (resolved !== undefined) values.add(resolved.replace(/[*?]/g, 'x'));
      }
    }
  }
}

const principalMemo = new WeakMap<AwsPrincipal, Map<string, Set<string>>>();

/** Resource tag keys (and the values they are compared with) in the principal's own policies. */
export function principalTestedTags(p: AwsPrincipal): Map<string, Set<string>> {
  let m = principalMemo.get(p);
  if (!m) {
    m = new Map();
    for (const s of ownStatements(p)) testedTags(s.statement, p, m);
    principalMemo.set(p, m);
  }
  return m;
}

const forActionsMemo = new WeakMap<AwsPrincipal, Map<string, Map<string, Set<string>>>>();

/**
 * Resource tag keys tested by the principal's statements that can apply to one of the actions:
 * the only keys whose change can alter the rules that make those requests.
 */
export function testedTagsFor(p: AwsPrincipal, actions: readonly string[]): Map<string, Set<string>> {
  let memo = forActionsMemo.get(p);
  if (!memo) forActionsMemo.set(p, (memo = new Map()));
  const key = actions.join(',');
  let m = memo.get(key);
  if (!m) {
    m = new Map();
    const seen = new Set<SourcedStatement>();
    for (const layer of statementLayers(p)) for (const a of actions) for (const s of indexOf(layer).forAction(a)) seen.add(s);
    for (const s of seen) testedTags(s.statement, p, m);
    memo.set(key, m);
  }
  return m;
}

/** One retagging of an object: the tags it would have, and what it takes. */
export interface Retag {
  object: Taggable;
  tags: Record<string, string>;
  key: string;
  /** The new value, or null when the tag is removed. */
  value: string | null;
  action: string;
  summary: string;
}

/**
 * The retaggings worth trying on an object for a principal: one tag key at a time, set to each
 * value a condition names (or any other value), or removed. Changing one key at a time keeps the
 * search small; a condition that needs two keys changed at once is not found (docs/aws-evaluator.md).
 */
export function retagsFor(p: AwsPrincipal, object: Taggable, actions?: readonly string[]): Retag[] {
  const own = actions ? testedTagsFor(p, actions) : principalTestedTags(p);
  const policy = (object.policy?.Statement ?? []).filter(testsResourceTags);
  if (own.size === 0 && policy.length === 0) return [];
  const tested = new Map([...own].map(([k, v]) => [k, new Set(v)]));
  for (const s of policy) testedTags(s, p, tested);
  return retagsOf(object, tested);
}

const testsMemo = new WeakMap<PolicyStatement, boolean>();
/** Whether a statement's Condition tests a resource tag at all (most trust policies do not). */
export function testsResourceTags(s: PolicyStatement): boolean {
  let hit = testsMemo.get(s);
  if (hit === undefined) {
    hit = Object.values(s.Condition ?? {}).some((block) => Object.keys(block).some((k) => RESOURCE_TAG.test(k)));
    testsMemo.set(s, hit);
  }
  return hit;
}

/** Each key changed alone: removed (if present), or set to each candidate value or any other. */
export function retagsOf(object: Taggable, candidates: Map<string, Set<string>>): Retag[] {
  const tagging = taggingOf(object.arn);
  if (!tagging) return [];
  return tagChanges(object, candidates, {
    remove: (name) => ({ action: tagging.untag, summary: `removes tag ${name} from ${object.name} (${tagging.untag})` }),
    set: (name, shown) => ({ action: tagging.tag, summary: `sets tag ${name}=${shown} on ${object.name} (${tagging.tag})` }),
  });
}

/**
 * Every one-key change of the object's tags: the key removed (where `remove` is given and the key
 * is present), or set to each candidate value or to one no policy names. `remove` / `set` say what
 * request makes the change and how the evidence words it.
 */
function tagChanges(
  object: Taggable,
  candidates: Map<string, Set<string>>,
  how: { remove?: (name: string) => Pick<Retag, 'action' | 'summary'>; set: (name: string, shown: string) => Pick<Retag, 'action' | 'summary'> },
): Retag[] {
  const current = new Map(Object.entries(object.tags).map(([k, v]) => [k.toLowerCase(), { k, v }]));
  const out: Retag[] = [];
  for (const [key, values] of candidates) {
    const now = current.get(key.toLowerCase());
    const name = now?.k ?? key;
    const without = Object.fromEntries(Object.entries(object.tags).filter(([k]) => k.toLowerCase() !== key.toLowerCase()));
    if (now && how.remove) out.push({ object, tags: without, key: name, value: null, ...how.remove(name) });
    for (const value of new Set([...values, OTHER_VALUE])) {
      if (now?.v === value) continue;
      const shown = value === OTHER_VALUE ? 'a value no policy names' : value;
      out.push({ object, tags: { ...without, [name]: value }, key: name, value, ...how.set(name, shown) });
    }
  }
  return out;
}

/**
 * The tagging request as the tagger makes it: on the resource as it is tagged now, carrying the
 * new tag (`aws:RequestTag/<key>`) and the keys touched (`aws:TagKeys`).
 */
export function retagGrant(tagger: AwsPrincipal, retag: Retag, account: string): Grant {
  const requestKeys = keys({ 'aws:TagKeys': [retag.key], ...(retag.value === null ? {} : { [`aws:RequestTag/${retag.key}`]: retag.value }) });
  const decision = authorize({
    principal: tagger,
    action: retag.action,
    resource: retag.object.arn,
    resourceAccount: account,
    keys: requestKeys,
    resourceTags: retag.object.tags,
    // A role's trust policy is no policy on tagging it; other resources' policies may grant it.
    ...(retag.object.policy && !/:iam::/.test(retag.object.arn) ? { resourcePolicy: retag.object.policy } : {}),
  });
  return { action: retag.action, resource: retag.object.arn, decision };
}

export const mayRetag = (g: Grant) => allowed(g.decision);

/** The resource with other tags: what the rules are run on again. */
export function retagged<T extends Taggable | AwsResource>(object: T, tags: Record<string, string>): T {
  return { ...object, tags };
}

const PRINCIPAL_TAG = /^aws:principaltag\/(.+)$/i;
const PRINCIPAL_TAG_VARIABLE = /\$\{aws:PrincipalTag\/([^},]+)/gi;

/**
 * Principal tag keys worth retagging a principal on, with the values worth trying: those that
 * conditions on `aws:PrincipalTag/<key>` name, and for a `${aws:PrincipalTag/<key>}` variable (the
 * usual "same team as the resource" ABAC), every value the account's tags give that key.
 */
export function principalTagCandidates(statements: readonly PolicyStatement[], tagValues: (key: string) => readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (key: string, values: Iterable<string>) => {
    const set = out.get(key) ?? new Set<string>();
    out.set(key, set);
    for (const v of values) set.add(v);
  };
  for (const s of statements) {
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [key, raw] of Object.entries(block)) {
        const m = PRINCIPAL_TAG.exec(key);
        const values = asList(raw as string | string[]).map(String);
        if (m) add(m[1]!, values.filter((v) => !v.includes('${')).map((v) => v.replace(/[*?]/g, 'x')));
        for (const v of values) for (const hit of v.matchAll(PRINCIPAL_TAG_VARIABLE)) add(hit[1]!, tagValues(hit[1]!));
      }
    }
    for (const r of [...asList(s.Resource), ...asList(s.NotResource)]) for (const hit of r.matchAll(PRINCIPAL_TAG_VARIABLE)) add(hit[1]!, tagValues(hit[1]!));
  }
  return out;
}

/** The principal with other tags: its `aws:PrincipalTag/*` keys and variables follow them. */
export function withPrincipalTags(p: AwsPrincipal, tags: Record<string, string>): AwsPrincipal {
  const context = Object.fromEntries(Object.entries(p.context).filter(([k]) => !PRINCIPAL_TAG.test(k)));
  for (const [k, v] of Object.entries(tags)) context[`aws:PrincipalTag/${k}`] = v;
  return { ...p, context, conditions: attackerContext(context, p.type) };
}

/**
 * Session tags the caller may pass when it assumes the role (sts:TagSession): they become the
 * session's principal tags, overriding the role's own tags of the same key. They can set a key,
 * not remove one.
 */
export function sessionTagsOf(role: Taggable, candidates: Map<string, Set<string>>): Retag[] {
  return tagChanges(role, candidates, {
    set: (name, shown) => ({ action: 'sts:TagSession', summary: `assumes ${role.name} with session tag ${name}=${shown} (sts:TagSession)` }),
  });
}

/** sts:TagSession on the role, judged by the caller's policies and the role's trust policy. */
export function sessionTagGrant(caller: AwsPrincipal, role: AwsRole, retag: Retag, account: string): Grant {
  const decision = authorize({
    principal: caller,
    action: 'sts:TagSession',
    resource: role.arn,
    resourceAccount: account,
    resourcePolicy: role.trustPolicy,
    resourceTags: role.tags,
    keys: keys({ 'aws:TagKeys': [retag.key], [`aws:RequestTag/${retag.key}`]: retag.value ?? '' }),
  });
  return { action: 'sts:TagSession', resource: role.arn, decision };
}
