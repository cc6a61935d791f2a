import { describe, expect, it } from 'vitest';
import { accountFromAccessKeyId } from '../../collectors/aws/offline/account-from-key.js';
import { accessKeys, ADMIN, allow, doc, gaad, managed, role, trustAws, user } from '../helpers/aws-estate.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';
import type { AwsInventory } from '../../src/model/inventory/index.js';

const aws = (r: { inventories: unknown[] }) => r.inventories.find((i) => (i as AwsInventory).provider === 'aws') as AwsInventory;

const A = '111111111111';
const B = '222222222222';

describe('AWS offline parsing', () => {
  it('reads get-account-authorization-details with object and URL-encoded policy documents', () => {
    const encoded = encodeURIComponent(JSON.stringify(doc(allow('s3:*'))));
    const g = gaad({ users: [{ ...user(A, 'u'), UserPolicyList: [{ PolicyName: 'p', PolicyDocument: encoded }] }], roles: [role(A, 'r', trustAws(A))] });
    const read = readInputsFromJson({ 'g.json': g });
    const account = aws(read).accounts[0]!;
    const { sources } = read;
    expect(sources).toEqual([{ file: 'g.json', format: 'aws: aws iam get-account-authorization-details' }]);
    expect(account.accountId).toBe(A);
    expect(account.users[0]!.inlinePolicies[0]!.document.Statement[0]).toMatchObject({ Effect: 'Allow', Action: 's3:*' });
    expect(account.roles[0]!.trustPolicy.Statement).toHaveLength(1);
  });

  it('a single Statement object is normalised to a list', () => {
    const g = gaad({ roles: [role(A, 'r', { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' } })] });
    expect(aws(readInputsFromJson({ 'g.json': g })).accounts[0]!.roles[0]!.trustPolicy.Statement).toHaveLength(1);
  });

  it('rejects a malformed record naming the file, the record and the expectation', () => {
    const g = gaad({ roles: [role(A, 'ok', trustAws(A)), role(A, 'bad', doc({ Effect: 'Perhaps', Action: 'sts:AssumeRole' }))] });
    const e = inputError({ 'gaad.json': g });
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('gaad.json');
    expect(e.record).toBe('RoleDetailList[1].AssumeRolePolicyDocument.Statement[0].Effect');
    expect(e.message).toMatch(/expected get-account-authorization-details output/);
  });

  it('rejects a statement with neither Action nor NotAction', () => {
    const g = gaad({ users: [user(A, 'u', { inline: { p: doc({ Effect: 'Allow', Resource: '*' }) } })] });
    expect(inputError({ 'g.json': g }).message).toMatch(/exactly one of Action or NotAction/);
  });

  it('splits an authorization-details file holding two accounts by the account in each ARN, with a warning', () => {
    const mine = managed('mine', doc(allow('s3:*')), A);
    const read = readInputsFromJson({
      'g.json': gaad({ users: [user(A, 'u', { attached: [mine.Arn] }), user(B, 'v', { attached: [ADMIN] })], roles: [role(B, 'r', trustAws(A))], policies: [mine, managed('AdministratorAccess', doc(allow('*')))] }),
    });
    const accounts = aws(read).accounts;
    expect(accounts.map((a) => a.accountId).sort()).toEqual([A, B]);
    const a = accounts.find((x) => x.accountId === A)!;
    const b = accounts.find((x) => x.accountId === B)!;
    expect([a.users.map((u) => u.name), a.roles.length, a.policies.map((p) => p.arn)]).toEqual([['u'], 0, [mine.Arn]]);
    // An AWS managed policy goes with the account that attaches it.
    expect([b.users.map((u) => u.name), b.roles.map((r) => r.name), b.policies.map((p) => p.arn)]).toEqual([['v'], ['r'], [ADMIN]]);
    expect(read.warnings).toContainEqual(expect.stringMatching(/g\.json: the export holds the principals of 2 accounts \(111111111111, 222222222222\); split by the account in each ARN/));
  });

  it('places bare access-key listings by user name, or by the account encoded in the key id', () => {
    const key = 'AKIAYAAAAAAAAAAAAAAA';
    const encoded = accountFromAccessKeyId(key)!;
    const files = {
      'a.json': gaad({ users: [user(A, 'ci')] }),
      'b.json': gaad({ users: [user(B, 'ci')] }),
      [`${encoded}.json`]: gaad({ users: [user(encoded, 'ci')] }),
      'keys.json': accessKeys('ci', { id: key }),
    };
    const owner = aws(readInputsFromJson(files)).accounts.find((a) => a.accessKeys.length > 0)!;
    expect(owner.accountId).toBe(encoded);
  });

  it('an ambiguous key that cannot be placed is reported, not guessed', () => {
    const files = { 'a.json': gaad({ users: [user(A, 'ci')] }), 'b.json': gaad({ users: [user(B, 'ci')] }), 'keys.json': accessKeys('ci', { id: 'AKIAYAAAAAAAAAAAAAAA' }) };
    const read = readInputsFromJson(files);
    const { warnings } = read;
    expect(aws(read).accounts.flatMap((a) => a.accessKeys)).toEqual([]);
    expect(warnings.join('\n')).toMatch(/could not be placed/);
  });

  it('the envelope names the account for outputs that do not', () => {
    const files = {
      'a.json': gaad({ users: [user(A, 'ci')] }),
      'b.json': gaad({ users: [user(B, 'ci')] }),
      'keys.json': { leakpath: 'aws-cli/1', command: 'iam list-access-keys', parameters: { UserName: 'ci' }, account: B, region: 'us-east-1', output: accessKeys('ci', { id: 'AKIAYAAAAAAAAAAAAAAA' }) },
    };
    const b = aws(readInputsFromJson(files)).accounts.find((a) => a.accountId === B)!;
    expect(b.accessKeys.map((k) => k.accessKeyId)).toEqual(['AKIAYAAAAAAAAAAAAAAA']);
  });

  it('an envelope with an unsupported command or a bad account is rejected', () => {
    expect(inputError({ 'e.json': { leakpath: 'aws-cli/1', command: 'iam frobnicate', output: {} } }).record).toBe('command');
    expect(inputError({ 'e.json': { leakpath: 'aws-cli/1', command: 'iam list-access-keys', account: '12', output: {} } }).record).toBe('account');
  });

  it('drops a SecretAccessKey and warns without repeating it', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const r = readInputsFromJson({
      'a.json': gaad({ users: [user(A, 'ci')] }),
      'created.json': { AccessKey: { UserName: 'ci', AccessKeyId: 'AKIAYAAAAAAAAAAAAAAA', Status: 'Active', SecretAccessKey: secret } },
    });
    expect(JSON.stringify(r)).not.toContain(secret);
    expect(r.warnings.join()).toMatch(/SecretAccessKey; it was dropped/);
    expect(aws(r).accounts[0]!.accessKeys[0]).toEqual({ accessKeyId: 'AKIAYAAAAAAAAAAAAAAA', userName: 'ci', status: 'Active', createDate: undefined });
  });

  it('decodes the account from an access key id', () => {
    expect(accountFromAccessKeyId('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
    expect(accountFromAccessKeyId('not-a-key')).toBeUndefined();
  });
});
