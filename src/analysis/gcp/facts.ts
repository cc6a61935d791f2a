import type { EvidenceRef } from '../../model/graph.js';
import type { GcpBinding, GcpContainer, GcpInventory, GcpPolicy, GcpResource, GcpServiceAccount } from '../../model/inventory/gcp.js';
import { evaluateCondition, type ConditionContext } from './conditions.js';
import { denyName, denyOutcome, type DenyHit } from './deny.js';
import { CRM } from './ids.js';
import { Roles } from './roles.js';

/** One binding that grants a permission to a member. */
export interface Grant {
  member: string;
  role: string;
  binding: GcpBinding;
  policy: GcpPolicy;
  /** The policy key the binding sits at: a container (`projects/1`) or a resource's full name. */
  at: string;
}

/** A grant that applies to one target, with what the data could not settle about its condition. */
export interface Holding {
  grant: Grant;
  /** Set when the binding's condition is undecided for this target. */
  condition?: string;
}

/** The target of a permission check: its policy key and what IAM Conditions see of it. */
export interface Target {
  key: string;
  resource?: ConditionContext['resource'];
}

const SA_DOMAINS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^[^@]+@([a-z][a-z0-9-]+)\.iam\.gserviceaccount\.com$/, (m) => m[1]!],
  [/^([a-z][a-z0-9-]+)@appspot\.gserviceaccount\.com$/, (m) => m[1]!],
  [/^(\d+)-compute@developer\.gserviceaccount\.com$/, (m) => m[1]!],
  [/^(\d+)@cloudbuild\.gserviceaccount\.com$/, (m) => m[1]!],
  [/^(\d+)@cloudservices\.gserviceaccount\.com$/, (m) => m[1]!],
];

export const containerKind = (name: string) => name.split('/')[0] as 'organizations' | 'folders' | 'projects';

/**
 * Indexes over one GCP inventory: the resource hierarchy, the allow policies by where they sit,
 * roles' permissions, and who holds a permission on a target through inheritance
 * (resource → project → folders → organisation), each IAM Condition judged as of `now`.
 */
export class GcpFacts {
  readonly roles: Roles;
  readonly containers = new Map<string, GcpContainer>();
  readonly projectNumber = new Map<string, string>();
  readonly serviceAccounts = new Map<string, GcpServiceAccount>();
  readonly saByUniqueId = new Map<string, GcpServiceAccount>();
  readonly resources = new Map<string, GcpResource>();
  readonly warnings: string[] = [];
  private readonly policies = new Map<string, GcpPolicy>();
  private readonly grantCache = new Map<string, Map<string, Grant[]>>();
  /** Containers each member administers unconditionally (set by the scope rules). */
  readonly administers = new Map<string, Set<string>>();
  private readonly chainCache = new Map<string, string[]>();
  private readonly holderCache = new Map<string, Holding[]>();
  /** Deny rules by the container they are attached to. */
  private readonly denyAt = new Map<string, DenyHit[]>();
  /** Grants deny policies removed, for the run's warnings: one line per rule, member and permission. */
  private readonly denied = new Map<string, { text: string; targets: Set<string> }>();

  constructor(
    readonly inventory: GcpInventory,
    readonly now: Date,
  ) {
    this.roles = new Roles(inventory.customRoles, inventory.predefinedRoles);
    for (const c of inventory.containers) {
      this.containers.set(c.name, c);
      if (c.projectId && c.name.startsWith('projects/')) this.projectNumber.set(c.projectId, c.name.slice('projects/'.length));
    }
    for (const sa of inventory.serviceAccounts) {
      this.serviceAccounts.set(sa.email, sa);
      if (sa.uniqueId) this.saByUniqueId.set(sa.uniqueId, sa);
    }
    for (const r of inventory.resources) this.resources.set(r.name, r);
    for (const p of inventory.policies) {
      const key = this.policyKey(p.resource);
      if (key) this.policies.set(key, p);
    }
    for (const policy of inventory.denyPolicies ?? []) {
      const key = this.policyKey(policy.attachmentPoint);
      if (!key) continue;
      const list = this.denyAt.get(key) ?? [];
      policy.rules.forEach((_, rule) => list.push({ policy, rule }));
      this.denyAt.set(key, list);
    }
  }

