import { describe, expect, it } from 'vitest';
import { DEPLOY } from '../../src/analysis/gcp/rules/compute.js';
import {
  DEV,
  FOLDER,
  ORG,
  PROD,
  bucket,
  customRole,
  customRoleName,
  email,
  key,
  policy,
  resource,
  sa,
  saPolicy,
  secret,
  secretName,
  serviceAccount,
} from './fixtures/cai.js';
import { find, fromTo, graphOf } from './helpers.js';

const A = email('leaked');
const B = email('target');
const C = email('final');
const U = 'user:alice@example.com';
const member = (address: string) => `serviceAccount:${address}`;
const base = () => [serviceAccount(A), serviceAccount(B), serviceAccount(C)];

describe('service-account keys', () => {
  it('an active user-managed key authenticates as its service account; the edge names the key', () => {
    const { graph } = graphOf(...base(), key(A, 'aa11'));
    const e = find(graph, 'gcp:iam:ServiceAccountKey', 'gcp:sa-key:aa11', sa(A));
    expect(e?.evidence.refs[0]?.source).toContain('aa11');
  });

  it.each([
    ['disabled', { disabled: true }, 'disabled'],
    ['expired', { validBeforeTime: '2020-01-01T00:00:00Z' }, 'expired'],
    ['not yet valid', { validAfterTime: '2999-01-01T00:00:00Z' }, 'not-yet-valid'],
    ['system-managed', { keyType: 'SYSTEM_MANAGED' }, 'system-managed'],
  ])('a %s key reaches nothing but is still found with its status', (_, extra, status) => {
    const { graph } = graphOf(...base(), key(A, 'bb22', PROD, extra));
    expect(graph.edges.filter((e) => e.source === 'gcp:sa-key:bb22')).toEqual([]);
    expect(graph.nodes.find((n) => n.id === 'gcp:sa-key:bb22')?.props.status).toBe(status);
  });

  it('a key of a disabled service account reaches nothing', () => {
    const { graph } = graphOf(serviceAccount(A, PROD, { disabled: true }), key(A, 'cc33'));
    expect(graph.edges.filter((e) => e.source === 'gcp:sa-key:cc33')).toEqual([]);
    expect(graph.nodes.find((n) => n.id === 'gcp:sa-key:cc33')?.props.status).toBe('service-account-disabled');
  });
});

describe('token creation on a service account', () => {
  const tokenCreator = saPolicy(B, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(A)] }]);

  it('Token Creator bound on the service account (named by unique id): one edge, getAccessToken, the other permissions listed', () => {
    const { graph } = graphOf(...base(), tokenCreator);
    const [e, ...rest] = fromTo(graph, sa(A), sa(B));
    expect(rest).toEqual([]);
    expect(e?.technique).toBe('gcp:iam:serviceAccounts.getAccessToken');
    expect(e?.conditional).toBe(false);
    expect(e?.evidence.refs[0]?.detail).toBe(`roles/iam.serviceAccountTokenCreator → serviceAccount:${A}`);
    expect(e?.evidence.summary).toContain('Also: iam.serviceAccounts.signJwt, iam.serviceAccounts.signBlob, iam.serviceAccounts.getOpenIdToken');
  });

  it.each(['signBlob', 'signJwt'])('a custom role holding only %s gives that technique and nothing else', (m) => {
    const { graph } = graphOf(...base(), customRole('only', [`iam.serviceAccounts.${m}`]), saPolicy(B, [{ role: customRoleName('only'), members: [member(A)] }]));
    expect(fromTo(graph, sa(A), sa(B)).map((e) => [e.technique, e.conditional])).toEqual([[`gcp:iam:serviceAccounts.${m}`, false]]);
  });

  it('getOpenIdToken alone is drawn conditional: an ID token is not an access token', () => {
    const { graph } = graphOf(...base(), customRole('oidc', ['iam.serviceAccounts.getOpenIdToken']), saPolicy(B, [{ role: customRoleName('oidc'), members: [member(A)] }]));
    expect(find(graph, 'gcp:iam:serviceAccounts.getOpenIdToken', sa(A), sa(B))?.conditional).toBe(true);
  });

  it('is inherited from a folder binding into the project below it', () => {
    const { graph } = graphOf(...base(), policy(FOLDER, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(A)] }]));
    expect(find(graph, 'gcp:iam:serviceAccounts.getAccessToken', sa(A), sa(B))?.evidence.refs[0]?.source).toContain('folders/200');
  });

  it('negative: a folder binding does not reach a project outside the folder, nor Viewer anything', () => {
    const other = email('other', DEV);
    const { graph } = graphOf(...base(), serviceAccount(other, DEV), policy(FOLDER, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(A)] }]), policy(DEV, [{ role: 'roles/viewer', members: [member(A)] }]));
    expect(fromTo(graph, sa(A), sa(other))).toEqual([]);
  });

  it('negative: Token Creator on another service account', () => {
    const { graph } = graphOf(...base(), saPolicy(C, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(A)] }]));
    expect(fromTo(graph, sa(A), sa(B))).toEqual([]);
  });
});

