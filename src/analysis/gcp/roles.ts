import type { GcpCustomRole } from '../../model/inventory/gcp.js';
import data from './data/predefined-roles.json' with { type: 'json' };

interface RoleData {
  permissions: string[];
  roles: Record<string, { title: string; stage?: string; p: number[] }>;
}
const DATA = data as RoleData;

export interface RoleInfo {
  name: string;
  title: string;
  /** Only the permissions the analysis reads, for predefined roles (see the data file's note). */
  permissions: ReadonlySet<string>;
  custom: boolean;
}

const predefined = new Map<string, RoleInfo>();
for (const [name, r] of Object.entries(DATA.roles)) {
  predefined.set(name, { name, title: r.title, permissions: new Set(r.p.map((i) => DATA.permissions[i]!)), custom: false });
}

export const PREDEFINED_ROLE_SOURCE = (data as { source: string; commit: string }).source;

/** Predefined roles from the shipped data (or as collected live), custom roles from the inventory. */
export class Roles {
  private readonly custom = new Map<string, RoleInfo>();
  private readonly refreshed = new Map<string, RoleInfo>();
  readonly unknown = new Set<string>();

  constructor(customRoles: readonly GcpCustomRole[], predefinedRoles: readonly GcpCustomRole[] = []) {
    for (const r of predefinedRoles) this.refreshed.set(r.name, { name: r.name, title: r.title ?? r.name, permissions: new Set(r.deleted ? [] : r.includedPermissions), custom: false });
    for (const r of customRoles) {
      // A deleted custom role keeps its bindings but grants nothing until undeleted.
      this.custom.set(r.name, { name: r.name, title: r.title ?? r.name, permissions: new Set(r.deleted ? [] : r.includedPermissions), custom: true });
    }
  }

  get(name: string): RoleInfo | undefined {
    const r = this.refreshed.get(name) ?? predefined.get(name) ?? this.custom.get(name);
    if (!r) this.unknown.add(name);
    return r;
  }

  customRoles(): RoleInfo[] {
    return [...this.custom.values()];
  }

  /** Every predefined role: the shipped data, refreshed by the collected ones (only analysed permissions, see the data note). */
  predefinedRoles(): RoleInfo[] {
    return [...new Map([...predefined, ...this.refreshed]).values()];
  }
}