  /** What deny policies removed, as warnings naming each policy and rule. */
  denyWarnings(): string[] {
    return [...this.denied.values()].map(({ text, targets }) => `${text} on ${targets.size} target(s), e.g. ${[...targets][0]}`);
  }

  /** `projects/my-id` → `projects/123` when the number is known. */
  project(ref: string): string {
    const id = ref.startsWith('projects/') ? ref.slice('projects/'.length) : ref;
    return `projects/${this.projectNumber.get(id) ?? id}`;
  }

  /** Where a policy sits, in the form targets use: containers relative, SAs `sa:EMAIL`, others full. */
  policyKey(resource: string): string | undefined {
    if (resource.startsWith(CRM)) {
      const rel = resource.slice(CRM.length);
      return rel.startsWith('projects/') ? this.project(rel) : rel;
    }
    const sa = /^\/\/iam\.googleapis\.com\/projects\/[^/]+\/serviceAccounts\/([^/]+)$/.exec(resource);
    if (sa) {
      const ref = decodeURIComponent(sa[1]!);
      const email = ref.includes('@') ? ref.toLowerCase() : this.saByUniqueId.get(ref)?.email;
      if (!email) {
        this.warnings.push(`gcp: IAM policy on service account ${resource} is ignored: no input maps unique id ${ref} to an email (add the service-account export)`);
        return undefined;
      }
      return `sa:${email}`;
    }
    return resource;
  }

  /** The project a service account belongs to, from its record or its email's domain. */
  projectOfSa(email: string): string | undefined {
    const sa = this.serviceAccounts.get(email);
    if (sa?.projectId) return this.project(sa.projectId);
    for (const [re, pick] of SA_DOMAINS) {
      const m = re.exec(email);
      if (m) return this.project(pick(m));
    }
    return undefined;
  }