describe('implicitDelegation chains', () => {
  it('A delegates through B to C without obtaining B; every binding of the chain is evidence', () => {
    const { graph } = graphOf(
      ...base(),
      customRole('delegate', ['iam.serviceAccounts.implicitDelegation']),
      saPolicy(B, [{ role: customRoleName('delegate'), members: [member(A)] }]),
      saPolicy(C, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(B)] }]),
    );
    const e = find(graph, 'gcp:iam:serviceAccounts.implicitDelegation', sa(A), sa(C));
    expect(e?.evidence.refs).toHaveLength(2);
    expect(fromTo(graph, sa(A), sa(B))).toEqual([]);
  });

  it('two delegation hops', () => {
    const D = email('middle');
    const { graph } = graphOf(
      ...base(),
      serviceAccount(D),
      customRole('delegate', ['iam.serviceAccounts.implicitDelegation']),
      saPolicy(D, [{ role: customRoleName('delegate'), members: [member(A)] }]),
      saPolicy(B, [{ role: customRoleName('delegate'), members: [member(D)] }]),
      saPolicy(C, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(B)] }]),
    );
    expect(find(graph, 'gcp:iam:serviceAccounts.implicitDelegation', sa(A), sa(C))?.evidence.refs).toHaveLength(3);
  });

  it('no delegation edge where the delegator obtains B itself: the path A → B → C says it', () => {
    const { graph } = graphOf(...base(), saPolicy(B, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(A)] }]), saPolicy(C, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(B)] }]));
    expect(graph.edges.filter((e) => e.technique === 'gcp:iam:serviceAccounts.implicitDelegation')).toEqual([]);
    expect(find(graph, 'gcp:iam:serviceAccounts.getAccessToken', sa(A), sa(B))).toBeDefined();
    expect(find(graph, 'gcp:iam:serviceAccounts.getAccessToken', sa(B), sa(C))).toBeDefined();
  });

  it('negative: B cannot create tokens for C', () => {
    const { graph } = graphOf(...base(), customRole('delegate', ['iam.serviceAccounts.implicitDelegation']), saPolicy(B, [{ role: customRoleName('delegate'), members: [member(A)] }]), saPolicy(C, [{ role: 'roles/iam.serviceAccountUser', members: [member(B)] }]));
    expect(fromTo(graph, sa(A), sa(C))).toEqual([]);
  });
});

describe('credentials and policies of a service account', () => {
  it('Service Account Key Admin creates keys', () => {
    const { graph } = graphOf(...base(), saPolicy(B, [{ role: 'roles/iam.serviceAccountKeyAdmin', members: [U] }]));
    expect(find(graph, 'gcp:iam:serviceAccountKeys.create', 'gcp:user:alice@example.com', sa(B))).toBeDefined();
  });

  it('Storage HMAC Key Admin on the project creates HMAC keys (conditional: storage only)', () => {
    const { graph } = graphOf(...base(), policy(PROD, [{ role: 'roles/storage.hmacKeyAdmin', members: [member(A)] }]));
    expect(find(graph, 'gcp:storage:hmacKeys.create', sa(A), sa(B))?.conditional).toBe(true);
  });

  it('Service Account Admin sets the policy of the service account', () => {
    const { graph } = graphOf(...base(), saPolicy(B, [{ role: 'roles/iam.serviceAccountAdmin', members: [member(A)] }]));
    expect(find(graph, 'gcp:iam:serviceAccounts.setIamPolicy', sa(A), sa(B))).toBeDefined();
  });

  it('negative: Viewer and Service Account User create no credential and change no policy', () => {
    const { graph } = graphOf(...base(), policy(PROD, [{ role: 'roles/viewer', members: [member(A)] }]), saPolicy(B, [{ role: 'roles/iam.serviceAccountUser', members: [member(A)] }]));
    expect(fromTo(graph, sa(A), sa(B))).toEqual([]);
  });
});

