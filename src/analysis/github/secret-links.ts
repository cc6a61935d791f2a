import { edgeId, type GraphEdge } from '../../model/graph.js';
import type { GithubInventory } from '../../model/inventory/index.js';
import { actionsSecretId } from './ids.js';

const credentialId = (c: GithubInventory['secretLinks'][number]['credential']) =>
  c.type === 'aws-access-key' ? `aws:access-key:${c.accessKeyId}` : c.type === 'gcp-service-account-key' ? `gcp:sa-key:${c.privateKeyId}` : `azure:secret:${c.appId}:${c.keyId}`;

/** `org` → the org's secret; `OWNER/REPO` → a repo secret; `OWNER/REPO:ENV` → an environment secret. */
function locationId(inv: GithubInventory, scope: string, name: string): string {
  if (scope === 'org') return actionsSecretId(`org:${inv.org}`, name);
  const [repo, env] = scope.split(':');
  return env ? actionsSecretId(`${repo}:env:${env}`, name) : actionsSecretId(repo!, name);
}

/** Actions secret → the credential a link file says it holds: reading the secret yields the credential. */
export function secretLinkEdges(inv: GithubInventory): { edges: GraphEdge[]; warnings: string[] } {
  const edges = inv.secretLinks.map((l): GraphEdge => {
    const source = locationId(inv, l.scope, l.secret);
    const target = credentialId(l.credential);
    return {
      id: edgeId('EXPOSES', 'github:actions:SecretHoldsCredential', source, target),
      source,
      target,
      kind: 'EXPOSES',
      technique: 'github:actions:SecretHoldsCredential',
      evidence: { summary: `Actions secret ${l.secret} (${l.scope}) holds ${target}`, refs: [{ type: 'inventory', source: l.source, detail: `secret ${l.secret}` }] },
      conditional: false,
    };
  });
  return { edges, warnings: [] };
}
