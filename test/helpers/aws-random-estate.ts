/**
 * Random multi-account AWS estates for properties (test/aws/hub-folding.test.ts,
 * test/aws/analysis-threads.test.ts): trusts of whole accounts (own, other, by id or root, with
 * conditions, next to a service or a named principal), callers whose sts:AssumeRole is on `*`, on
 * a name pattern, on one role, under MFA or resource-tag conditions, with a Deny on one role,
 * capped by a permissions boundary, and PassRole grants of several shapes.
 */
import fc from 'fast-check';
import { accessKeys, allow, deny, doc, gaad, managed, role, user } from './aws-estate.js';

export const ESTATE_ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const ACCOUNTS = ESTATE_ACCOUNTS;

const trustKinds = ['own-root', 'own-id', 'other-root', 'own-root-condition', 'service', 'service', 'service-condition', 'named-user', 'own-root+service', 'own-root-deny-user'] as const;
const grantKinds = ['none', 'any', 'any', 'pattern-r', 'one-role', 'any-mfa', 'any-resource-tag', 'any-deny-one', 'any-boundary', 'admin', 'pass-any', 'pass-any', 'pass-pattern', 'pass-to-lambda', 'pass-tagged', 'pass-deny-one'] as const;

const principal = fc.record({ grant: fc.constantFrom(...grantKinds), target: fc.nat(20), tag: fc.constantFrom('a', 'b') });
const roleSpec = fc.record({ trust: fc.constantFrom(...trustKinds), prefix: fc.constantFrom('r', 'r', 'x'), who: fc.nat(20) }).chain((t) => principal.map((p) => ({ ...t, ...p })));
/** `accounts` accounts (at most 3), each trusting the next one's root in some roles. */
export const estateSpecOf = (accounts: number) =>
  fc.array(fc.record({ roles: fc.array(roleSpec, { minLength: 2, maxLength: 9 }), users: fc.array(principal, { minLength: 1, maxLength: 5 }) }), { minLength: accounts, maxLength: accounts });

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
export type Spec = Of<ReturnType<typeof estateSpecOf>>;

export function files(spec: Spec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  spec.forEach((a, ai) => {
    const acct = ACCOUNTS[ai]!;
    const other = ACCOUNTS[(ai + 1) % spec.length]!;
    const roleName = (i: number) => `${a.roles[i]!.prefix}-${i}`;
    const roleArn = (i: number) => `arn:aws:iam::${acct}:role/${roleName(i % a.roles.length)}`;
    const userArn = (i: number) => `arn:aws:iam::${acct}:user/u-${i % a.users.length}`;
    const boundary = `arn:aws:iam::${acct}:policy/only-r`;
    const compute = ['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances', 'iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile'];
    const grant = (p: Of<typeof principal>) => {
      const inline: Record<string, object> = {};
      const opts: { inline: Record<string, object>; attached?: string[]; boundary?: string; tags: Record<string, string> } = { inline, tags: { team: p.tag } };
      const assumeAny = allow('sts:AssumeRole', '*');
      switch (p.grant) {
        case 'none':
          break;
        case 'any':
          inline.any = doc(assumeAny);
          break;
        case 'pattern-r':
          inline.pattern = doc(allow('sts:AssumeRole', `arn:aws:iam::${p.target % 2 ? other : acct}:role/r-*`));
          break;
        case 'one-role':
          inline.one = doc(allow('sts:AssumeRole', roleArn(p.target)));
          break;
        case 'any-mfa':
          inline.mfa = doc(allow('sts:AssumeRole', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }));
          break;
        case 'any-resource-tag':
          inline.tagged = doc(allow('sts:AssumeRole', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': p.tag } } }));
          break;
        case 'any-deny-one':
          inline.deny = doc(assumeAny, deny('sts:AssumeRole', roleArn(p.target)));
          break;
        case 'any-boundary':
          inline.any = doc(assumeAny);
          opts.boundary = boundary;
          break;
        case 'admin':
          opts.attached = ['arn:aws:iam::aws:policy/AdministratorAccess'];
          break;
        case 'pass-any':
          inline.pass = doc(allow(['iam:PassRole', ...compute], '*'));
          break;
        case 'pass-pattern':
          inline.pass = doc(allow('iam:PassRole', `arn:aws:iam::${acct}:role/r-*`), allow(compute, '*'));
          break;
        case 'pass-to-lambda':
          inline.pass = doc(allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }), allow(compute, '*'));
          break;
        case 'pass-tagged':
          inline.pass = doc(allow('iam:PassRole', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': p.tag } } }), allow(compute, '*'));
          break;
        case 'pass-deny-one':
          inline.pass = doc(allow(['iam:PassRole', ...compute], '*'), deny('iam:PassRole', roleArn(p.target)));
          break;
      }
      return opts;
    };
    const trust = (r: Of<typeof roleSpec>): object => {
      const root = (x: string) => `arn:aws:iam::${x}:root`;
      const stmt = (principal: string, extra: object = {}) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...extra });
      switch (r.trust) {
        case 'own-root':
          return doc(stmt(root(acct)));
        case 'own-id':
          return doc(stmt(acct));
        case 'other-root':
          return doc(stmt(root(other)));
        case 'own-root-condition':
          return doc(stmt(root(acct), { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } }));
        case 'service':
          return doc({ Effect: 'Allow', Principal: { Service: r.who % 2 ? 'lambda.amazonaws.com' : 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
        case 'service-condition':
          return doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': acct } } });
        case 'named-user':
          return doc(stmt(userArn(r.who)));
        case 'own-root+service':
          return doc(stmt(root(acct)), { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
        case 'own-root-deny-user':
          return doc(stmt(root(acct)), { Effect: 'Deny', Principal: { AWS: userArn(r.who) }, Action: 'sts:AssumeRole' });
      }
    };
    out[`${acct}-gaad.json`] = gaad({
      users: a.users.map((u, i) => user(acct, `u-${i}`, grant(u))),
      roles: a.roles.map((r, i) => role(acct, roleName(i), trust(r), grant(r))),
      policies: [managed('AdministratorAccess', doc(allow('*'))), managed('only-r', doc(allow('sts:AssumeRole', `arn:aws:iam::*:role/r-*`), allow('s3:*')), acct)],
    });
    out[`${acct}-keys.json`] = { AccessKeyMetadata: a.users.flatMap((_, i) => accessKeys(`u-${i}`, { id: `AKIA${acct.slice(0, 4)}${String(i).padStart(12, '0')}` }).AccessKeyMetadata) };
  });
  return out;
}

