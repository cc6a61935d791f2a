import { describe, expect, it } from 'vitest';
import {
  clusterRole, clusterRoleBinding, deployment, edgesOf, envelope, findEdge, graphOf, id, jwt, namespace, pod, role, roleBinding, rule, sa, saSubject, secret,
} from './helpers.js';

const attacker = sa('dev', 'ci');
const me = saSubject('dev', 'ci');
/** The attacker's service account bound to one Role in `dev`, next to a privileged SA in `dev`. */
function withRole(rules: ReturnType<typeof rule>[], extra: Record<string, unknown>[] = []) {
  return graphOf(envelope([attacker, sa('dev', 'deployer'), role('dev', 'r', rules), roleBinding('dev', 'rb', { kind: 'Role', name: 'r' }, [me]), ...extra])).graph;
}

describe('create pods / workload controllers → service accounts of the namespace', () => {
  it('create pods in dev reaches every SA of dev, with the binding as evidence', () => {
    const g = withRole([rule(['create'], ['pods'])], [sa('prod', 'admin')]);
    const e = findEdge(g, 'kubernetes:pods:Create', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))!;
    expect(e.kind).toBe('CAN_EXECUTE_AS');
    expect(e.evidence.refs[0]!.source).toBe('RoleBinding dev/rb');
    expect(e.evidence.refs[0]!.detail).toContain('Role dev/r rule 0: verbs [create] on [pods]');
    expect(findEdge(g, 'kubernetes:pods:Create', id.sa('dev', 'ci'), id.sa('prod', 'admin'))).toBeUndefined();
  });
  it('negative: get/list pods, create in another API group, or create limited by resourceNames give nothing', () => {
    expect(edgesOf(withRole([rule(['get', 'list', 'watch'], ['pods'])]), 'kubernetes:pods:Create', id.sa('dev', 'ci'))).toHaveLength(0);
    expect(edgesOf(withRole([rule(['create'], ['pods'], ['apps'])]), 'kubernetes:pods:Create', id.sa('dev', 'ci'))).toHaveLength(0);
    expect(edgesOf(withRole([rule(['create'], ['pods'], [''], ['x'])]), 'kubernetes:pods:Create', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('wildcards: * verbs / * resources / * apiGroups match', () => {
    expect(findEdge(withRole([rule(['*'], ['*'], ['*'])]), 'kubernetes:pods:Create', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))).toBeDefined();
  });
  it('a ClusterRoleBinding reaches every namespace; a RoleBinding to a ClusterRole only its own', () => {
    const objs = [attacker, sa('prod', 'admin'), clusterRole('pc', [rule(['create'], ['pods'])])];
    const crb = graphOf(envelope([...objs, clusterRoleBinding('crb', 'pc', [me])])).graph;
    expect(findEdge(crb, 'kubernetes:pods:Create', id.sa('dev', 'ci'), id.sa('prod', 'admin'))).toBeDefined();
    const rb = graphOf(envelope([...objs, roleBinding('dev', 'rb', { kind: 'ClusterRole', name: 'pc' }, [me])])).graph;
    expect(findEdge(rb, 'kubernetes:pods:Create', id.sa('dev', 'ci'), id.sa('prod', 'admin'))).toBeUndefined();
  });
  it('group subjects: system:serviceaccounts:dev and system:authenticated reach the SA', () => {
    const g = graphOf(envelope([attacker, sa('dev', 'deployer'), role('dev', 'r', [rule(['create'], ['pods'])]), roleBinding('dev', 'rb', { kind: 'Role', name: 'r' }, [{ kind: 'Group', name: 'system:serviceaccounts:dev' }])])).graph;
    expect(findEdge(g, 'kubernetes:pods:Create', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))).toBeDefined();
    expect(findEdge(g, 'kubernetes:pods:Create', id.group('system:serviceaccounts:dev'), id.sa('dev', 'deployer'))).toBeDefined();
    const other = graphOf(envelope([sa('qa', 'x'), sa('dev', 'deployer'), role('dev', 'r', [rule(['create'], ['pods'])]), roleBinding('dev', 'rb', { kind: 'Role', name: 'r' }, [{ kind: 'Group', name: 'system:serviceaccounts:dev' }])])).graph;
    expect(edgesOf(other, 'kubernetes:pods:Create', id.sa('qa', 'x'))).toHaveLength(0);
  });
  it('aggregated ClusterRoles carry the rules of the roles their selectors match', () => {
    const objs = [attacker, sa('dev', 'deployer'), clusterRole('agg', [], {}, [{ 'rbac.example.com/aggregate-to-agg': 'true' }]), roleBinding('dev', 'rb', { kind: 'ClusterRole', name: 'agg' }, [me])];
    const yes = graphOf(envelope([...objs, clusterRole('piece', [rule(['create'], ['pods'])], { 'rbac.example.com/aggregate-to-agg': 'true' })])).graph;
    expect(findEdge(yes, 'kubernetes:pods:Create', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))).toBeDefined();
    const no = graphOf(envelope([...objs, clusterRole('piece', [rule(['create'], ['pods'])], { 'rbac.example.com/aggregate-to-agg': 'false' })])).graph;
    expect(edgesOf(no, 'kubernetes:pods:Create', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('create deployments (apps) → SAs of the namespace; create on jobs in core does not', () => {
    expect(findEdge(withRole([rule(['create'], ['deployments'], ['apps'])]), 'kubernetes:workloads:Create', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))).toBeDefined();
    expect(edgesOf(withRole([rule(['create'], ['jobs'], [''])]), 'kubernetes:workloads:Create', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('patch a deployment (by name, when it exists) → SAs of the namespace; patch of a job (immutable template) does not', () => {
    const g = withRole([rule(['patch'], ['deployments'], ['apps'], ['web'])], [deployment('dev', 'web', 'default')]);
    expect(findEdge(g, 'kubernetes:workloads:Patch', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))).toBeDefined();
    expect(edgesOf(withRole([rule(['patch'], ['deployments'], ['apps'], ['missing'])]), 'kubernetes:workloads:Patch', id.sa('dev', 'ci'))).toHaveLength(0);
    expect(edgesOf(withRole([rule(['patch', 'update'], ['jobs'], ['batch'])]), 'kubernetes:workloads:Patch', id.sa('dev', 'ci'))).toHaveLength(0);
  });
});

describe('running pods', () => {
  const pods = [pod('dev', 'web-1', 'deployer', { nodeName: 'n1' }), pod('dev', 'other', 'default', { nodeName: 'n1' })];
  it('pods/exec create → the pod\'s SA; resourceNames limit it to that pod', () => {
    const g = withRole([rule(['create'], ['pods/exec'], [''], ['web-1'])], pods);
    expect(findEdge(g, 'kubernetes:pods:Exec', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))!.evidence.refs.map((r) => r.source)).toContain('Pod dev/web-1');
    expect(findEdge(g, 'kubernetes:pods:Exec', id.sa('dev', 'ci'), id.sa('dev', 'default'))).toBeUndefined();
  });
  it('pods/attach and */exec count; exec on pods without the subresource does not', () => {
    expect(edgesOf(withRole([rule(['create'], ['pods/attach'])], pods), 'kubernetes:pods:Exec', id.sa('dev', 'ci'))).toHaveLength(2);
    expect(edgesOf(withRole([rule(['create'], ['*/exec'])], pods), 'kubernetes:pods:Exec', id.sa('dev', 'ci'))).toHaveLength(2);
    expect(edgesOf(withRole([rule(['create', 'get'], ['pods'])], pods), 'kubernetes:pods:Exec', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('exec into a pod that does not mount its token is conditional', () => {
    const g = withRole([rule(['create'], ['pods/exec'])], [pod('dev', 'web-1', 'deployer', { automount: false })]);
    expect(findEdge(g, 'kubernetes:pods:Exec', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))!.conditional).toBe(true);
  });
  it('patch pods / ephemeral containers → the pod\'s SA; get does not', () => {
    expect(findEdge(withRole([rule(['patch'], ['pods'])], pods), 'kubernetes:pods:Patch', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))).toBeDefined();
    expect(findEdge(withRole([rule(['update'], ['pods/ephemeralcontainers'])], pods), 'kubernetes:pods:Patch', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))).toBeDefined();
    expect(edgesOf(withRole([rule(['get'], ['pods'])], pods), 'kubernetes:pods:Patch', id.sa('dev', 'ci'))).toHaveLength(0);
  });
});

describe('nodes', () => {
  const onNode = [pod('kube-system', 'agent', 'node-agent', { nodeName: 'n1' }), pod('dev', 'job', 'deployer', { nodeName: 'n2' })];
  it('a node holds the tokens of its pods; a pod that mounts none adds nothing', () => {
    const g = withRole([], [...onNode, pod('dev', 'quiet', 'quiet', { nodeName: 'n1', automount: false })]);
    expect(findEdge(g, 'kubernetes:node:PodTokens', id.node('n1'), id.sa('kube-system', 'node-agent'))).toBeDefined();
    expect(findEdge(g, 'kubernetes:node:PodTokens', id.node('n1'), id.sa('dev', 'quiet'))).toBeUndefined();
  });
  it('create pods in a namespace without Pod Security enforcement → every node; baseline refuses', () => {
    const open = withRole([rule(['create'], ['pods'])], [...onNode, namespace('dev')]);
    const e = findEdge(open, 'kubernetes:pods:CreateHostAccess', id.sa('dev', 'ci'), id.node('n1'))!;
    expect(e.conditional).toBe(false);
    expect(e.evidence.refs.at(-1)!.detail).toContain('"privileged"');
    const closed = withRole([rule(['create'], ['pods'])], [...onNode, namespace('dev', { 'pod-security.kubernetes.io/enforce': 'baseline' })]);
    expect(edgesOf(closed, 'kubernetes:pods:CreateHostAccess', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('namespaces not exported: the node edge is conditional', () => {
    expect(findEdge(withRole([rule(['create'], ['pods'])], onNode), 'kubernetes:pods:CreateHostAccess', id.sa('dev', 'ci'), id.node('n1'))!.conditional).toBe(true);
  });
  it('exec into a privileged or hostPath pod → its node; into a plain pod, no node', () => {
    const priv = withRole([rule(['create'], ['pods/exec'])], [pod('dev', 'p', 'deployer', { nodeName: 'n1', hostPath: '/' })]);
    expect(findEdge(priv, 'kubernetes:pods:ExecHostAccess', id.sa('dev', 'ci'), id.node('n1'))!.evidence.summary).toContain('hostPath /');
    const plain = withRole([rule(['create'], ['pods/exec'])], [pod('dev', 'p', 'deployer', { nodeName: 'n1' })]);
    expect(edgesOf(plain, 'kubernetes:pods:ExecHostAccess', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('nodes/proxy cluster-wide → every node; granted by a RoleBinding (nodes are cluster-scoped) → nothing', () => {
    const objs = [attacker, clusterRole('np', [rule(['get'], ['nodes/proxy'])]), ...onNode];
    expect(edgesOf(graphOf(envelope([...objs, clusterRoleBinding('x', 'np', [me])])).graph, 'kubernetes:nodes:Proxy', id.sa('dev', 'ci'))).toHaveLength(2);
    expect(edgesOf(graphOf(envelope([...objs, roleBinding('dev', 'x', { kind: 'ClusterRole', name: 'np' }, [me])])).graph, 'kubernetes:nodes:Proxy', id.sa('dev', 'ci'))).toHaveLength(0);
  });
});

describe('secrets', () => {
  const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
  const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const cloud = secret('dev', 'aws-creds', { AWS_ACCESS_KEY_ID: AWS_ID, AWS_SECRET_ACCESS_KEY: AWS_SECRET });
  it('get secrets → the secret → the AWS key it holds (shared id)', () => {
    const g = withRole([rule(['get'], ['secrets'])], [cloud]);
    expect(findEdge(g, 'kubernetes:secrets:Read', id.sa('dev', 'ci'), id.secret('dev', 'aws-creds'))).toBeDefined();
    expect(findEdge(g, 'kubernetes:secrets:StoredCredential', id.secret('dev', 'aws-creds'), `aws:access-key:${AWS_ID}`)).toBeDefined();
    expect(JSON.stringify(g)).not.toContain(AWS_SECRET);
  });
  it('resourceNames limit reads; list/watch also read', () => {
    const named = withRole([rule(['get'], ['secrets'], [''], ['other'])], [cloud]);
    expect(edgesOf(named, 'kubernetes:secrets:Read', id.sa('dev', 'ci'))).toHaveLength(0);
    expect(edgesOf(withRole([rule(['list'], ['secrets'])], [cloud]), 'kubernetes:secrets:Read', id.sa('dev', 'ci'))).toHaveLength(1);
    expect(edgesOf(withRole([rule(['get'], ['configmaps'])], [cloud]), 'kubernetes:secrets:Read', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('create pods reads every secret of the namespace by mounting it', () => {
    const g = withRole([rule(['create'], ['pods'])], [cloud, secret('prod', 'x', { a: 'b' })]);
    expect(findEdge(g, 'kubernetes:pods:MountSecret', id.sa('dev', 'ci'), id.secret('dev', 'aws-creds'))).toBeDefined();
    expect(findEdge(g, 'kubernetes:pods:MountSecret', id.sa('dev', 'ci'), id.secret('prod', 'x'))).toBeUndefined();
  });
  it('a legacy token secret exposes a token that authenticates as its SA', () => {
    const tokenSecret = secret('dev', 'deployer-token', { token: jwt({ iss: 'kubernetes/serviceaccount', sub: 'system:serviceaccount:dev:deployer', 'kubernetes.io/serviceaccount/namespace': 'dev', 'kubernetes.io/serviceaccount/service-account.name': 'deployer' }) }, 'kubernetes.io/service-account-token', { 'kubernetes.io/service-account.name': 'deployer' });
    const g = withRole([rule(['list'], ['secrets'])], [tokenSecret]);
    const cred = `k8s:prod:token:dev/deployer-token#token`;
    expect(findEdge(g, 'kubernetes:secrets:StoredCredential', id.secret('dev', 'deployer-token'), cred)).toBeDefined();
    expect(findEdge(g, 'kubernetes:serviceaccounts:Token', cred, id.sa('dev', 'deployer'))).toBeDefined();
  });
  it('a token from another issuer does not authenticate as a same-named SA of this cluster', () => {
    const foreign = secret('dev', 'stolen', { token: jwt({ iss: 'https://other.example', sub: 'system:serviceaccount:dev:deployer', 'kubernetes.io': { namespace: 'dev', serviceaccount: { name: 'deployer' } }, exp: 4102444800 }) });
    const g = withRole([rule(['list'], ['secrets'])], [foreign]);
    expect(edgesOf(g, 'kubernetes:serviceaccounts:Token')).toHaveLength(0);
  });
});

describe('identity', () => {
  it('serviceaccounts/token create → the SA (resourceNames respected)', () => {
    const g = withRole([rule(['create'], ['serviceaccounts/token'], [''], ['deployer'])], [sa('dev', 'other')]);
    expect(findEdge(g, 'kubernetes:serviceaccounts:TokenRequest', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))!.kind).toBe('CAN_CREATE_CREDENTIAL');
    expect(findEdge(g, 'kubernetes:serviceaccounts:TokenRequest', id.sa('dev', 'ci'), id.sa('dev', 'other'))).toBeUndefined();
    expect(edgesOf(withRole([rule(['get', 'create'], ['serviceaccounts'])]), 'kubernetes:serviceaccounts:TokenRequest', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('impersonate serviceaccounts in the namespace → each SA', () => {
    expect(findEdge(withRole([rule(['impersonate'], ['serviceaccounts'])]), 'kubernetes:rbac:Impersonate', id.sa('dev', 'ci'), id.sa('dev', 'deployer'))).toBeDefined();
  });
  it('impersonate groups cluster-wide → system:masters = cluster admin; by RoleBinding (cluster-scoped) → nothing', () => {
    const objs = [attacker, clusterRole('imp', [rule(['impersonate'], ['users', 'groups'])])];
    const yes = graphOf(envelope([...objs, clusterRoleBinding('x', 'imp', [me])])).graph;
    expect(findEdge(yes, 'kubernetes:rbac:Impersonate', id.sa('dev', 'ci'), id.admin)).toBeDefined();
    const no = graphOf(envelope([...objs, roleBinding('dev', 'x', { kind: 'ClusterRole', name: 'imp' }, [me])])).graph;
    expect(edgesOf(no, 'kubernetes:rbac:Impersonate', id.sa('dev', 'ci'))).toHaveLength(0);
    const named = graphOf(envelope([attacker, clusterRole('imp', [rule(['impersonate'], ['groups'], [''], ['developers'])]), clusterRoleBinding('x', 'imp', [me])])).graph;
    expect(findEdge(named, 'kubernetes:rbac:Impersonate', id.sa('dev', 'ci'), id.admin)).toBeUndefined();
  });
});

describe('escalation and tier zero', () => {
  it('* on * cluster-wide is tier zero; the cluster-admin hub is tier zero', () => {
    const g = graphOf(envelope([attacker, clusterRole('cluster-admin', [rule(['*'], ['*'], ['*'])]), clusterRoleBinding('x', 'cluster-admin', [me])])).graph;
    expect(g.nodes.find((n) => n.id === id.sa('dev', 'ci'))!.tierZero?.technique).toBe('kubernetes:rbac:ClusterAdmin');
    expect(g.nodes.find((n) => n.id === id.admin)!.tierZero).toBeDefined();
    expect(findEdge(g, 'kubernetes:rbac:ClusterAdmin', id.sa('dev', 'ci'), id.admin)).toBeDefined();
  });
  it('negative: * on * through a RoleBinding is namespace admin only, not tier zero', () => {
    const g = graphOf(envelope([attacker, clusterRole('cluster-admin', [rule(['*'], ['*'], ['*'])]), roleBinding('dev', 'x', { kind: 'ClusterRole', name: 'cluster-admin' }, [me])])).graph;
    expect(g.nodes.find((n) => n.id === id.sa('dev', 'ci'))!.tierZero).toBeUndefined();
    expect(findEdge(g, 'kubernetes:rbac:ClusterAdmin', id.sa('dev', 'ci'), id.nsAdmin('dev'))).toBeDefined();
  });
  it('create clusterrolebindings + bind clusterroles → cluster admin; bind on roles only → nothing', () => {
    const RB = 'rbac.authorization.k8s.io';
    const yes = graphOf(envelope([attacker, clusterRole('b', [rule(['create'], ['clusterrolebindings'], [RB]), rule(['bind'], ['clusterroles'], [RB], ['cluster-admin'])]), clusterRoleBinding('x', 'b', [me])])).graph;
    expect(findEdge(yes, 'kubernetes:rbac:BindRole', id.sa('dev', 'ci'), id.admin)!.evidence.refs).toHaveLength(2);
    const no = graphOf(envelope([attacker, clusterRole('b', [rule(['create'], ['clusterrolebindings'], [RB]), rule(['bind'], ['roles'], [RB])]), clusterRoleBinding('x', 'b', [me])])).graph;
    expect(edgesOf(no, 'kubernetes:rbac:BindRole', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('escalate + update on one\'s own ClusterRole → cluster admin; escalate without update → nothing', () => {
    const RB = 'rbac.authorization.k8s.io';
    const yes = graphOf(envelope([attacker, clusterRole('mine', [rule(['escalate', 'update'], ['clusterroles'], [RB], ['mine'])]), clusterRoleBinding('x', 'mine', [me])])).graph;
    expect(findEdge(yes, 'kubernetes:rbac:EscalateRole', id.sa('dev', 'ci'), id.admin)).toBeDefined();
    const no = graphOf(envelope([attacker, clusterRole('mine', [rule(['escalate'], ['clusterroles'], [RB], ['mine'])]), clusterRoleBinding('x', 'mine', [me])])).graph;
    expect(edgesOf(no, 'kubernetes:rbac:EscalateRole', id.sa('dev', 'ci'))).toHaveLength(0);
  });
  it('every attack edge has evidence and a catalogued technique', async () => {
    const { techniqueSpec } = await import('../../src/model/catalogue/index.js');
    const g = withRole([rule(['*'], ['*'], ['*'])], [pod('dev', 'p', 'deployer', { nodeName: 'n1', privileged: true }), secret('dev', 's', { k: 'v' })]);
    for (const e of g.edges) {
      expect(techniqueSpec(e.technique), e.technique).toBeDefined();
      expect(e.evidence.refs.length, e.id).toBeGreaterThan(0);
    }
  });
});