describe('setIamPolicy on organisation, folder and project; tier zero', () => {
  it.each([
    [ORG, 'roles/resourcemanager.organizationAdmin', 'gcp:resourcemanager:organizations.setIamPolicy'],
    [FOLDER, 'roles/resourcemanager.folderIamAdmin', 'gcp:resourcemanager:folders.setIamPolicy'],
    [PROD, 'roles/resourcemanager.projectIamAdmin', 'gcp:resourcemanager:projects.setIamPolicy'],
    [PROD, 'roles/owner', 'gcp:resourcemanager:projects.setIamPolicy'],
  ])('%s %s: the member administers it, is tier zero, and reaches the service accounts below', (on, role, technique) => {
    const { graph } = graphOf(...base(), policy(on, [{ role, members: [member(A)] }]));
    expect(find(graph, technique, sa(A), `gcp:admin:${on}`)).toBeDefined();
    expect(graph.nodes.find((n) => n.id === sa(A))?.tierZero?.technique).toBe(technique);
    expect(graph.nodes.find((n) => n.id === `gcp:admin:${on}`)?.tierZero).toBeDefined();
    expect(find(graph, 'gcp:resourcemanager:ScopeAdministrator', 'gcp:admin:projects/300', sa(B))).toBeDefined();
  });

  it('Security Admin at the organisation is tier zero', () => {
    const { graph } = graphOf(...base(), policy(ORG, [{ role: 'roles/iam.securityAdmin', members: [U] }]));
    expect(graph.nodes.find((n) => n.id === 'gcp:user:alice@example.com')?.tierZero).toBeDefined();
  });

  it('negative: Editor is not tier zero and administers nothing', () => {
    const { graph } = graphOf(...base(), policy(PROD, [{ role: 'roles/editor', members: [member(A)] }]));
    expect(graph.nodes.find((n) => n.id === sa(A))?.tierZero).toBeUndefined();
    expect(graph.edges.filter((e) => e.source === sa(A) && e.target.startsWith('gcp:admin:'))).toEqual([]);
  });
});

describe('iam.roles.update on a custom role the caller holds', () => {
  it('a Role Administrator holding the custom role at the project administers the project', () => {
    const { graph } = graphOf(...base(), customRole('ops', ['compute.instances.list']), policy(PROD, [{ role: customRoleName('ops'), members: [member(A)] }, { role: 'roles/iam.roleAdmin', members: [member(A)] }]));
    const e = find(graph, 'gcp:iam:roles.update', sa(A), 'gcp:admin:projects/300');
    expect(e?.evidence.refs).toHaveLength(2);
  });

  it('negative: the custom role is bound to someone else', () => {
    const { graph } = graphOf(...base(), customRole('ops', ['compute.instances.list']), policy(PROD, [{ role: customRoleName('ops'), members: [member(B)] }, { role: 'roles/iam.roleAdmin', members: [member(A)] }]));
    expect(graph.edges.filter((e) => e.technique === 'gcp:iam:roles.update')).toEqual([]);
  });
});

