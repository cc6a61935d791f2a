import type {
  AwsAccount,
  AwsInventory,
  AwsOrganization,
  AwsResource,
} from '../../../src/model/inventory/index.js';
import { accountFromAccessKeyId } from './account-from-key.js';
import type { AwsFact, AwsPart, OrganizationPart } from './part.js';
import { defined, resource as newResource, splitArn } from './part.js';
import { applyUserData } from './user-data.js';
import { appendAll } from '../../../src/model/append.js';

function emptyAccount(accountId: string): AwsAccount {
  return { accountId, users: [], groups: [], roles: [], policies: [], accessKeys: [] };
}

/** Fields that change between two exports of an unchanged object: no conflict when only they differ. */
const VOLATILE = new Set(['lastUsed', 'lastUsedDate']);

/** Top-level fields on which two descriptions of one object disagree. */
function differingFields(a: object, b: object): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !VOLATILE.has(k));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return keys.filter((k) => JSON.stringify(ra[k]) !== JSON.stringify(rb[k])).sort();
}

/**
 * Records that describe one object (a role ARN, a key id) more than once. The later one read
 * wins — files in command-line order, a directory's files in name order, records in file order —
 * and a disagreement is a warning naming both files, never silent.
 */
class Merger<T extends object> {
  private readonly index = new Map<string, { at: number; file: string }>();
  /** Objects described twice with different content. */
  conflicts = 0;

  constructor(
    private readonly into: T[],
    private readonly what: string,
    private readonly key: (t: T) => string,
    private readonly warnings: string[],
  ) {
    into.forEach((t, i) => this.index.set(key(t), { at: i, file: '' }));
  }

  add(item: T, file: string): void {
    const k = this.key(item);
    const seen = this.index.get(k);
    if (seen === undefined) {
      this.index.set(k, { at: this.into.length, file });
      this.into.push(item);
      return;
    }
    const fields = differingFields(this.into[seen.at]!, item);
    if (fields.length > 0) {
      this.conflicts++;
      const where = seen.file === file ? `twice in ${file}` : `in ${seen.file} and in ${file}`;
      this.warnings.push(`conflict: ${this.what} ${k} is described ${where} with different ${fields.join(', ')}; the later description (${file}) is kept`);
    }
    this.into[seen.at] = item;
    this.index.set(k, { at: seen.at, file });
  }
}

/**
 * Facts about one resource arrive from several files (list-functions, get-policy, an event source
 * mapping): each fills the fields it knows, a later file wins a field both know.
 */
function mergeResource(into: AwsResource, from: AwsResource): void {
  into.name = from.name || into.name;
  for (const k of ['region', 'policy', 'runsAs'] as const)
    if (from[k] !== undefined) (into as unknown as Record<string, unknown>)[k] = from[k];
  into.tags = { ...into.tags, ...from.tags };
  into.props = { ...into.props, ...from.props };
}

const accountOf = (arn: string) => {
  const a = splitArn(arn)?.account;
  return a && /^\d{12}$/.test(a) ? a : undefined;
};

const sortedUnion = (a: unknown, b: readonly string[]) =>
  [...new Set([...(Array.isArray(a) ? (a as string[]) : []), ...b])].sort();

/**
 * Joins every AWS file of one ingest: several exports of one account become one account; access
 * keys, login profiles and bucket listings (which name no account) are placed by explicit account,
 * else by the only account that fits; facts that link resources (triggers, SSM registration,
 * instance profiles, security groups) are applied once every file is in.
 */
