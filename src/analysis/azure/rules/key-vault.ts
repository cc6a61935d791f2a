import type { GraphEdge, GraphNode } from '../../../model/graph.js';
import { accessPolicyHubId, composeThroughHub, HUB_KIND } from '../../../model/hubs.js';
import type { AzureSecretLink } from '../../../model/inventory/index.js';
import { edge, membershipRefs, viaText } from '../edge.js';
import type { AzureFacts, Effective } from '../facts.js';
import { awsAccessKeyId, gcpKeyId, vaultKeysId, vaultSecretId } from '../ids.js';
import { vaultSecretTargets } from '../targets.js';
import { listCredentials } from './credentials.js';

const has = (perms: string[], ...wanted: string[]) => perms.some((p) => ['all', ...wanted].includes(p.toLowerCase()));

const TECHNIQUE = 'azure:keyvault:AccessPolicy';

/** What one access policy entry yields on one target, whichever member of its holder acts: the target's half. */
interface Out {
  edge: GraphEdge;
  /** The vault and the kind of target (secrets, keys): entries of one vault draw the same pairs. */
  slot: string;
  index: number;
}

/** The entries naming one principal, across vaults. */
interface Holder {
  objectId: string;
  tenantId: string;
  outs: Out[];
}

/**
 * Access-policy vaults (enableRbacAuthorization false): a policy's `get` on secrets reads values;
 * `decrypt`/`sign`/`unwrapKey` on keys uses them. ARM returns permissions in any case ("Get",
 * "get"), so they are compared case-insensitively. RBAC vaults ignore policies entirely.
 *
 * A group's policies give each of its (transitive) members the same secrets and keys, in every
 * vault that names the group: per holder, the member → target edges are folded through one hub
 * (src/model/hubs.ts, docs/architecture.md "Hub folding") when that saves edges. A member's half
 * carries its membership refs; a target's half the policy entry's ref, its compound-identity
 * condition and what it grants. The unfolded edges are those halves composed, so both forms are
 * one text.
 */
export function accessPolicyRules(facts: AzureFacts, options: { fold?: boolean } = {}): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const holders = new Map<string, Holder>();
  // Per slot, the last entry that names each member: analysis keeps the last edge of an id, so its edge stands.
  const last = new Map<string, Map<string, number>>();
  const effective = new Map<string, Effective[]>();
  const membersOf = (objectId: string) => effective.get(objectId) ?? effective.set(objectId, facts.effective(objectId)).get(objectId)!;
  for (const { item: vault, tenant } of facts.resources.values()) {
    const kv = vault.keyVault;
    if (!kv || kv.enableRbacAuthorization) continue;
    let secrets: string[] | undefined;
    kv.accessPolicies.forEach((p, index) => {
      const slots = [
        ...(has(p.permissions.secrets, 'get') ? [{ kind: 'secrets', targets: (secrets ??= vaultSecretTargets(facts, vault.id)), grants: 'get on its secrets' }] : []),
        ...(has(p.permissions.keys, 'decrypt', 'sign', 'unwrapkey') ? [{ kind: 'keys', targets: [vaultKeysId(vault.id)], grants: 'use of its keys' }] : []),
      ];
      const members = membersOf(p.objectId);
      if (slots.length === 0 || members.length === 0) return;
      const hub = accessPolicyHubId(p.objectId, TECHNIQUE);
      const conditions = p.applicationId ? `compound identity: the policy applies only when the principal acts through application ${p.applicationId}` : undefined;
      const refs = [{ type: 'resource-policy' as const, source: `${vault.id} accessPolicies`, statement: `#${index}`, detail: `objectId ${p.objectId}: secrets [${p.permissions.secrets.join(', ')}], keys [${p.permissions.keys.join(', ')}]` }];
      let holder = holders.get(p.objectId);
      if (!holder) holders.set(p.objectId, (holder = { objectId: p.objectId, tenantId: tenant.tenantId, outs: [] }));
      for (const s of slots) {
        const slot = `${vault.id}\u0000${s.kind}`;
        let byMember = last.get(slot);
        if (!byMember) last.set(slot, (byMember = new Map()));
        for (const m of members) byMember.set(m.principal.nodeId, index);
        const summary = `access policy #${index} of key vault ${vault.name} (to ${members[0]!.principal.name}) grants ${s.grants}`;
        for (const t of s.targets) holder.outs.push({ edge: edge('CAN_READ', TECHNIQUE, hub, t, { summary, refs }, conditions), slot, index });
      }
    });
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const stands = (m: Effective, o: Out) => last.get(o.slot)!.get(m.principal.nodeId) === o.index;
  for (const h of holders.values()) emitHolder(h, membersOf(h.objectId), stands, edges, nodes, options.fold !== false);
  return { nodes, edges };
}

