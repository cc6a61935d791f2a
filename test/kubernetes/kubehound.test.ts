import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { readInputs } from '../../src/ingest/read-inputs.js';

/** KubeHound's own attack manifests (fixtures/kubehound/README.md): its expected edges, and its expected failures. */
describe('KubeHound attack manifests', async () => {
  const { graph } = analyse((await readInputs([path.join(import.meta.dirname, 'fixtures/kubehound/attacks.json')])).inventories);
  const C = 'k8s:kubehound.test.local';
  const sa = (name: string, ns = 'default') => `${C}:sa:${ns}/${name}`;
  const from = (name: string, technique: string) => graph.edges.filter((e) => e.source === sa(name) && e.technique === technique).map((e) => e.target.slice(C.length + 1)).sort();

  it('POD_CREATE: create pods in default → every SA of default (and the node, Pod Security unknown)', () => {
    expect(from('pod-create-sa', 'kubernetes:pods:Create')).toContain('sa:default/pod-exec-sa');
    expect(from('pod-create-sa', 'kubernetes:pods:Create')).not.toContain('sa:vault/default');
    expect(graph.edges.find((e) => e.source === sa('pod-create-sa') && e.technique === 'kubernetes:pods:CreateHostAccess')!.conditional).toBe(true);
  });
  it('POD_EXEC and POD_PATCH: the SAs of the pods in default; exec also reaches the node through the privileged pod (CE_PRIV_MOUNT)', () => {
    expect(from('pod-exec-sa', 'kubernetes:pods:Exec')).toContain('sa:default/pod-create-sa');
    expect(from('pod-exec-sa', 'kubernetes:pods:ExecHostAccess')).toEqual(['node:kubehound.test.local-worker']);
    expect(from('pod-patch-sa', 'kubernetes:pods:Patch')).toContain('sa:default/pod-create-sa');
  });
  it('ROLE_BIND: the cases KubeHound expects to work, and the -fail cases give nothing', () => {
    expect(from('rolebind-sa-crb-cr-crb-cr', 'kubernetes:rbac:BindRole')).toEqual(['cluster-admin']);
    expect(from('rolebind-sa-crb-cr-rb-cr', 'kubernetes:rbac:BindRole')).toEqual(['namespace-admin:default', 'namespace-admin:vault']);
    expect(from('rolebind-sa-rb-r-rb-r', 'kubernetes:rbac:BindRole')).toEqual(['namespace-admin:default']);
    for (const fail of ['rolebind-sa-crb-cr-crb-r-fail', 'rolebind-sa-rb-cr-crb-cr-fail', 'rolebind-sa-rb-r-crb-cr-fail']) {
      expect(graph.edges.filter((e) => e.source === sa(fail) && e.technique.startsWith('kubernetes:rbac:')), fail).toHaveLength(0);
    }
  });
  it('IDENTITY_IMPERSONATE: impersonating users and groups granted by a RoleBinding does nothing (they are cluster-scoped)', () => {
    expect(graph.edges.filter((e) => e.source === sa('impersonate-sa') && e.technique === 'kubernetes:rbac:Impersonate')).toHaveLength(0);
  });
  it('the cluster-admin hub is tier zero and reaches every namespace', () => {
    expect(graph.nodes.find((n) => n.id === `${C}:cluster-admin`)!.tierZero).toBeDefined();
    expect(graph.edges.filter((e) => e.source === `${C}:cluster-admin` && e.technique === 'kubernetes:rbac:ClusterAdmin')).toHaveLength(2);
  });
});