describe('Secret Manager and Cloud Storage', () => {
  it('Secret Accessor on the secret reads it; on another secret it does not', () => {
    const { graph } = graphOf(...base(), secret('db'), secret('other'), policy(secretName('db'), [{ role: 'roles/secretmanager.secretAccessor', members: [member(A)] }], 'secretmanager.googleapis.com/Secret', ['projects/300', FOLDER, ORG]));
    expect(find(graph, 'gcp:secretmanager:versions.access', sa(A), secretName('db'))).toBeDefined();
    expect(fromTo(graph, sa(A), secretName('other'))).toEqual([]);
  });

  it('Secret Manager Admin on the project rewrites secret policies', () => {
    const { graph } = graphOf(...base(), secret('db'), policy(PROD, [{ role: 'roles/secretmanager.admin', members: [member(A)] }]));
    expect(find(graph, 'gcp:secretmanager:secrets.setIamPolicy', sa(A), secretName('db'))).toBeDefined();
  });

  it('a resource.name condition settles which secrets a project binding covers', () => {
    const cond = { title: 'only db', expression: 'resource.name.startsWith("projects/300/secrets/db")' };
    const { graph } = graphOf(...base(), secret('db'), secret('other'), policy(PROD, [{ role: 'roles/secretmanager.secretAccessor', members: [member(A)], condition: cond }]));
    expect(find(graph, 'gcp:secretmanager:versions.access', sa(A), secretName('db'))?.conditional).toBe(false);
    expect(fromTo(graph, sa(A), secretName('other'))).toEqual([]);
  });

  it('Storage Object Viewer reads a bucket; Viewer does not', () => {
    const { graph } = graphOf(...base(), bucket('data'), policy(PROD, [{ role: 'roles/storage.objectViewer', members: [member(A)] }, { role: 'roles/viewer', members: [member(B)] }]));
    expect(find(graph, 'gcp:storage:objects.get', sa(A), '//storage.googleapis.com/data')).toBeDefined();
    expect(fromTo(graph, sa(B), '//storage.googleapis.com/data')).toEqual([]);
  });
});

describe('IAM Conditions', () => {
  const grant = (expression: string) => saPolicy(B, [{ role: 'roles/iam.serviceAccountTokenCreator', members: [member(A)], condition: { title: 't', expression } }]);

  it('an expired request.time condition grants nothing; a future one grants unconditionally', () => {
    expect(fromTo(graphOf(...base(), grant('request.time < timestamp("2020-01-01T00:00:00Z")')).graph, sa(A), sa(B))).toEqual([]);
    expect(find(graphOf(...base(), grant('request.time < timestamp("2999-01-01T00:00:00Z")')).graph, 'gcp:iam:serviceAccounts.getAccessToken', sa(A), sa(B))?.conditional).toBe(false);
  });

  it('what the data cannot settle makes the edge conditional with the expression', () => {
    const e = find(graphOf(...base(), grant('request.time < timestamp("2999-01-01T00:00:00Z") && resource.matchTag("123/env", "prod")')).graph, 'gcp:iam:serviceAccounts.getAccessToken', sa(A), sa(B));
    expect(e?.conditional).toBe(true);
    expect(e?.conditions).toContain('resource.matchTag');
  });
});

describe('actAs + deploy', () => {
  for (const spec of DEPLOY.filter((s) => s.actAs !== false)) {
    it(`${spec.technique}: actAs on the service account and the create permissions on its project`, () => {
      const { graph } = graphOf(...base(), customRole('deployer', spec.anyOf[0]!), policy(PROD, [{ role: customRoleName('deployer'), members: [member(A)] }]), saPolicy(B, [{ role: 'roles/iam.serviceAccountUser', members: [member(A)] }]));
      const e = find(graph, spec.technique, sa(A), sa(B));
      expect(e?.evidence.refs.length).toBeGreaterThanOrEqual(2);
      expect(find(graph, spec.technique, sa(A), sa(C))).toBeUndefined();
    });
  }

  it('negative: create permissions without actAs, or actAs without create permissions', () => {
    const noActAs = graphOf(...base(), customRole('deployer', DEPLOY[0]!.anyOf[0]!), policy(PROD, [{ role: customRoleName('deployer'), members: [member(A)] }])).graph;
    expect(fromTo(noActAs, sa(A), sa(B))).toEqual([]);
    const onlyActAs = graphOf(...base(), saPolicy(B, [{ role: 'roles/iam.serviceAccountUser', members: [member(A)] }])).graph;
    expect(fromTo(onlyActAs, sa(A), sa(B))).toEqual([]);
  });

  it('Cloud Build runs as the legacy Cloud Build service account without actAs; Deployment Manager as the Google APIs account', () => {
    const cb = '300@cloudbuild.gserviceaccount.com';
    const dm = '300@cloudservices.gserviceaccount.com';
    const { graph } = graphOf(...base(), policy(PROD, [{ role: 'roles/cloudbuild.builds.editor', members: [member(A)] }, { role: 'roles/deploymentmanager.editor', members: [member(A)] }, { role: 'roles/editor', members: [member(cb), member(dm)] }]));
    expect(find(graph, 'gcp:cloudbuild:builds.create', sa(A), sa(cb))).toBeDefined();
    expect(find(graph, 'gcp:deploymentmanager:deployments.create', sa(A), sa(dm))).toBeDefined();
    expect(find(graph, 'gcp:cloudbuild:builds.create', sa(A), sa(B))).toBeUndefined();
  });
});

