import { edgeId, type GraphEdge, type GraphNode } from '../model/graph.js';
import type { AwsInventory } from '../model/inventory/index.js';
import { namedAccounts } from '../analysis/aws/policy/principal-match.js';
import { asList } from '../analysis/aws/policy/statements.js';

export const accountArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;
export const externalAccountArn = accountArn;
export const accessKeyNodeId = (accessKeyId: string) => `aws:access-key:${accessKeyId}`;

function identity(id: string, type: string, name: string, scope: string, tags: Record<string, string>, props: GraphNode['props']): GraphNode {
  return { id, kind: 'Identity', provider: 'aws', type, name, scope, tags, props };
}

/** AWS inventory → nodes and base edges (membership, trust as data, key → user). */
export function buildAws(inventory: AwsInventory): { nodes: GraphNode[]; edges: GraphEdge[]; warnings: string[] } {
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
        if (s.Effect !== 'Allow' || s.Principal === undefined || s.Principal === '*') return;
        const targets = new Set<string>();
        for (const v of asList(s.Principal.AWS)) if (principalArns.has(v)) targets.add(v);
        for (const a of namedAccounts(s)) {
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
  }
  return { nodes: [...nodes.values()], edges, warnings: [] };
}