  /** Policy keys from a target up to the organisation root. */
  chain(key: string): string[] {
    let c = this.chainCache.get(key);
    if (c) return c;
    c = [key];
    let parent: string | undefined;
    if (key.startsWith('sa:')) parent = this.projectOfSa(key.slice(3));
    else if (/^(organizations|folders|projects)\//.test(key)) parent = this.containers.get(key)?.parent;
    else parent = this.resources.get(key)?.parent;
    const seen = new Set([key]);
    while (parent && !seen.has(parent)) {
      const p = parent.startsWith('projects/') ? this.project(parent) : parent;
      seen.add(p);
      c.push(p);
      parent = this.containers.get(p)?.parent;
    }
    this.chainCache.set(key, c);
    return c;
  }

  /** Bindings at exactly `key` that grant `permission`. */
  grantsAt(key: string, permission: string): Grant[] {
    let byPerm = this.grantCache.get(key);
    if (!byPerm) this.grantCache.set(key, (byPerm = new Map()));
    let out = byPerm.get(permission);
    if (out) return out;
    out = [];
    const policy = this.policies.get(key);
    for (const binding of policy?.bindings ?? []) {
      if (!this.roles.get(binding.role)?.permissions.has(permission)) continue;
      for (const member of binding.members) if (!member.startsWith('deleted:')) out.push({ member, role: binding.role, binding, policy: policy!, at: key });
    }
    byPerm.set(permission, out);
    return out;
  }

  /** Who holds `permission` on the target, through its own policy or any ancestor's. */
  holders(target: Target, permission: string): Holding[] {
    // Rules ask the same question many times (every technique, every delegation hop): memoised.
    const memoKey = `${target.key}\u0000${target.resource?.type ?? ''}\u0000${target.resource?.name ?? ''}\u0000${permission}`;
    const memo = this.holderCache.get(memoKey);
    if (memo) return memo;
    const out = this.holdersUncached(target, permission);
    this.holderCache.set(memoKey, out.length === 0 ? NONE : out);
    return out;
  }

  private holdersUncached(target: Target, permission: string): Holding[] {
    const out: Holding[] = [];
    const chain = this.chain(target.key);
    const ctx: ConditionContext = { now: this.now, ...(target.resource ? { resource: target.resource } : {}) };
    // Deny policies sit on organisations, folders and projects and cover everything below them.
    const denies = this.denyAt.size ? chain.flatMap((k) => this.denyAt.get(k) ?? []) : [];
    for (const key of chain) {
      for (const grant of this.grantsAt(key, permission)) {
        const expr = grant.binding.condition?.expression;
        let condition: string | undefined;
        if (expr) {
          const verdict = evaluateCondition(expr, ctx);
          if (verdict === false) continue;
          if (verdict === undefined) condition = `IAM condition${grant.binding.condition?.title ? ` "${grant.binding.condition.title}"` : ''}: ${expr}`;
        }
        if (denies.length) {
          const d = denyOutcome(denies, grant.member, permission, ctx);
          if (d.denied) {
            this.noteDenied(d.denied, grant, permission, target.key);
            continue;
          }
          if (d.maybe.length) condition = joinConditions(condition, ...d.maybe);
        }
        out.push(condition ? { grant, condition } : { grant });
      }
    }
    return out;
  }

  private noteDenied(hit: DenyHit, grant: Grant, permission: string, target: string): void {
    const key = `${hit.policy.name}|${hit.rule}|${grant.member}|${permission}`;
    let note = this.denied.get(key);
    if (!note) this.denied.set(key, (note = { text: `gcp: ${denyName(hit)} (${hit.policy.source}) removes ${permission} from ${grant.member} (granted by ${grant.role} at ${grant.at})`, targets: new Set() }));
    note.targets.add(target);
  }

  /** Members holding every permission of `all` on the target; conditions of the grants used are joined. */
  holdersOfAll(target: Target, all: readonly string[]): Map<string, Holding[]> {
    let result: Map<string, Holding[]> | undefined;
    for (const perm of all) {
      const byMember = new Map<string, Holding[]>();
      for (const h of this.holders(target, perm)) {
        const list = byMember.get(h.grant.member) ?? [];
        list.push(h);
        byMember.set(h.grant.member, list);
      }
      if (!result) {
        result = new Map([...byMember].map(([m, hs]) => [m, [best(hs)]]));
        continue;
      }
      for (const [m, hs] of result) {
        const more = byMember.get(m);
        if (more) hs.push(best(more));
        else result.delete(m);
      }
    }
    return result ?? new Map();
  }

  /**
   * Whether the member already administers a container above the target: it reaches the target
   * through the container's administrator node, so direct edges would only repeat that.
   */
  covered(member: string, targetKey: string): boolean {
    const scopes = this.administers.get(member);
    if (!scopes) return false;
    return this.chain(targetKey).some((k) => scopes.has(k));
  }

  allPolicies(): IterableIterator<[string, GcpPolicy]> {
    return this.policies.entries();
  }

  containerName(name: string): string {
    const c = this.containers.get(name);
    if (!c) return name;
    if (name.startsWith('projects/')) return `project ${c.projectId ?? name.slice(9)}${c.displayName && c.displayName !== c.projectId ? ` (${c.displayName})` : ''}`;
    return `${name.startsWith('folders/') ? 'folder' : 'organization'} ${c.displayName ?? name}`;
  }
}

const NONE: Holding[] = [];

/** The unconditional grant when there is one. */
export function best(hs: Holding[]): Holding {
  return hs.find((h) => !h.condition) ?? hs[0]!;
}

export function grantRef(h: Holding): EvidenceRef {
  const g = h.grant;
  const cond = g.binding.condition ? ` if ${g.binding.condition.expression}` : '';
  return { type: 'role-assignment', source: `IAM policy of ${g.policy.resource} (${g.policy.source})`, detail: `${g.role} → ${g.member}${cond}` };
}

/** Conditions of several holdings, joined; undefined when all are settled. */
export function joinConditions(...parts: (string | undefined)[]): string | undefined {
  const list = [...new Set(parts.filter((x): x is string => !!x))];
  return list.length ? list.join('; ') : undefined;
}