export function mergeAwsParts(parts: readonly { file: string; part: AwsPart }[]): {
  inventory: AwsInventory;
  warnings: string[];
} {
  const accounts = new Map<string, AwsAccount>();
  const warnings: string[] = [];
  const account = (id: string) => {
    let a = accounts.get(id);
    if (!a) accounts.set(id, (a = emptyAccount(id)));
    return a;
  };
  const resources = new Map<string, Map<string, AwsResource>>();
  const resourcesOf = (id: string) => {
    account(id);
    let m = resources.get(id);
    if (!m) resources.set(id, (m = new Map()));
    return m;
  };
  const putResource = (accountId: string, r: AwsResource) => {
    const m = resourcesOf(accountId);
    const existing = m.get(r.arn);
    if (existing) mergeResource(existing, r);
    else m.set(r.arn, structuredClone(r));
  };

  const mergers = new Map<AwsAccount, ReturnType<typeof accountMergers>>();
  const mergersOf = (a: AwsAccount) => {
    let m = mergers.get(a);
    if (!m) mergers.set(a, (m = accountMergers(a, warnings)));
    return m;
  };
  /** Files that described an account's principals (authorization-details exports), per account. */
  const describedBy = new Map<string, Set<string>>();
  for (const { file, part } of parts) {
    appendAll(warnings, part.warnings);
    for (const a of part.accounts) {
      const m = mergersOf(account(a.accountId));
      for (const u of a.users) m.users.add(u, file);
      for (const g of a.groups) m.groups.add(g, file);
      for (const r of a.roles) m.roles.add(r, file);
      for (const p of a.policies) m.policies.add(p, file);
      for (const k of a.accessKeys) m.accessKeys.add(k, file);
      if (a.users.length + a.groups.length + a.roles.length + a.policies.length > 0) describedBy.set(a.accountId, (describedBy.get(a.accountId) ?? new Set()).add(file));
    }
  }
  for (const [accountId, files] of describedBy) {
    const m = mergersOf(account(accountId));
    const conflicts = m.users.conflicts + m.groups.conflicts + m.roles.conflicts + m.policies.conflicts;
    if (files.size > 1 && conflicts > 0) {
      warnings.push(`conflict: account ${accountId} is described by ${files.size} authorization-details exports that disagree on ${conflicts} object(s) (${[...files].join(', ')}); for each, the file read last is kept, and objects only one file lists are all kept`);
    }
  }

  placeAccessKeys(parts, accounts, account, warnings);

  // Resources whose ARN or envelope names the account first, so that "the only account" is known.
  const unplaced: { file: string; resource: AwsResource }[] = [];
  for (const { file, part } of parts) {
    for (const { resource, account: explicit } of part.resources) {
      const target = accountOf(resource.arn) ?? explicit;
      if (target) putResource(target, resource);
      else unplaced.push({ file, resource });
    }
  }
  for (const { file, resource } of unplaced) {
    if (accounts.size === 1) putResource([...accounts.keys()][0]!, resource);
    else {
      warnings.push(
        `${file}: ${resource.type} ${resource.name} names no account and the ingest has ${accounts.size === 0 ? 'none' : `several (${[...accounts.keys()].sort().join(', ')})`}; wrap the file in an aws-cli/1 envelope with "account"`,
      );
    }
  }

  placeListings(parts, accounts, account);

  const facts = parts.flatMap(({ file, part }) => part.facts.map((fact) => ({ file, fact })));
  applyLoginProfiles(facts, accounts, warnings);
  applyTriggers(facts, resources, putResource);
  applySsm(facts, resources, putResource, warnings);
  applyUserData(facts, resources, putResource, warnings);
  resolveInstanceProfiles(accounts, resources, warnings);
  applySecurityGroups(resources);

  for (const [id, m] of resources) {
    account(id).resources = [...m.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  }
  const organization = mergeOrganization(parts, warnings);
  const sorted = [...accounts.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
  return {
    inventory: { provider: 'aws', accounts: sorted, ...(organization ? { organization } : {}) },
    warnings,
  };
}

function accountMergers(a: AwsAccount, warnings: string[]) {
  return {
    users: new Merger(a.users, 'user', (u) => u.arn, warnings),
    groups: new Merger(a.groups, 'group', (g) => g.arn, warnings),
    roles: new Merger(a.roles, 'role', (r) => r.arn, warnings),
    policies: new Merger(a.policies, 'policy', (p) => p.arn, warnings),
    accessKeys: new Merger(a.accessKeys, 'access key', (k) => k.accessKeyId, warnings),
  };
}

function placeAccessKeys(
  parts: readonly { file: string; part: AwsPart }[],
  accounts: Map<string, AwsAccount>,
  account: (id: string) => AwsAccount,
  warnings: string[],
): void {
  // Indexed once: per key, scanning every user of every account (and rebuilding the key index)
  // made 20,000 keys take minutes.
  const ownersByName = new Map<string, AwsAccount[]>();
  for (const a of accounts.values()) {
    for (const name of new Set(a.users.map((u) => u.name))) ownersByName.set(name, [...(ownersByName.get(name) ?? []), a]);
  }
  const keyIndex = new Map<AwsAccount, Map<string, number>>();
  /** Where each key id was placed, from which file: a key id is global, it has one owner. */
  const placed = new Map<string, { into: AwsAccount; file: string }>();
  const placeKey = (into: AwsAccount, key: AwsAccount['accessKeys'][number], file: string) => {
    const before = placed.get(key.accessKeyId);
    if (before && before.into !== into) {
      const old = before.into.accessKeys.find((k) => k.accessKeyId === key.accessKeyId)!;
      warnings.push(`conflict: access key ${key.accessKeyId} is listed for user "${old.userName}" of account ${before.into.accountId} (${before.file}) and for user "${key.userName}" of account ${into.accountId} (${file}); the later listing is kept`);
      before.into.accessKeys = before.into.accessKeys.filter((k) => k.accessKeyId !== key.accessKeyId);
      keyIndex.delete(before.into);
    }
    let index = keyIndex.get(into);
    if (!index) keyIndex.set(into, (index = new Map(into.accessKeys.map((k, i) => [k.accessKeyId, i]))));
    const at = index.get(key.accessKeyId);
    placed.set(key.accessKeyId, { into, file });
    if (at === undefined) {
      index.set(key.accessKeyId, into.accessKeys.length);
      into.accessKeys.push(key);
      return;
    }
    into.accessKeys[at] = resolveKeyConflict(into.accessKeys[at]!, key, before?.file ?? 'an earlier record', file, warnings);
  };
  for (const { file, part } of parts) {
    for (const batch of part.keys) {
      for (const key of batch.keys) {
        const owners = ownersByName.get(key.userName) ?? [];
        const encoded = accountFromAccessKeyId(key.accessKeyId);
        let target = batch.account;
        if (!target) {
          if (owners.length === 1) target = owners[0]!.accountId;
          else if (encoded && (owners.length === 0 || owners.some((o) => o.accountId === encoded)))
            target = encoded;
        }
        if (!target) {
          warnings.push(
            `${file}: access key ${key.accessKeyId} of user "${key.userName}" could not be placed in one account (users of that name in ${owners.map((o) => o.accountId).join(', ')}); wrap the file in an aws-cli/1 envelope with "account"`,
          );
          continue;
        }
        const into = account(target);
        if (!owners.includes(into)) {
          warnings.push(
            `${file}: access key ${key.accessKeyId} belongs to user "${key.userName}", who is not in any authorization-details export of account ${target}; its permissions are unknown (coverage gap)`,
          );
        }
        placeKey(into, key, file);
      }
    }
  }
}

/**
 * One key listed twice. Owner: the later listing. Status: Active when either says so — a key
 * seen active may still work, and a missed path costs more than a stale one.
 */
function resolveKeyConflict(
  old: AwsAccount['accessKeys'][number],
  key: AwsAccount['accessKeys'][number],
  oldFile: string,
  file: string,
  warnings: string[],
): AwsAccount['accessKeys'][number] {
  const where = oldFile === file ? `twice in ${file}` : `in ${oldFile} and in ${file}`;
  if (old.userName !== key.userName) {
    warnings.push(`conflict: access key ${key.accessKeyId} is listed ${where} under users "${old.userName}" and "${key.userName}"; the later listing ("${key.userName}") is kept`);
  }
  if (old.status !== key.status) {
    warnings.push(`conflict: access key ${key.accessKeyId} is listed ${where} as ${old.status} and as ${key.status}; it is treated as Active (the worst case)`);
    return { ...key, status: 'Active' };
  }
  return key;
}

/**
 * A listing belongs to the envelope's account, else to the one account its ARNs name, else to the
 * only account of the ingest. One that cannot be placed is dropped: the type then counts as not
 * collected, which only keeps rules from taking an absence for a fact.
 */
function placeListings(
  parts: readonly { file: string; part: AwsPart }[],
  accounts: Map<string, AwsAccount>,
  account: (id: string) => AwsAccount,
): void {
  const only = accounts.size === 1 ? [...accounts.keys()][0] : undefined;
  for (const { part } of parts) {
    for (const listing of part.collected ?? []) {
      const named = new Set(listing.arns.map(accountOf).filter((a) => a !== undefined));
      const target =
        listing.account ?? (named.size === 1 ? [...named][0] : named.size === 0 ? only : undefined);
      if (!target) continue;
      const into = account(target);
      into.collected = sortedUnion(into.collected, [listing.type]);
    }
  }
}

type FileFact = { file: string; fact: AwsFact };

function applyLoginProfiles(
  facts: readonly FileFact[],
  accounts: Map<string, AwsAccount>,
  warnings: string[],
): void {
  for (const { file, fact } of facts) {
    if (fact.kind !== 'login-profile') continue;
    const candidates = fact.account
      ? [accounts.get(fact.account)].filter((a) => a !== undefined)
      : [...accounts.values()];
    const users = candidates.flatMap((a) => a.users.flatMap((u, at) => (u.name === fact.userName ? [{ a, at }] : [])));
    // A copy: the user object is the parsed part's, which another merge (a snapshot run merges
    // each source alone, then all together) must find as parsed.
    if (users.length === 1) users[0]!.a.users[users[0]!.at] = { ...users[0]!.a.users[users[0]!.at]!, hasLoginProfile: fact.present };
    else {
      warnings.push(
        users.length === 0
          ? `${file}: login profile of user "${fact.userName}", who is not in any authorization-details export${fact.account ? ` of account ${fact.account}` : ''}; ignored`
          : `${file}: login profile of user "${fact.userName}" matches users in several accounts; wrap the file in an aws-cli/1 envelope with "account"`,
      );
    }
  }
}

type Resources = Map<string, Map<string, AwsResource>>;
type Put = (account: string, r: AwsResource) => void;

function applyTriggers(facts: readonly FileFact[], resources: Resources, put: Put): void {
  for (const { fact } of facts) {
    if (fact.kind !== 'trigger') continue;
    const acct = accountOf(fact.functionArn);
    if (!acct) continue;
    const existing = resources.get(acct)?.get(fact.functionArn);
    const triggers = sortedUnion(existing?.props.triggers, [fact.sourceArn]);
    put(
      acct,
      newResource({
        arn: fact.functionArn,
        type: 'lambda:function',
        name: fact.functionArn.split(':')[6] ?? fact.functionArn,
        region: splitArn(fact.functionArn)?.region,
        props: { triggers },
      }),
    );
  }
}

function applySsm(facts: readonly FileFact[], resources: Resources, put: Put, warnings: string[]): void {
  const instances = (acct?: string) =>
    [...resources.entries()]
      .filter(([a]) => !acct || a === acct)
      .flatMap(([a, m]) =>
        [...m.values()].filter((r) => r.type === 'ec2:instance').map((r) => ({ account: a, r })),
      );
  for (const { file, fact } of facts) {
    if (fact.kind !== 'ssm-managed') continue;
    const props = {
      ssmManaged: true,
      ssmPingStatus: fact.pingStatus ?? null,
      platform: fact.platform ?? null,
    };
    const match = instances(fact.account).find(({ r }) => r.props.instanceId === fact.instanceId);
    if (match) Object.assign(match.r.props, props);
    else if (fact.account && fact.region) {
      // Registered with SSM but absent from any describe-instances read: the instance exists all the same.
      put(
        fact.account,
        newResource({
          arn: `arn:aws:ec2:${fact.region}:${fact.account}:instance/${fact.instanceId}`,
          type: 'ec2:instance',
          name: fact.instanceId,
          region: fact.region,
          props: { instanceId: fact.instanceId, ...props },
        }),
      );
    } else {
      warnings.push(
        `${file}: SSM-managed instance ${fact.instanceId} is in no describe-instances output read; wrap the file in an aws-cli/1 envelope with "account" and "region" to keep it`,
      );
    }
  }
  for (const { fact } of facts) {
    if (fact.kind !== 'ssm-listing') continue;
    for (const { r } of instances(fact.account)) {
      if (r.region === fact.region && r.props.ssmManaged === undefined) r.props.ssmManaged = false;
    }
  }
}

function resolveInstanceProfiles(
  accounts: Map<string, AwsAccount>,
  resources: Resources,
  warnings: string[],
): void {
  for (const [acct, m] of resources) {
    const roles = accounts.get(acct)?.roles ?? [];
    for (const r of m.values()) {
      const profile = r.props.instanceProfileArn;
      if (r.type !== 'ec2:instance' || typeof profile !== 'string' || r.runsAs) continue;
      const profileName = profile.split('/').pop();
      const role =
        roles.find((x) => x.instanceProfiles.includes(profile)) ??
        roles.find((x) => x.instanceProfiles.some((p) => p.split('/').pop() === profileName));
      if (role) r.runsAs = role.arn;
      else {
        warnings.push(
          roles.length === 0
            ? `instance ${r.name} (${r.arn}) uses instance profile ${profile}, but no authorization-details export of account ${acct} was read; the role it runs as is unknown (coverage gap)`
            : `instance ${r.name} (${r.arn}) uses instance profile ${profile}, which no role's InstanceProfileList names (an empty profile, or an older export); the role it runs as is unknown`,
        );
      }
    }
  }
}

/** An instance is as reachable from the internet as the union of its security groups. */
function applySecurityGroups(resources: Resources): void {
  for (const m of resources.values()) {
    const groups = new Map(
      [...m.values()].filter((r) => r.type === 'ec2:security-group').map((g) => [g.props.groupId, g]),
    );
    if (groups.size === 0) continue;
    for (const r of m.values()) {
      if (r.type !== 'ec2:instance' || !Array.isArray(r.props.securityGroupIds)) continue;
      const known = r.props.securityGroupIds.map((id) => groups.get(id)).filter((g) => g !== undefined);
      if (known.length === 0) continue;
      r.props.internetIngress = sortedUnion(
        [],
        known.flatMap((g) => (Array.isArray(g.props.internetIngress) ? g.props.internetIngress : [])),
      );
    }
  }
}

function mergeOrganization(
  parts: readonly { file: string; part: AwsPart }[],
  warnings: string[],
): AwsOrganization | undefined {
  const org: OrganizationPart = { roots: [], accounts: [], parents: {}, policies: [] };
  const accounts = new Map<string, OrganizationPart['accounts'][number]>();
  const policies = new Map<string, OrganizationPart['policies'][number]>();
  let seen = false;
  for (const { file, part } of parts) {
    const o = part.organization;
    // An empty listing (no accounts, no policies) says nothing about any organization.
    const empty =
      o &&
      !o.id &&
      !o.roots.length &&
      !o.accounts.length &&
      !Object.keys(o.parents).length &&
      !o.policies.length;
    if (!o || empty) continue;
    if (o.id && org.id && o.id !== org.id) {
      warnings.push(
        `${file}: describes organization ${o.id}, but this ingest already holds ${org.id}; one organization per ingest, so it was ignored`,
      );
      continue;
    }
    seen = true;
    org.id ??= o.id;
    org.managementAccountId ??= o.managementAccountId;
    org.roots = sortedUnion(org.roots, o.roots);
    Object.assign(org.parents, o.parents);
    for (const a of o.accounts) accounts.set(a.id, { ...accounts.get(a.id), ...a });
    for (const p of o.policies) {
      const prev = policies.get(p.id);
      policies.set(p.id, {
        ...prev,
        ...defined(p),
        id: p.id,
        targets: sortedUnion(prev?.targets, p.targets),
      });
    }
  }
  if (!seen) return undefined;
  if (!org.id || !org.managementAccountId) {
    warnings.push(
      'Organizations data was read, but neither describe-organization nor any Organizations ARN says which organization and management account it belongs to; SCPs and RCPs are ignored (coverage gap)',
    );
    return undefined;
  }
  const kept: AwsOrganization['policies'] = [];
  for (const p of [...policies.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (p.type !== 'SERVICE_CONTROL_POLICY' && p.type !== 'RESOURCE_CONTROL_POLICY') {
      if (p.type === undefined && p.document)
        warnings.push(`organization policy ${p.id}: type unknown; ignored`);
      continue;
    }
    if (!p.document) {
      warnings.push(
        `organization policy ${p.name ?? p.id} (${p.type}) is listed but its content was not read (organizations describe-policy); policy evaluation will not see it (coverage gap)`,
      );
      continue;
    }
    kept.push({
      id: p.id,
      arn: p.arn ?? '',
      name: p.name ?? p.id,
      type: p.type,
      document: p.document,
      targets: p.targets,
    });
  }
  return {
    id: org.id,
    managementAccountId: org.managementAccountId,
    parents: Object.fromEntries(Object.entries(org.parents).sort(([a], [b]) => a.localeCompare(b))),
    ...(org.roots.length ? { roots: org.roots } : {}),
    ...(accounts.size ? { accounts: [...accounts.values()].sort((a, b) => a.id.localeCompare(b.id)) } : {}),
    policies: kept,
  };
}
