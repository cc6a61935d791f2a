import { googleError, paged, type Route } from './replay-server.js';

/**
 * A Workspace domain as the Admin SDK answers for it, in the documented shapes
 * (developers.google.com/admin-sdk/directory/reference/rest/v1/{users,roles,roleAssignments,tokens}
 * and admin-sdk/reports/reference/rest/v1/activities/list): users paged, a super-admin role held
 * through an assignment, a help-desk role assigned to a service account, one user's OAuth grant
 * with Gmail scope, one user whose grants the caller may not read (403), and the audit event that
 * gave the CI service account domain-wide delegation (after one 429).
 */
export const CUSTOMER = 'my_customer';
export const CI_CLIENT_ID = '120000000000000000001';
export const CI_EMAIL = 'ci@dev-tools.iam.gserviceaccount.com';
export const REFUSED_TOKENS = 'GET /admin/directory/v1/users/1003/tokens';
export const SEED_ROLE = '91447453409034240';
const HELPDESK_ROLE = '91447453409034241';

export function workspaceRoutes(): Record<string, Route> {
  let throttled = false;
  const users = [
    { kind: 'admin#directory#user', id: '1001', etag: '"e1"', primaryEmail: 'admin@example.com', name: { givenName: 'Ad', familyName: 'Min', fullName: 'Ad Min' }, isAdmin: true, isDelegatedAdmin: false, suspended: false, customerId: 'C01abcde', orgUnitPath: '/', isMailboxSetup: true, recoveryEmail: 'private@example.org' },
    { kind: 'admin#directory#user', id: '1002', etag: '"e2"', primaryEmail: 'alice@example.com', name: { fullName: 'Alice' }, isAdmin: false, isDelegatedAdmin: false, suspended: false, customerId: 'C01abcde', orgUnitPath: '/eng' },
    { kind: 'admin#directory#user', id: '1003', etag: '"e3"', primaryEmail: 'bob@example.com', name: { fullName: 'Bob' }, isAdmin: false, isDelegatedAdmin: true, suspended: false, customerId: 'C01abcde', orgUnitPath: '/eng' },
    { kind: 'admin#directory#user', id: '1004', etag: '"e4"', primaryEmail: 'gone@example.com', name: { fullName: 'Gone' }, isAdmin: false, suspended: true, customerId: 'C01abcde', orgUnitPath: '/' },
  ];
  const userPages = paged('users', users, 2);
  const event = (time: string, name: string, scopes: string[]) => ({
    kind: 'admin#reports#activity',
    id: { time, uniqueQualifier: '-1234567890', applicationName: 'admin', customerId: 'C01abcde' },
    etag: '"x"',
    actor: { callerType: 'USER', email: 'admin@example.com', profileId: '1001' },
    ipAddress: '192.0.2.1',
    events: [{ type: 'DOMAIN_SETTINGS', name, parameters: [{ name: 'API_CLIENT_NAME', value: CI_CLIENT_ID }, { name: 'API_SCOPES', multiValue: scopes }] }],
  });
  return {
    'GET /admin/directory/v1/users': (q, req) => ({ kind: 'admin#directory#users', etag: '"u"', ...(userPages(q, req) as object) }),
    'GET /admin/directory/v1/customer/my_customer/roles': () => ({
      kind: 'admin#directory#roles',
      etag: '"r"',
      items: [
        { kind: 'admin#directory#role', etag: '"r1"', roleId: SEED_ROLE, roleName: '_SEED_ADMIN_ROLE', roleDescription: 'Super Admin', isSystemRole: true, isSuperAdminRole: true, rolePrivileges: [{ privilegeName: 'SUPER_ADMIN', serviceId: '01ci93xb3tmzyin' }] },
        { kind: 'admin#directory#role', etag: '"r2"', roleId: HELPDESK_ROLE, roleName: '_HELP_DESK_ADMIN_ROLE', roleDescription: 'Help Desk Admin', isSystemRole: true, isSuperAdminRole: false, rolePrivileges: [{ privilegeName: 'USERS_RETRIEVE', serviceId: '00haapch16h1ysv' }, { privilegeName: 'USERS_RESET_PASSWORD', serviceId: '00haapch16h1ysv' }] },
      ],
    }),
    'GET /admin/directory/v1/customer/my_customer/roleassignments': paged(
      'items',
      [
        { kind: 'admin#directory#roleAssignment', etag: '"a1"', roleAssignmentId: '5001', roleId: SEED_ROLE, assignedTo: '1001', assigneeType: 'user', scopeType: 'CUSTOMER' },
        { kind: 'admin#directory#roleAssignment', etag: '"a2"', roleAssignmentId: '5002', roleId: SEED_ROLE, assignedTo: '1002', assigneeType: 'user', scopeType: 'CUSTOMER' },
        { kind: 'admin#directory#roleAssignment', etag: '"a3"', roleAssignmentId: '5003', roleId: HELPDESK_ROLE, assignedTo: CI_CLIENT_ID, scopeType: 'CUSTOMER' },
      ],
      2,
    ),
    'GET /admin/directory/v1/users/1001/tokens': () => ({ kind: 'admin#directory#tokenList', etag: '"t1"' }),
    'GET /admin/directory/v1/users/1002/tokens': () => ({
      kind: 'admin#directory#tokenList',
      etag: '"t2"',
      items: [{ kind: 'admin#directory#token', etag: '"t"', clientId: '123456789-calsync.apps.googleusercontent.com', displayText: 'Calendar Sync Pro', anonymous: false, nativeApp: false, userKey: '1002', scopes: ['https://www.googleapis.com/auth/gmail.readonly', 'openid'] }],
    }),
    [REFUSED_TOKENS]: () => googleError(403, 'PERMISSION_DENIED', 'Not Authorized to access this resource/api'),
    'GET /admin/reports/v1/activity/users/all/applications/admin': (q) => {
      if (q.get('eventName') === 'AUTHORIZE_API_CLIENT_ACCESS') {
        if (!throttled) {
          throttled = true;
          return { status: 429, headers: { 'retry-after': '1' }, body: googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded').body };
        }
        return { kind: 'admin#reports#activities', etag: '"a"', items: [event('2025-06-01T10:00:00.000Z', 'AUTHORIZE_API_CLIENT_ACCESS', ['https://mail.google.com/', 'https://www.googleapis.com/auth/admin.directory.user'])] };
      }
      return { kind: 'admin#reports#activities', etag: '"a"' };
    },
  };
}

/** What the GCP side says of the CI service account (gcloud iam service-accounts list --format=json). */
export const gcpServiceAccounts = [{ name: `projects/dev-tools/serviceAccounts/${CI_EMAIL}`, projectId: 'dev-tools', uniqueId: CI_CLIENT_ID, email: CI_EMAIL, oauth2ClientId: CI_CLIENT_ID, etag: 'MDEwMjE5MjA=' }];