/**
 * One holder's member → target edges. Where a later entry of a vault also names a member (a policy
 * to the member itself after one to its group), that entry's edge stands: the member keeps the
 * unfolded form here, without the pairs the later entry draws, and the hub stands only for the
 * members every one of its targets' entries stands for.
 */
function emitHolder(h: Holder, members: readonly Effective[], stands: (m: Effective, o: Out) => boolean, edges: GraphEdge[], nodes: GraphNode[], fold: boolean): void {
  const hub = accessPolicyHubId(h.objectId, TECHNIQUE);
  const holder = members[0]!.principal.name;
  const into = (m: Effective): GraphEdge => edge('CAN_READ', TECHNIQUE, m.principal.nodeId, hub, { summary: `${m.principal.name} holds the key vault access policies to ${holder}${viaText(m)}`, refs: membershipRefs(m) });
  // Targets no member reaches through this holder (a later entry to the same holder took them) stay out of the hub.
  const outs = fold ? h.outs.filter((o) => members.some((m) => stands(m, o))) : [];
  const callers = members.filter((m) => outs.every((o) => stands(m, o)));
  const folded = fold && callers.length * outs.length > callers.length + outs.length;
  if (folded) {
    nodes.push({
      id: hub,
      kind: HUB_KIND,
      provider: 'azure',
      type: 'azure:hub:access-policy',
      name: `key vault access policies to ${holder}: ${TECHNIQUE}`,
      scope: h.tenantId,
      tags: {},
      props: { hub: true, holder: h.objectId, technique: TECHNIQUE, callers: callers.length, members: outs.length },
    });
    for (const m of callers) edges.push(into(m));
    for (const o of outs) edges.push(o.edge);
  }
  const through = new Set(folded ? callers : []);
  for (const m of members) {
    if (through.has(m)) continue;
    const half = into(m);
    for (const o of h.outs) {
      if (!stands(m, o)) continue;
      // Spread reads the composed evidence once: the unfolded edge holds it as data.
      const pair = composeThroughHub(half, o.edge);
      if (pair) edges.push({ ...pair });
    }
  }
}

/** The credential node(s) a link names; a hint alone may match several secrets of the app. */
function linkTargets(facts: AzureFacts, link: AzureSecretLink): string[] {
  const c = link.credential;
  if (c.type === 'aws-access-key') return [awsAccessKeyId(c.accessKeyId)];
  if (c.type === 'gcp-service-account-key') return [gcpKeyId(c.privateKeyId.toLowerCase())];
  const app = c.appId.toLowerCase();
  const secrets = listCredentials(facts).filter((x) => x.kind === 'secret' && x.clientId === app);
  if (c.keyId) return secrets.filter((x) => x.credential.keyId === c.keyId!.toLowerCase()).map((x) => x.nodeId);
  return secrets.filter((x) => c.hint !== undefined && 'hint' in x.credential && x.credential.hint === c.hint).map((x) => x.nodeId);
}

/** Secret → the credential it holds, from a link file or an opt-in value scan. Reading the secret yields the credential. */
export function secretLinkRules(facts: AzureFacts): { edges: GraphEdge[]; warnings: string[] } {
  const edges: GraphEdge[] = [];
  const warnings: string[] = [];
  for (const tenant of facts.inventory.tenants) {
    for (const link of tenant.secretLinks) {
      const source = vaultSecretId(link.vaultId, link.secretName);
      const targets = linkTargets(facts, link);
      const c = link.credential;
      const what = c.type === 'azure-client-secret' ? `client secret of app ${c.appId}${c.keyId ? ` (keyId ${c.keyId})` : c.hint ? ` (hint ${c.hint})` : ''}` : c.type === 'aws-access-key' ? `AWS access key ${c.accessKeyId}` : `GCP key ${c.privateKeyId}`;
      if (targets.length === 0) {
        warnings.push(`azure: secret ${link.secretName} in ${link.vaultId} holds ${what}, which matches no credential in the inventory`);
        continue;
      }
      // A hint names up to three characters: when several secrets share it, each is only possibly the one stored.
      const conditions = targets.length > 1 ? `the hint matches ${targets.length} secrets of the app; the stored one is one of them` : undefined;
      for (const t of targets) {
        edges.push(edge('EXPOSES', 'azure:keyvault:SecretHoldsCredential', source, t, {
          summary: `key vault secret ${link.secretName} holds ${what}`,
          refs: [{ type: 'inventory', source: link.source === 'value-scan' ? `value scan of ${link.vaultId}/secrets/${link.secretName}` : link.source, detail: `secret ${link.secretName}` }],
        }, conditions));
      }
    }
  }
  return { edges, warnings };
}
