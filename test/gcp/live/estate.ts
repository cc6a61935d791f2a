import { googleError, paged, type Route } from './replay-server.js';

/**
 * A small organisation as Google's REST APIs answer for it, in the documented response shapes
 * (cloud.google.com/resource-manager/reference/rest/v3, iam/docs/reference/rest/v1 and v2,
 * asset/docs/reference/rest/v1/TopLevel/searchAllIamPolicies): Resource Manager v3 search pages,
 * getIamPolicy answers (version, etag, bindings), IAM v1 service accounts, keys, custom roles and
 * workload identity pools, Cloud Asset policy search results.
 *
 * organizations/100000000001 (example.com)
 *   ├─ folders/200000000001 (production) ─ projects/300000000001 (prod-app)
 *   └─ projects/300000000002 (dev-tools)
 * A user-managed key of ci@dev-tools can mint tokens for admin-sa@prod-app, owner of the organisation.
 */
export const ORG = 'organizations/100000000001';
export const FOLDER = 'folders/200000000001';
export const PROD = 'projects/300000000001';
export const DEV = 'projects/300000000002';
export const CI = 'ci@dev-tools.iam.gserviceaccount.com';
export const ADMIN = 'admin-sa@prod-app.iam.gserviceaccount.com';
export const DEPLOYER = 'deployer@prod-app.iam.gserviceaccount.com';
export const CI_KEY = '3b1f0c5e2a9d4f7b8c6e1a2d3f4b5c6d7e8f9a0b';
export const SYSTEM_KEY = 'a0f1e2d3c4b5a69788796a5b4c3d2e1f0a1b2c3d';
export const ORG_DENY = `policies/cloudresourcemanager.googleapis.com%2F${ORG.replace('/', '%2F')}/denypolicies/break-glass`;
/** A predefined role only the live roles.list knows (newer than the shipped data). */
export const NEW_ROLE = 'roles/iam.serviceAccountKeyRotator';
export const ACCESS_TOKEN = 'ya29.replayServerTokenNotARealOne0000000';
/** Listings the caller may not read: the dev project's workload identity pools. */
export const REFUSED = `GET /v1/projects/dev-tools/locations/global/workloadIdentityPools`;
/** Throttled once (429 + Retry-After) before answering. */
export const THROTTLED = 'GET /v3/projects:search';

const policy = (bindings: object[]) => ({ version: 3, etag: 'BwWKmjvelug=', bindings });
const sa = (project: string, number: string, email: string, uniqueId: string, extra: object = {}) => ({
  name: `projects/${project}/serviceAccounts/${email}`,
  projectId: project,
  uniqueId,
  email,
  displayName: email.split('@')[0],
  etag: 'MDEwMjE5MjA=',
  oauth2ClientId: uniqueId,
  ...extra,
  // The documented field; leakpath reads the project from projectId and the email's domain.
  description: `runs in ${number}`,
});

