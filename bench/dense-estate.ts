/**
 * Dense estates for `npm run bench -- --dense`: the shapes that make real estates hard, written as
 * the files a user would ingest (one GAAD and one list-access-keys output per AWS account, one
 * AzureHound file per tenant). Deterministic per seed.
 *
 * AWS: several accounts; legacy roles with `iam:PassRole *` / `sts:AssumeRole *`; trusts naming
 * whole accounts (own and others: a cross-account mesh); chains of roles each trusting the previous
 * one; many small customer-managed policies and a few huge ones; a few administrators.
 * Azure: applications with secrets, app owners owning other apps, group nesting, tenant-wide and
 * scoped directory roles, ARM role assignments at subscription and resource-group scope, VMs with
 * managed identities.
 */
import * as H from '../test/azure/fixtures/azurehound.js';

export type Rand = () => number;

/** mulberry32: small, fast and the same on every platform. */
export function seeded(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DenseScale {
  roles: number;
  accounts: number;
}

/** `1k`, `10k`, `50k`, or any `<n>k` / plain number of roles. */
export function denseScale(name: string): DenseScale {
  const m = /^(\d+)(k?)$/.exec(name);
  if (!m) throw new Error(`dense scale "${name}": expected a number of roles like 1k, 10k, 50k`);
  const roles = Number(m[1]) * (m[2] ? 1000 : 1);
  return { roles, accounts: Math.max(3, Math.round(roles / 1000)) };
}

const stmt = (Action: string | string[], Resource: string | string[], extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const enc = (d: unknown) => encodeURIComponent(JSON.stringify(d));

const SMALL_SERVICES = ['s3:GetObject', 's3:PutObject', 'dynamodb:GetItem', 'dynamodb:Query', 'sqs:SendMessage', 'sns:Publish', 'logs:PutLogEvents', 'kms:Decrypt', 'ssm:GetParameter', 'ec2:DescribeInstances'];
const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** One AWS account's GAAD and list-access-keys outputs. */
export interface DenseAccountFiles {
  accountId: string;
  gaad: unknown;
  accessKeys: unknown;
}

export function denseAwsEstate(scale: DenseScale, seed = 7): DenseAccountFiles[] {
  const rand = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const ids = Array.from({ length: scale.accounts }, (_, i) => String(200000000000 + i));
  const perAccount = Math.ceil(scale.roles / scale.accounts);
  const usersPerAccount = Math.max(5, Math.round(perAccount / 5));
  const roleArn = (acct: string, name: string) => `arn:aws:iam::${acct}:role/${name}`;
  const policyArn = (acct: string, name: string) => `arn:aws:iam::${acct}:policy/${name}`;

  return ids.map((acct, ai) => {
    // Many small policies, a few huge ones (hundreds of statements, near the 6,144-character limit
    // AWS sets for managed policies, well past it as real exports of old accounts still show).
    const small = Array.from({ length: Math.max(10, Math.round(perAccount / 10)) }, (_, i) => ({
      name: `svc-${i}`,
      document: doc(stmt([pick(SMALL_SERVICES), pick(SMALL_SERVICES)], `arn:aws:s3:::bucket-${acct}-${i % 50}/*`)),
    }));
    const huge = Array.from({ length: 3 }, (_, i) => ({
      name: `legacy-monolith-${i}`,
      document: doc(
        ...Array.from({ length: 400 }, (_, j) =>
          j % 97 === 13
            ? stmt(['sts:AssumeRole'], roleArn(pick(ids), `app-${Math.floor(rand() * perAccount)}`))
            : stmt([pick(SMALL_SERVICES), pick(SMALL_SERVICES), pick(SMALL_SERVICES)], `arn:aws:s3:::data-${acct}-${j}/*`),
        ),
      ),
    }));
    const policies = [...small, ...huge].map((p) => ({
      PolicyName: p.name,
      PolicyId: `ANPA${acct}${p.name}`,
      Arn: policyArn(acct, p.name),
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      IsAttachable: true,
      PolicyVersionList: [{ Document: enc(p.document), VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2020-01-01T00:00:00Z' }],
    }));
    policies.push({
      PolicyName: 'AdministratorAccess',
      PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
      Arn: ADMIN_ARN,
      Path: '/',
      DefaultVersionId: 'v1',
      AttachmentCount: 1,
      IsAttachable: true,
      PolicyVersionList: [{ Document: enc(doc(stmt('*', '*'))), VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2015-02-06T18:39:46Z' }],
    });

    let chainPrev: string | undefined;
    const roles = Array.from({ length: perAccount }, (_, i) => {
      const name = `app-${i}`;
      const kind = rand();
      const attached: string[] = [];
      const inline: { name: string; document: unknown }[] = [];
      let trust: unknown;
      if (kind < 0.35) {
        trust = doc({ Effect: 'Allow', Principal: { Service: pick(['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com']) }, Action: 'sts:AssumeRole' });
        for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) attached.push(policyArn(acct, pick(small).name));
      } else if (kind < 0.5) {
        // Legacy automation: may pass any role and assume any role; trusted by its own account.
        trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' });
        inline.push({ name: 'legacy', document: doc(stmt(['iam:PassRole', 'sts:AssumeRole'], '*'), stmt(['lambda:CreateFunction', 'lambda:InvokeFunction', 'ec2:RunInstances'], '*')) });
      } else if (kind < 0.72) {
        trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' });
        attached.push(policyArn(acct, pick(small).name));
        if (rand() < 0.3) inline.push({ name: 'hop', document: doc(stmt('sts:AssumeRole', roleArn(pick(ids), 'app-*'))) });
      } else if (kind < 0.86) {
        // The cross-account mesh: trusts another account as a whole.
        trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${pick(ids)}:root` }, Action: 'sts:AssumeRole' });
        attached.push(policyArn(acct, pick(small).name));
      } else if (kind < 0.96) {
        // Long chains: each trusts the previous chain role (sometimes in the previous account).
        const prev = chainPrev ?? roleArn(ids[(ai + ids.length - 1) % ids.length]!, 'app-0');
        trust = doc({ Effect: 'Allow', Principal: { AWS: prev }, Action: 'sts:AssumeRole' });
        inline.push({ name: 'next', document: doc(stmt('sts:AssumeRole', roleArn(acct, `app-${i + 1}`))) });
        chainPrev = roleArn(acct, name);
      } else if (kind < 0.98) {
        // Vendor access: an outside account with an external id.
        trust = doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': `ext-${i}` } } });
        attached.push(policyArn(acct, pick(huge).name));
      } else {
        trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' });
        attached.push(ADMIN_ARN);
      }
      if (rand() < 0.05) attached.push(policyArn(acct, pick(huge).name));
      return {
        Path: '/',
        RoleName: name,
        RoleId: `AROA${acct}${i}`,
        Arn: roleArn(acct, name),
        CreateDate: '2020-01-01T00:00:00Z',
        AssumeRolePolicyDocument: enc(trust),
        InstanceProfileList: [],
        RolePolicyList: inline.map((p) => ({ PolicyName: p.name, PolicyDocument: enc(p.document) })),
        AttachedManagedPolicies: attached.map((a) => ({ PolicyName: a.split('/').pop(), PolicyArn: a })),
        Tags: [],
      };
    });

    const groups = ['deployers', 'readers', 'breakglass'].map((g) => ({
      Path: '/',
      GroupName: g,
      GroupId: `AGPA${acct}${g}`,
      Arn: `arn:aws:iam::${acct}:group/${g}`,
      CreateDate: '2020-01-01T00:00:00Z',
      GroupPolicyList:
        g === 'deployers'
          ? [{ PolicyName: 'deploy', PolicyDocument: enc(doc(stmt(['iam:PassRole', 'cloudformation:CreateStack'], '*'))) }]
          : g === 'breakglass'
            ? [{ PolicyName: 'assume-any', PolicyDocument: enc(doc(stmt('sts:AssumeRole', '*'))) }]
            : [],
      AttachedManagedPolicies: g === 'readers' ? [{ PolicyName: small[0]!.name, PolicyArn: policyArn(acct, small[0]!.name) }] : [],
    }));

    const users = Array.from({ length: usersPerAccount }, (_, i) => {
      const kind = rand();
      const inline: { name: string; document: unknown }[] = [];
      if (kind < 0.3) inline.push({ name: 'assume-any', document: doc(stmt('sts:AssumeRole', '*')) });
      else if (kind < 0.5) inline.push({ name: 'assume-app', document: doc(stmt('sts:AssumeRole', roleArn(pick(ids), 'app-*'))) });
      else if (kind < 0.6) inline.push({ name: 'pass', document: doc(stmt(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], '*')) });
      else if (kind < 0.8) inline.push({ name: 'one', document: doc(stmt('sts:AssumeRole', roleArn(acct, `app-${Math.floor(rand() * perAccount)}`))) });
      return {
        Path: '/',
        UserName: `ci-${ai}-${i}`,
        UserId: `AIDA${acct}${i}`,
        Arn: `arn:aws:iam::${acct}:user/ci-${ai}-${i}`,
        CreateDate: '2020-01-01T00:00:00Z',
        UserPolicyList: inline.map((p) => ({ PolicyName: p.name, PolicyDocument: enc(p.document) })),
        GroupList: rand() < 0.2 ? [pick(['deployers', 'readers', 'breakglass'])] : [],
        AttachedManagedPolicies: [],
        Tags: [],
      };
    });

    return {
      accountId: acct,
      gaad: { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies },
      accessKeys: {
        AccessKeyMetadata: users.map((u, i) => ({ UserName: u.UserName, AccessKeyId: denseKeyId(acct, i), Status: 'Active', CreateDate: '2024-01-01T00:00:00Z' })),
      },
    };
  });
}

/** The access key of user `ci-<i>` in an account: 20 characters like a real AKIA id. */
export const denseKeyId = (acct: string, i: number) => `AKIA${acct.slice(-6)}${String(i).padStart(10, '0')}`;

const guid = (c: number, n: number) => `${c.toString(16).repeat(8)}-0000-4000-8000-${String(n).padStart(12, '0')}`;

const DIRECTORY_ROLES = {
  GA: '62e90394-69f5-4237-9190-012177145e10',
  AppAdmin: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  CloudAppAdmin: '158c047a-c907-4556-b7ef-446551a6b5f7',
};
const ARM_ROLES = { Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c', Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', VMContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c' };

/** An AzureHound file with `apps` applications (each with a service principal and a secret). */
export function denseAzureEstate(apps: number, seed = 11): { file: unknown; secretIds: string[] } {
  const rand = seeded(seed);
  const subs = Array.from({ length: Math.max(2, Math.round(apps / 500)) }, (_, i) => guid(5, i + 1));
  const app = (i: number) => ({ a: guid(10, i), app: guid(12, i), sp: guid(14, i) });
  const r: H.Record_[] = [H.tenant(), H.role(DIRECTORY_ROLES.GA, 'Global Administrator'), H.role(DIRECTORY_ROLES.CloudAppAdmin, 'Cloud Application Administrator')];
  const secretIds: string[] = [];
  r.push(H.managementGroup(H.TENANT, 'Tenant Root Group'));
  for (const [i, s] of subs.entries()) {
    r.push(H.subscription(s, `sub-${i}`), H.mgDescendant(H.TENANT, `/subscriptions/${s}`, '/subscriptions'), H.resourceGroup(s, 'rg-app'));
  }
  const groups = Array.from({ length: Math.max(5, Math.round(apps / 50)) }, (_, i) => guid(6, i + 1));
  groups.forEach((g, i) => r.push(H.group(g, `team-${i}`)));
  for (let i = 1; i <= apps; i++) {
    const x = app(i);
    const key = guid(1, i);
    secretIds.push(`${x.app}:${key}`);
    r.push(H.app({ objectId: x.a, appId: x.app, name: `app-${i}`, secrets: [{ keyId: key, hint: 'abc' }] }), H.sp({ id: x.sp, appId: x.app, name: `app-${i}` }));
    // Ownership mesh: apps owning other apps' registrations.
    if (rand() < 0.3) {
      const owned = app(1 + Math.floor(rand() * apps));
      r.push(H.appOwner(owned.a, owned.app, 'servicePrincipal', x.sp));
    }
    if (rand() < 0.3) r.push(H.groupMember(groups[Math.floor(rand() * groups.length)]!, 'servicePrincipal', x.sp));
    if (rand() < 0.02) r.push(H.roleAssignment(`ra-caa-${i}`, DIRECTORY_ROLES.CloudAppAdmin, x.sp));
    if (rand() < 0.002) r.push(H.roleAssignment(`ra-ga-${i}`, DIRECTORY_ROLES.GA, x.sp));
    const sub = subs[Math.floor(rand() * subs.length)]!;
    const k = rand();
    if (k < 0.1) {
      r.push(H.subscriptionRoleAssignments(sub, H.armRa(`/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/ra-${i}`, ARM_ROLES.Contributor, x.sp, `/subscriptions/${sub}`)));
    } else if (k < 0.15) {
      const rg = `/subscriptions/${sub}/resourceGroups/rg-app`;
      r.push(H.resourceGroupRoleAssignments(rg, H.armRa(`${rg}/providers/Microsoft.Authorization/roleAssignments/ra-${i}`, ARM_ROLES.VMContributor, x.sp, rg)));
    }
    if (i % 20 === 0) {
      // A VM whose managed identity holds Contributor on its subscription.
      const mi = guid(13, i);
      const vm = `/subscriptions/${sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-${i}`;
      r.push(
        H.sp({ id: mi, appId: guid(11, i), name: `vm-${i}`, type: 'ManagedIdentity', alternativeNames: ['isExplicit=False', vm] }),
        H.vm(vm, `vm-${i}`, mi),
        H.subscriptionRoleAssignments(sub, H.armRa(`/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/ra-mi-${i}`, ARM_ROLES.Contributor, mi, `/subscriptions/${sub}`)),
      );
    }
  }
  groups.forEach((g, i) => {
    if (i % 3 === 0) r.push(H.subscriptionRoleAssignments(subs[i % subs.length]!, H.armRa(`/subscriptions/${subs[i % subs.length]}/providers/Microsoft.Authorization/roleAssignments/ra-g-${i}`, ARM_ROLES.Owner, g, `/subscriptions/${subs[i % subs.length]}`)));
  });
  return { file: H.file(r), secretIds };
}
