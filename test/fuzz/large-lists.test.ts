/**
 * Lists past the size where `push(...list)` overflows the stack (about 120,000 items in V8): one
 * AzureHound record with 200,000 directory role assignments, and one account with 200,000 users
 * whose access keys cannot be placed (200,000 warnings). Both must parse, not crash.
 */
import { describe, expect, it } from 'vitest';
import { readInputsFromJson } from '../helpers/inputs.js';
import * as H from '../azure/fixtures/azurehound.js';

const N = 200_000;
const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('lists larger than a spread can carry', () => {
  it('one AzureHound role record with 200,000 assignments', { timeout: 120_000 }, () => {
    const record = H.roleAssignment('ra-0', '62e90394-69f5-4237-9190-012177145e10', guid(0));
    const data = record.data as { roleAssignments: unknown[] };
    const one = data.roleAssignments[0] as Record<string, unknown>;
    data.roleAssignments = Array.from({ length: N }, (_, i) => ({ ...one, id: `ra-${i}`, principalId: guid(i).toUpperCase() }));
    const read = readInputsFromJson({ 'azurehound.json': H.file([H.tenant(), record]) });
    expect(read.inventories).toHaveLength(1);
  });

  it('one group with 200,000 members (adding each member scanned the list: quadratic)', { timeout: 120_000 }, () => {
    const group = guid(999_999);
    const records = [H.tenant(), H.group(group, 'everyone'), ...Array.from({ length: N }, (_, i) => H.groupMember(group, 'user', guid(i)))];
    const read = readInputsFromJson({ 'azurehound.json': H.file(records) });
    const tenant = (read.inventories[0] as { tenants: { groups: { members: unknown[] }[] }[] }).tenants[0]!;
    expect(tenant.groups[0]!.members).toHaveLength(N);
  });

  it('200,000 access keys whose users are in no export: one warning each, no crash', { timeout: 120_000 }, () => {
    const keys = { AccessKeyMetadata: Array.from({ length: N }, (_, i) => ({ UserName: `u${i}`, AccessKeyId: `AKIA${String(i).padStart(16, '0')}`, Status: 'Active' })) };
    const read = readInputsFromJson({ 'keys.json': keys });
    expect(read.warnings.length).toBeGreaterThanOrEqual(N);
  });

  it('one user with 20,000 access keys: every key placed on the user (placing them was quadratic)', { timeout: 120_000 }, () => {
    const gaad = { UserDetailList: [{ Path: '/', UserName: 'ci', UserId: 'AIDAEXAMPLE', Arn: 'arn:aws:iam::111111111111:user/ci', CreateDate: '2020-01-01T00:00:00Z', UserPolicyList: [], GroupList: [], AttachedManagedPolicies: [], Tags: [] }], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    const keys = { AccessKeyMetadata: Array.from({ length: 20_000 }, (_, i) => ({ UserName: 'ci', AccessKeyId: `AKIA${String(i).padStart(16, '0')}`, Status: 'Active' })) };
    const read = readInputsFromJson({ 'gaad.json': gaad, 'keys.json': keys });
    const account = (read.inventories[0] as { accounts: { accessKeys: unknown[] }[] }).accounts[0]!;
    expect(account.accessKeys).toHaveLength(20_000);
    expect(read.warnings).toEqual([]);
  });
});
