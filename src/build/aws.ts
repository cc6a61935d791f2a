import { edgeId, type GraphEdge, type GraphNode } from '../model/graph.js';
import type { AwsInventory, AwsResource } from '../model/inventory/index.js';
import { namedAccounts } from '../analysis/aws/policy/principal-match.js';
import { asList } from '../analysis/aws/policy/statements.js';
import { ANY_ACCOUNT, admitsAnyAccount } from '../analysis/aws/rules/assume-role.js';

export const accountArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;
export const externalAccountArn = accountArn;
export const accessKeyNodeId = (accessKeyId: string) => `aws:access-key:${accessKeyId}`;

/** Resource types that are themselves places where credentials live. */
const SECRET_STORES = new Set(['secretsmanager:secret', 'ssm:parameter']);
const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Configuration that can hold credentials, by resource type: the location is `<arn>#<suffix>`,
 * named "<resource name> <label>"; `secrets` is the prop listing what looked like a secret there
 * (names or kinds, never values), copied onto the location node as `detail`.
 */
interface ConfigLocation {
  suffix: string;
  label: string;
  secrets: string;
  detail: string;
}
const ENVIRONMENT: ConfigLocation = { suffix: 'environment', label: 'environment', secrets: 'secretEnvironmentVariableNames', detail: 'variableNames' };
const CONFIG_LOCATIONS: Readonly<Record<string, ConfigLocation>> = {
  'lambda:function': ENVIRONMENT,
  'codebuild:project': ENVIRONMENT,
  'ec2:instance': { suffix: 'user-data', label: 'user data', secrets: 'userDataSecretKinds', detail: 'secretKinds' },
};

/**
 * The SecretLocation node of a resource, when it has one: a secret or parameter is one; a
 * configuration (a function's or build project's environment, an instance's user data) is one when
 * the input saw a credential id or a credential-looking value in it (values are never kept).
 */
export function secretLocationId(r: AwsResource): string | undefined {
  if (SECRET_STORES.has(r.type)) return r.arn;
  const config = CONFIG_LOCATIONS[r.type];
  if (config && (listOf(r.props[config.secrets]).length > 0 || listOf(r.props.credentialIds).length > 0)) {
    return `${r.arn}#${config.suffix}`;
  }
  return undefined;
}

function identity(id: string, type: string, name: string, scope: string, tags: Record<string, string>, props: GraphNode['props']): GraphNode {
  return { id, kind: 'Identity', provider: 'aws', type, name, scope, tags, props };
}

