import type { AwsAccount, AwsInventory, PolicyDocument } from '../src/model/inventory/index.js';

/**
 * A synthetic AWS estate of a given size, deterministic per seed: accounts with users (each with
 * an access key), roles trusting other accounts or specific roles, assume-role grants, a few admins.
 * Shaped like real estates: most roles are service roles nobody can walk into.
 * With `abac`, principals carry team tags and some policies use them: "same team as the role"
 * assume grants, tagging rights (iam:TagRole, iam:TagUser on oneself), self-service MFA, and
 * MFA-gated trusts — the shapes that make the analysis try retaggings and MFA enrolments.
 */
export function syntheticEstate(opts: { accounts: number; usersPerAccount: number; rolesPerAccount: number; seed?: number; abac?: boolean }): AwsInventory {
  let seed = opts.seed ?? 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const ids = Array.from({ length: opts.accounts }, (_, i) => String(100000000000 + i));
  const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });
  const roleArn = (acct: string, i: number) => `arn:aws:iam::${acct}:role/role-${i}`;
  const teams = ['web', 'data', 'ops', 'payments', 'ml'];
  const teamTag = (): Record<string, string> => (opts.abac ? { team: pick(teams) } : {});
  const abacStatements = (acct: string, user: string): PolicyDocument['Statement'] => {
    if (!opts.abac) return [];
    const out: PolicyDocument['Statement'] = [];
    if (rand() < 0.2) out.push({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${acct}:role/*`, Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } });
    if (rand() < 0.1) out.push({ Effect: 'Allow', Action: 'iam:TagRole', Resource: `arn:aws:iam::${acct}:role/*` });
    if (rand() < 0.1) out.push({ Effect: 'Allow', Action: 'iam:TagUser', Resource: `arn:aws:iam::${acct}:user/${user}` });
    if (rand() < 0.3) {
      out.push({ Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: `arn:aws:iam::${acct}:mfa/\${aws:username}` });
      out.push({ Effect: 'Allow', Action: 'iam:EnableMFADevice', Resource: `arn:aws:iam::${acct}:user/\${aws:username}` });
    }
    return out;
  };

  const accounts: AwsAccount[] = ids.map((acct) => {
    const roles = Array.from({ length: opts.rolesPerAccount }, (_, i) => {
      const kind = rand();
      const trust =
        kind < 0.6
          ? doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' })
          : kind < 0.85
            ? doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${pick(ids)}:root` }, Action: 'sts:AssumeRole' })
            : doc({ Effect: 'Allow', Principal: { AWS: roleArn(pick(ids), Math.floor(rand() * opts.rolesPerAccount)) }, Action: 'sts:AssumeRole' });
      if (opts.abac && kind >= 0.6 && rand() < 0.2) trust.Statement[0]!.Condition = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
      const admin = rand() < 0.02;
      return {
        arn: roleArn(acct, i),
        name: `role-${i}`,
        id: `AROA${acct}${i}`,
        path: '/',
        trustPolicy: trust,
        inlinePolicies: [
          { name: 'p', document: admin ? doc({ Effect: 'Allow', Action: '*', Resource: '*' }) : doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 's3:GetObject'], Resource: `arn:aws:iam::${pick(ids)}:role/role-*` }) },
        ],
        attachedPolicies: [],
        tags: teamTag(),
        instanceProfiles: [],
      };
    });
    const users = Array.from({ length: opts.usersPerAccount }, (_, i) => ({
      arn: `arn:aws:iam::${acct}:user/user-${i}`,
      name: `user-${i}`,
      id: `AIDA${acct}${i}`,
      path: '/',
      groups: [],
      inlinePolicies: [
        {
          name: 'p',
          document: doc(
            { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: rand() < 0.5 ? `arn:aws:iam::${pick(ids)}:role/*` : roleArn(pick(ids), Math.floor(rand() * opts.rolesPerAccount)) },
            ...abacStatements(acct, `user-${i}`),
          ),
        },
      ],
      attachedPolicies: [],
      tags: teamTag(),
    }));
    return {
      accountId: acct,
      users,
      groups: [],
      roles,
      policies: [],
      accessKeys: users.map((u, i) => ({ accessKeyId: `AKIA${acct}${String(i).padStart(4, '0')}`, userName: u.name, status: 'Active' as const })),
    };
  });
  return { provider: 'aws', accounts };
}

/** The bench scales, shared by `npm run bench` and `npm run bench:neo4j`. */
export const SCALES = {
  small: { accounts: 5, usersPerAccount: 10, rolesPerAccount: 40 },
  medium: { accounts: 20, usersPerAccount: 20, rolesPerAccount: 100 },
  large: { accounts: 50, usersPerAccount: 40, rolesPerAccount: 200 },
} as const;

export type Scale = keyof typeof SCALES;

/** The scales named by `--scales a,b`, or the default ones. */
export function chosenScales(argv: readonly string[], fallback: readonly Scale[]): Scale[] {
  const i = argv.indexOf('--scales');
  return i > 0 ? (argv[i + 1]!.split(',') as Scale[]) : [...fallback];
}
