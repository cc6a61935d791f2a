import type {
  AzureCoverageGap,
  AzureDirectoryRef,
  AzureFederatedCredential,
  AzureKeyVaultAccessPolicy,
  AzureLinkedCredential,
  AzureTenant,
} from '../../src/model/inventory/index.js';
import { emptyTenant, lc } from './convert.js';

/**
 * Facts that join objects which may arrive in different records or files (an app and its owners,
 * a group and its members…). They are resolved in merge, once every file of an ingest is read.
 */
export type AzureRelation =
  /** `app` is an appId or an application object id: AzureHound mixes both. */
  | { kind: 'app-owner'; app: string; owner: AzureDirectoryRef }
  | { kind: 'sp-owner'; sp: string; owner: AzureDirectoryRef }
  | { kind: 'group-member'; group: string; member: AzureDirectoryRef }
  | { kind: 'group-owner'; group: string; owner: AzureDirectoryRef }
  | { kind: 'app-fic'; app: string; fic: AzureFederatedCredential }
  | { kind: 'uami-fic'; uami: string; fic: AzureFederatedCredential }
  /** A management group or subscription under a management group. */
  | { kind: 'mg-parent'; child: string; parent: string }
  | { kind: 'kv-policy'; vault: string; policy: AzureKeyVaultAccessPolicy }
  /** `vault` is an ARM id, a vault URI or a vault name; resolved against the vaults collected. */
  | { kind: 'secret-link'; vault: string; secretName: string; credential: AzureLinkedCredential; source: string };

/** What one Azure file contributes. Tenant '' holds records that do not name their tenant. */
export interface AzurePart {
  tenants: Map<string, AzureTenant>;
  relations: AzureRelation[];
  coverageGaps: AzureCoverageGap[];
  warnings: string[];
}

export function emptyPart(): AzurePart {
  return { tenants: new Map(), relations: [], coverageGaps: [], warnings: [] };
}

export function tenantOf(part: AzurePart, tenantId: string | null | undefined): AzureTenant {
  const key = lc(tenantId ?? '');
  let t = part.tenants.get(key);
  if (!t) part.tenants.set(key, (t = emptyTenant(key)));
  return t;
}