describe('existing compute', () => {
  const instance = resource('//compute.googleapis.com/projects/prod/zones/europe-west1-b/instances/vm1', 'compute.googleapis.com/Instance', { name: 'vm1', serviceAccounts: [{ email: B, scopes: ['https://www.googleapis.com/auth/cloud-platform'] }] });
  const fn = resource('//cloudfunctions.googleapis.com/projects/prod/locations/europe-west1/functions/f1', 'cloudfunctions.googleapis.com/CloudFunction', { name: 'projects/prod/locations/europe-west1/functions/f1', serviceAccountEmail: B, runtime: 'python312' });
  const run = resource('//run.googleapis.com/projects/prod/locations/europe-west1/services/s1', 'run.googleapis.com/Service', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 's1' }, spec: { template: { spec: { serviceAccountName: B } } } });

  it('the instance runs as its service account (fact) and setMetadata on it runs code as it', () => {
    const { graph } = graphOf(...base(), instance, policy('//compute.googleapis.com/projects/prod/zones/europe-west1-b/instances/vm1', [{ role: 'roles/compute.instanceAdmin.v1', members: [member(A)] }], 'compute.googleapis.com/Instance', ['projects/300', FOLDER, ORG]));
    expect(find(graph, 'gcp:iam:ServiceAccountRunsOn', sa(B), '//compute.googleapis.com/projects/prod/zones/europe-west1-b/instances/vm1')).toBeDefined();
    expect(find(graph, 'gcp:compute:instances.setMetadata', sa(A), sa(B))).toBeDefined();
  });

  it('project-wide metadata reaches the instances of the project', () => {
    const { graph } = graphOf(...base(), instance, customRole('meta', ['compute.projects.setCommonInstanceMetadata']), policy(PROD, [{ role: customRoleName('meta'), members: [member(A)] }]));
    expect(find(graph, 'gcp:compute:projects.setCommonInstanceMetadata', sa(A), sa(B))).toBeDefined();
  });

  it('function source update and Cloud Run revision need actAs on the running service account', () => {
    const roles = [customRole('fn', ['cloudfunctions.functions.update', 'cloudfunctions.functions.sourceCodeSet', 'run.services.update'])];
    const withActAs = graphOf(...base(), fn, run, ...roles, policy(PROD, [{ role: customRoleName('fn'), members: [member(A)] }]), saPolicy(B, [{ role: 'roles/iam.serviceAccountUser', members: [member(A)] }])).graph;
    expect(find(withActAs, 'gcp:cloudfunctions:functions.update', sa(A), sa(B))).toBeDefined();
    expect(find(withActAs, 'gcp:run:services.update', sa(A), sa(B))).toBeDefined();
    const without = graphOf(...base(), fn, run, ...roles, policy(PROD, [{ role: customRoleName('fn'), members: [member(A)] }])).graph;
    expect(fromTo(without, sa(A), sa(B))).toEqual([]);
  });

  it('negative: no rights on the instance', () => {
    const { graph } = graphOf(...base(), instance, policy(PROD, [{ role: 'roles/compute.viewer', members: [member(A)] }]));
    expect(fromTo(graph, sa(A), sa(B))).toEqual([]);
  });
});