/** AWS inventory → nodes and base edges (membership, trust as data, key → user). */
export function buildAws(inventory: AwsInventory, at: Date = new Date()): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const add = (n: GraphNode) => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
  };
  const known = new Set(inventory.accounts.map((a) => a.accountId));

  for (const account of inventory.accounts) {
    const acct = account.accountId;
    add(identity(accountArn(acct), 'aws:account', `account ${acct}`, acct, {}, { accountId: acct, external: false }));
    for (const u of account.users) {
      add(identity(u.arn, 'aws:iam:user', u.name, acct, u.tags, { path: u.path, userId: u.id, permissionsBoundary: u.permissionsBoundary ?? null, inInventory: true }));
    }
    for (const g of account.groups) add(identity(g.arn, 'aws:iam:group', g.name, acct, {}, { path: g.path, groupId: g.id }));
    for (const r of account.roles) {
      add(identity(r.arn, 'aws:iam:role', r.name, acct, r.tags, {
        path: r.path,
        roleId: r.id,
        permissionsBoundary: r.permissionsBoundary ?? null,
        instanceProfiles: r.instanceProfiles,
        lastUsed: r.lastUsed ?? null,
        serviceLinked: r.path.startsWith('/aws-service-role/'),
      }));
    }

    const groupArn = new Map(account.groups.map((g) => [g.name, g.arn]));
    for (const u of account.users) {
      for (const name of u.groups) {
        const target = groupArn.get(name);
        if (!target) continue;
        edges.push({
          id: edgeId('MEMBER_OF', 'aws:iam:GroupMembership', u.arn, target),
          source: u.arn,
          target,
          kind: 'MEMBER_OF',
          technique: 'aws:iam:GroupMembership',
          evidence: { summary: `${u.name} is in group ${name}`, refs: [{ type: 'group-membership', source: u.arn, detail: name }] },
          conditional: false,
        });
      }
    }

    const principalArns = new Set([...account.users, ...account.roles].map((p) => p.arn));
    for (const r of account.roles) {
      r.trustPolicy.Statement.forEach((s, i) => {
        if (admitsAnyAccount(s, at)) {
          // Next to the external accounts: the one that stands for every account nobody names.
          add({ id: ANY_ACCOUNT, kind: 'Identity', provider: 'aws', type: 'aws:account', name: 'any AWS account', tags: {}, props: { external: true } });
          edges.push({
            id: edgeId('TRUSTS', 'aws:iam:TrustPolicy', r.arn, ANY_ACCOUNT),
            source: r.arn,
            target: ANY_ACCOUNT,
            kind: 'TRUSTS',
            technique: 'aws:iam:TrustPolicy',
            evidence: { summary: `trust policy of ${r.name} admits every AWS account`, refs: [{ type: 'trust-policy', source: `${r.arn} trust policy`, statement: s.Sid ?? `#${i}` }] },
            conditional: s.Condition !== undefined,
          });
        }
        if (s.Effect !== 'Allow' || s.Principal === undefined || s.Principal === '*') return;
        const targets = new Set<string>();
        for (const v of asList(s.Principal.AWS)) if (principalArns.has(v)) targets.add(v);
        // An in-inventory account is named only by its id or root; a principal ARN there that is
        // not in the inventory names nobody. Outside the inventory the account node stands for all.
        const namesAccount = (a: string) => !known.has(a) || asList(s.Principal === '*' ? undefined : s.Principal?.AWS).some((v) => v === a || v === accountArn(a));
        for (const a of namedAccounts(s)) {
          if (!namesAccount(a)) continue;
          targets.add(accountArn(a));
          if (!known.has(a)) add(identity(accountArn(a), 'aws:account', `external account ${a}`, a, {}, { accountId: a, external: true }));
        }
        for (const target of targets) {
          if (!principalArns.has(target) && !nodes.has(target)) continue;
          edges.push({
            id: edgeId('TRUSTS', 'aws:iam:TrustPolicy', r.arn, target),
            source: r.arn,
            target,
            kind: 'TRUSTS',
            technique: 'aws:iam:TrustPolicy',
            evidence: { summary: `trust policy of ${r.name} names ${target}`, refs: [{ type: 'trust-policy', source: `${r.arn} trust policy`, statement: s.Sid ?? `#${i}` }] },
            conditional: s.Condition !== undefined,
          });
        }
      });
    }

    const userArn = new Map(account.users.map((u) => [u.name, u.arn]));
    for (const k of account.accessKeys) {
      const id = accessKeyNodeId(k.accessKeyId);
      let owner = userArn.get(k.userName);
      if (!owner) {
        owner = `arn:aws:iam::${acct}:user/${k.userName}`;
        add(identity(owner, 'aws:iam:user', k.userName, acct, {}, { inInventory: false }));
      }
      nodes.set(id, {
        id,
        kind: 'Credential',
        provider: 'aws',
        type: 'aws:iam:access-key',
        name: k.accessKeyId,
        scope: acct,
        tags: {},
        aliases: [k.accessKeyId],
        props: { accessKeyId: k.accessKeyId, status: k.status, userName: k.userName, owner, createDate: k.createDate ?? null, lastUsedDate: k.lastUsedDate ?? null },
      });
      if (k.status !== 'Active') continue;
      edges.push({
        id: edgeId('AUTHENTICATES_AS', 'aws:iam:AccessKey', id, owner),
        source: id,
        target: owner,
        kind: 'AUTHENTICATES_AS',
        technique: 'aws:iam:AccessKey',
        evidence: { summary: `active access key of ${k.userName}`, refs: [{ type: 'inventory', source: 'iam list-access-keys', detail: `${k.accessKeyId} Status=Active` }] },
        conditional: false,
      });
    }
    for (const r of account.resources ?? []) addResource(r, acct, nodes, edges);
  }
  return { nodes: [...nodes.values()], edges, warnings: [] };
}

/**
 * A Resource node per inventory resource; a SecretLocation node where credentials live (the
 * resource itself for a secret, `<arn>#environment` / `<arn>#user-data` for configuration that
 * holds some). Access key ids seen in a location link it to their credential: STORED_IN as the
 * fact, EXPOSES as the walkable consequence (whoever reads the location holds the key).
 */
function addResource(r: AwsResource, acct: string, nodes: Map<string, GraphNode>, edges: GraphEdge[]): void {
  const props: GraphNode['props'] = { ...r.props, region: r.region ?? null, runsAs: r.runsAs ?? null, hasPolicy: r.policy !== undefined };
  const location = secretLocationId(r);
  if (!nodes.has(r.arn)) {
    const kind = location === r.arn ? 'SecretLocation' : 'Resource';
    nodes.set(r.arn, { id: r.arn, kind, provider: 'aws', type: `aws:${r.type}`, name: r.name, scope: acct, tags: r.tags, props });
  }
  if (!location) return;
  const config = CONFIG_LOCATIONS[r.type];
  if (location !== r.arn && config && !nodes.has(location)) {
    nodes.set(location, {
      id: location,
      kind: 'SecretLocation',
      provider: 'aws',
      type: `aws:${r.type}:${config.suffix}`,
      name: `${r.name} ${config.label}`,
      scope: acct,
      tags: {},
      props: { resource: r.arn, [config.detail]: listOf(r.props[config.secrets]) },
    });
  }
  for (const keyId of listOf(r.props.credentialIds)) {
    const credential = accessKeyNodeId(keyId);
    if (!nodes.has(credential)) continue;
    const refs = [{ type: 'inventory' as const, source: r.arn, detail: `a value there contains access key id ${keyId}` }];
    edges.push(
      {
        id: edgeId('STORED_IN', 'aws:secret:StoredIn', credential, location),
        source: credential,
        target: location,
        kind: 'STORED_IN',
        technique: 'aws:secret:StoredIn',
        evidence: { summary: `access key ${keyId} is stored in ${r.name}`, refs },
        conditional: false,
      },
      {
        id: edgeId('EXPOSES', 'aws:secret:StoredIn', location, credential),
        source: location,
        target: credential,
        kind: 'EXPOSES',
        technique: 'aws:secret:StoredIn',
        evidence: { summary: `reading ${r.name} yields access key ${keyId}`, refs },
        conditional: false,
      },
    );
  }
}