export function gcpRoutes(): Record<string, Route> {
  let throttled = false;
  const projects = [
    { name: PROD, parent: FOLDER, projectId: 'prod-app', state: 'ACTIVE', displayName: 'Production app', createTime: '2024-01-10T10:00:00.000Z', updateTime: '2024-01-10T10:00:00.000Z', etag: 'W/"a"', labels: { env: 'prod' } },
    { name: DEV, parent: ORG, projectId: 'dev-tools', state: 'ACTIVE', displayName: 'Dev tools', createTime: '2024-02-10T10:00:00.000Z', updateTime: '2024-02-10T10:00:00.000Z', etag: 'W/"b"' },
    { name: 'projects/300000000009', parent: ORG, projectId: 'old-thing', state: 'DELETE_REQUESTED', displayName: 'Old', etag: 'W/"c"' },
  ];
  const projectPages = paged('projects', projects, 2);
  const prodAccounts = [sa('prod-app', '300000000001', ADMIN, '110000000000000000001'), sa('prod-app', '300000000001', DEPLOYER, '110000000000000000002'), sa('prod-app', '300000000001', 'old@prod-app.iam.gserviceaccount.com', '110000000000000000003', { disabled: true })];
  const empty = () => ({});
  return {
    ...emptyUsageRoutes(),
    'GET /v3/organizations:search': () => ({ organizations: [{ name: ORG, displayName: 'example.com', directoryCustomerId: 'C01abcde', state: 'ACTIVE', createTime: '2020-01-01T00:00:00.000Z', etag: 'BwXy' }] }),
    'GET /v3/folders:search': () => ({ folders: [{ name: FOLDER, parent: ORG, displayName: 'production', state: 'ACTIVE', createTime: '2021-01-01T00:00:00.000Z', etag: 'BwXz' }] }),
    [THROTTLED]: (q, req) => {
      if (!throttled) {
        throttled = true;
        return { status: 429, headers: { 'retry-after': '1' }, body: googleError(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute'").body };
      }
      return projectPages(q, req);
    },
    [`POST /v3/${ORG}:getIamPolicy`]: () => policy([{ role: 'roles/owner', members: [`serviceAccount:${ADMIN}`, 'user:root@example.com'] }, { role: 'roles/resourcemanager.organizationViewer', members: ['domain:example.com'] }]),
    [`POST /v3/${FOLDER}:getIamPolicy`]: () => policy([]),
    [`POST /v3/${PROD}:getIamPolicy`]: () => policy([{ role: 'roles/viewer', members: ['group:eng@example.com'] }, { role: 'roles/editor', members: [`serviceAccount:${DEPLOYER}`], condition: { title: 'until 2020', expression: 'request.time < timestamp("2020-01-01T00:00:00Z")' } }]),
    [`POST /v3/${DEV}:getIamPolicy`]: () => policy([{ role: 'projects/dev-tools/roles/keyMaker', members: [`serviceAccount:${CI}`] }, { role: NEW_ROLE, members: ['group:rotators@example.com'] }]),
    // Predefined roles (view FULL), paged; one newer than the shipped role data.
    'GET /v1/roles': paged(
      'roles',
      [
        { name: 'roles/iam.serviceAccountTokenCreator', title: 'Service Account Token Creator', description: 'Impersonate service accounts (create OAuth2 access tokens, sign blobs or JWTs, etc).', includedPermissions: ['iam.serviceAccounts.get', 'iam.serviceAccounts.getAccessToken', 'iam.serviceAccounts.getOpenIdToken', 'iam.serviceAccounts.implicitDelegation', 'iam.serviceAccounts.list', 'iam.serviceAccounts.signBlob', 'iam.serviceAccounts.signJwt', 'resourcemanager.projects.get', 'resourcemanager.projects.list'], stage: 'GA', etag: 'AA==' },
        { name: NEW_ROLE, title: 'Key Rotator', description: 'A role newer than the shipped data', includedPermissions: ['iam.serviceAccountKeys.create', 'iam.serviceAccountKeys.list', 'iam.serviceAccounts.list'], stage: 'BETA', etag: 'AA==' },
      ],
      1,
    ),
    [`GET /v1/${ORG}/roles`]: () => ({ roles: [{ name: `${ORG}/roles/auditor`, title: 'Auditor', description: 'reads', includedPermissions: ['resourcemanager.projects.get'], stage: 'GA', etag: 'BwW=' }] }),
    // Deny policies: the listing carries metadata only, the rules come from a get.
    [`GET /v2/policies/cloudresourcemanager.googleapis.com/${ORG}/denypolicies`]: () => ({ policies: [{ name: ORG_DENY, uid: '6665c437-a3b2-a018-6934-54dd16d3426e', kind: 'DenyPolicy', displayName: 'Break-glass only', etag: 'MTc1', createTime: '2024-06-05T19:22:57.056962Z' }] }),
    [`GET /v2/${decodeURIComponent(ORG_DENY)}`]: () => ({
      name: ORG_DENY,
      uid: '6665c437-a3b2-a018-6934-54dd16d3426e',
      kind: 'DenyPolicy',
      displayName: 'Break-glass only',
      etag: 'MTc1',
      createTime: '2024-06-05T19:22:57.056962Z',
      rules: [{ description: 'root keeps out of IAM', denyRule: { deniedPrincipals: ['principal://goog/subject/root@example.com'], deniedPermissions: ['cloudresourcemanager.googleapis.com/organizations.setIamPolicy', 'cloudresourcemanager.googleapis.com/folders.setIamPolicy', 'cloudresourcemanager.googleapis.com/projects.setIamPolicy'] } }],
    }),
    [`GET /v2/policies/cloudresourcemanager.googleapis.com/${FOLDER}/denypolicies`]: empty,
    [`GET /v2/policies/cloudresourcemanager.googleapis.com/${PROD}/denypolicies`]: empty,
    [`GET /v2/policies/cloudresourcemanager.googleapis.com/${DEV}/denypolicies`]: empty,
    // prod-app
    'GET /v1/projects/prod-app/serviceAccounts': paged('accounts', prodAccounts, 2),
    ...Object.fromEntries(prodAccounts.map((a) => [`GET /v1/${a.name}/keys`, () => ({ keys: [{ name: `${a.name}/keys/${a.uniqueId.slice(-4)}aa00bb11cc22dd33ee44ff5566778899aabb`, validAfterTime: '2024-01-01T00:00:00Z', validBeforeTime: '9999-12-31T23:59:59Z', keyAlgorithm: 'KEY_ALG_RSA_2048', keyOrigin: 'GOOGLE_PROVIDED', keyType: 'SYSTEM_MANAGED' }] })])),
    [`POST /v1/projects/prod-app/serviceAccounts/${ADMIN}:getIamPolicy`]: () => policy([{ role: 'roles/iam.serviceAccountTokenCreator', members: [`serviceAccount:${CI}`] }]),
    [`POST /v1/projects/prod-app/serviceAccounts/${DEPLOYER}:getIamPolicy`]: () => ({ version: 1, etag: 'ACAB' }),
    'POST /v1/projects/prod-app/serviceAccounts/old@prod-app.iam.gserviceaccount.com:getIamPolicy': () => ({ version: 1, etag: 'ACAB' }),
    'GET /v1/projects/prod-app/roles': empty,
    'GET /v1/projects/prod-app/locations/global/workloadIdentityPools': () => ({ workloadIdentityPools: [{ name: `${PROD}/locations/global/workloadIdentityPools/github`, displayName: 'GitHub', state: 'ACTIVE', disabled: false }] }),
    [`GET /v1/${PROD}/locations/global/workloadIdentityPools/github/providers`]: () => ({
      workloadIdentityPoolProviders: [{ name: `${PROD}/locations/global/workloadIdentityPools/github/providers/actions`, displayName: 'Actions', state: 'ACTIVE', disabled: false, attributeMapping: { 'google.subject': 'assertion.sub', 'attribute.repository': 'assertion.repository' }, oidc: { issuerUri: 'https://token.actions.githubusercontent.com' } }],
    }),
    // dev-tools
    'GET /v1/projects/dev-tools/serviceAccounts': () => ({ accounts: [sa('dev-tools', '300000000002', CI, '120000000000000000001')] }),
    [`GET /v1/projects/dev-tools/serviceAccounts/${CI}/keys`]: () => ({
      keys: [
        { name: `projects/dev-tools/serviceAccounts/${CI}/keys/${CI_KEY}`, validAfterTime: '2024-03-01T00:00:00Z', validBeforeTime: '9999-12-31T23:59:59Z', keyAlgorithm: 'KEY_ALG_RSA_2048', keyOrigin: 'GOOGLE_PROVIDED', keyType: 'USER_MANAGED' },
        { name: `projects/dev-tools/serviceAccounts/${CI}/keys/${SYSTEM_KEY}`, validAfterTime: '2024-03-01T00:00:00Z', validBeforeTime: '2024-03-17T00:00:00Z', keyAlgorithm: 'KEY_ALG_RSA_2048', keyOrigin: 'GOOGLE_PROVIDED', keyType: 'SYSTEM_MANAGED' },
      ],
    }),
    [`POST /v1/projects/dev-tools/serviceAccounts/${CI}:getIamPolicy`]: () => ({ version: 1, etag: 'ACAB' }),
    'GET /v1/projects/dev-tools/roles': () => ({ roles: [{ name: 'projects/dev-tools/roles/keyMaker', title: 'Key maker', includedPermissions: ['iam.serviceAccountKeys.create', 'iam.serviceAccounts.list'], stage: 'GA', etag: 'BwX=' }] }),
    [REFUSED]: () => googleError(403, 'PERMISSION_DENIED', "Permission 'iam.workloadIdentityPools.list' denied on resource (or it may not exist)."),
    // Cloud Asset: secrets' and buckets' policies.
    [`GET /v1/${ORG}:searchAllIamPolicies`]: paged(
      'results',
      [
        { resource: '//secretmanager.googleapis.com/projects/300000000001/secrets/db-password', assetType: 'secretmanager.googleapis.com/Secret', project: PROD, folders: [FOLDER], organization: ORG, policy: policy([{ role: 'roles/secretmanager.secretAccessor', members: [`serviceAccount:${DEPLOYER}`] }]) },
        { resource: '//storage.googleapis.com/prod-app-backups', assetType: 'storage.googleapis.com/Bucket', project: PROD, folders: [FOLDER], organization: ORG, policy: policy([{ role: 'roles/storage.objectViewer', members: [`serviceAccount:${CI}`] }]) },
      ],
      1,
    ),
  };
}

/**
 * The same organisation where Cloud Asset is not enabled (searchAllIamPolicies answers 403
 * SERVICE_DISABLED): secrets (Secret Manager v1) and buckets (Cloud Storage JSON API v1) are
 * listed per project, each with its policy.
 */
export function gcpRoutesWithoutAsset(): Record<string, Route> {
  const routes = gcpRoutes();
  routes[`GET /v1/${ORG}:searchAllIamPolicies`] = () => googleError(403, 'PERMISSION_DENIED', 'Cloud Asset API has not been used in project 300000000002 before or it is disabled.');
  routes['GET /v1/projects/prod-app/secrets'] = () => ({ secrets: [{ name: `${PROD}/secrets/db-password`, replication: { automatic: {} }, createTime: '2024-04-01T00:00:00Z', etag: '"16"' }], totalSize: 1 });
  routes[`GET /v1/${PROD}/secrets/db-password:getIamPolicy`] = () => policy([{ role: 'roles/secretmanager.secretAccessor', members: [`serviceAccount:${DEPLOYER}`] }]);
  routes['GET /v1/projects/dev-tools/secrets'] = () => googleError(403, 'PERMISSION_DENIED', 'Secret Manager API has not been used in project 300000000002 before or it is disabled.');
  routes['GET /storage/v1/b'] = (q) =>
    q.get('project') === 'prod-app'
      ? { kind: 'storage#buckets', items: [{ kind: 'storage#bucket', id: 'prod-app-backups', name: 'prod-app-backups', projectNumber: '300000000001', location: 'EU', storageClass: 'STANDARD', etag: 'CAE=' }] }
      : { kind: 'storage#buckets' };
  routes['GET /storage/v1/b/prod-app-backups/iam'] = () => ({ kind: 'storage#policy', resourceId: 'projects/_/buckets/prod-app-backups', version: 1, etag: 'CAE=', bindings: [{ role: 'roles/storage.objectViewer', members: [`serviceAccount:${CI}`] }] });
  return routes;
}

const PA = (project: string, type: string) => `GET /v1/projects/${project}/locations/global/activityTypes/${type}/activities:query`;
const INSIGHTS = (project: string) => `GET /v1/projects/${project}/locations/global/insightTypes/google.iam.policy.Insight/insights`;
/** Usage listings with nothing to say (the documented empty answer is `{}`). */
export function emptyUsageRoutes(): Record<string, Route> {
  const empty = () => ({});
  return Object.fromEntries(['prod-app', 'dev-tools'].flatMap((p) => [[PA(p, 'serviceAccountLastAuthentication'), empty], [PA(p, 'serviceAccountKeyLastAuthentication'), empty], [INSIGHTS(p), empty]]));
}

/** The one usage listing the caller may not read: dev-tools' service-account activity. */
export const USAGE_REFUSED = PA('dev-tools', 'serviceAccountLastAuthentication');

/**
 * The organisation with usage, in the documented REST shapes (policy-intelligence docs:
 * "View recent usage for service accounts and keys", `activities.query`; "Review policy insights",
 * `insights.list`): prod-app's service-account activity in pages of one, a key never used (no
 * `lastAuthenticatedTime`, as Google writes it), the deployer's editor binding with four storage
 * permissions exercised and one inferred; dev-tools' activity refused (403), its CI key used, and
 * the CI account's key-maker binding exercised nowhere.
 */
export function gcpRoutesWithUsage(): Record<string, Route> {
  const routes = gcpRoutes();
  const period = { startTime: '2024-03-10T07:00:00Z', endTime: '2024-06-27T07:00:00Z' };
  const saActivity = (project: string, number: string, email: string, id: string, when?: string) => ({
    fullResourceName: `//iam.googleapis.com/projects/${project}/serviceAccounts/${email}`,
    activityType: 'serviceAccountLastAuthentication',
    observationPeriod: period,
    activity: { ...(when ? { lastAuthenticatedTime: when } : {}), serviceAccount: { projectNumber: number, fullResourceName: `//iam.googleapis.com/projects/${project}/serviceAccounts/${email}`, serviceAccountId: id } },
  });
  const keyActivity = (project: string, number: string, email: string, id: string, key: string, when?: string) => ({
    activity: { ...(when ? { lastAuthenticatedTime: when } : {}), serviceAccountKey: { fullResourceName: `//iam.googleapis.com/projects/${project}/serviceAccounts/${email}/keys/${key}`, projectNumber: number, serviceAccountId: id } },
    activityType: 'serviceAccountKeyLastAuthentication',
    fullResourceName: `//iam.googleapis.com/projects/${project}/serviceAccounts/${email}/keys/${key}`,
    observationPeriod: period,
  });
  const insight = (id: string, project: string, role: string, member: string, exercised: string[], inferred: string[] = [], condition = '') => ({
    name: `${project}/locations/global/insightTypes/google.iam.policy.Insight/insights/${id}`,
    description: `${exercised.length} of the permissions in this role binding were used in the past 90 days.`,
    content: { role, member, condition: { expression: condition, title: '', description: '', location: '' }, exercisedPermissions: exercised.map((permission) => ({ permission })), inferredPermissions: inferred.map((permission) => ({ permission })), currentTotalPermissionsCount: '5069' },
    lastRefreshTime: '2024-06-27T07:00:00Z',
    observationPeriod: '7776000s',
    stateInfo: { state: 'ACTIVE' },
    category: 'SECURITY',
    targetResources: [`//cloudresourcemanager.googleapis.com/${project}`],
    insightSubtype: 'PERMISSIONS_USAGE',
    etag: '"d3cdec23cc712bd0"',
    severity: 'HIGH',
  });
  routes[PA('prod-app', 'serviceAccountLastAuthentication')] = paged('activities', [saActivity('prod-app', '300000000001', ADMIN, '110000000000000000001', '2024-06-20T07:00:00Z'), saActivity('prod-app', '300000000001', DEPLOYER, '110000000000000000002', '2024-01-02T07:00:00Z'), saActivity('prod-app', '300000000001', 'old@prod-app.iam.gserviceaccount.com', '110000000000000000003')], 1);
  routes[PA('prod-app', 'serviceAccountKeyLastAuthentication')] = () => ({ activities: [keyActivity('prod-app', '300000000001', DEPLOYER, '110000000000000000002', '0002aa00bb11cc22dd33ee44ff5566778899aabb')] });
  routes[INSIGHTS('prod-app')] = paged('insights', [insight('3d4ef3d6-bdf0-4330-975d-c65cb929c44d', PROD, 'roles/editor', `serviceAccount:${DEPLOYER}`, ['storage.objects.create', 'storage.objects.delete', 'storage.objects.get', 'storage.objects.list'], ['resourcemanager.projects.get'], 'request.time < timestamp("2020-01-01T00:00:00Z")'), insight('07841f74-02ce-4de8-bbe6-fc4eabb68568', PROD, 'roles/viewer', 'group:eng@example.com', [])], 1);
  routes[USAGE_REFUSED] = () => googleError(403, 'PERMISSION_DENIED', "Permission 'policyanalyzer.serviceAccountLastAuthenticationActivities.query' denied on resource '//cloudresourcemanager.googleapis.com/projects/dev-tools' (or it may not exist).");
  routes[PA('dev-tools', 'serviceAccountKeyLastAuthentication')] = () => ({ activities: [keyActivity('dev-tools', '300000000002', CI, '120000000000000000001', CI_KEY, '2024-06-26T07:00:00Z')] });
  routes[INSIGHTS('dev-tools')] = () => ({ insights: [insight('f4292f55-105b-4744-9dc3-fcacf59685bb', DEV, 'projects/dev-tools/roles/keyMaker', `serviceAccount:${CI}`, [])] });
  return routes;
}
