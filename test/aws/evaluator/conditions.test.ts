import { describe, expect, it } from 'vitest';
import { evaluateCondition, type ConditionContext, type KeyValue } from '../../../src/analysis/aws/policy/conditions.js';
import { attackerContext, requestTimeKeys } from '../../../src/analysis/aws/policy/attacker-context.js';

/** Keys listed with a value are present, `null` absent; any other key is unknown. */
const ctx = (known: Record<string, string | string[] | null>): ConditionContext => {
  const map = new Map<string, KeyValue[]>(Object.entries(known).map(([k, v]) => [k.toLowerCase(), [v === null ? null : Array.isArray(v) ? v : [v]]]));
  return (key) => map.get(key.toLowerCase());
};
const one = (op: string, key: string, value: unknown, known: Record<string, string | string[] | null>) =>
  evaluateCondition({ [op]: { [key]: value as string } }, ctx(known));

describe('condition operators', () => {
  it.each([
    ['StringEquals', 'a', 'a', 'true'],
    ['StringEquals', 'A', 'a', 'false'],
    ['StringEqualsIgnoreCase', 'A', 'a', 'true'],
    ['StringNotEquals', 'b', 'a', 'true'],
    ['StringLike', 'pre*-?', 'prefix-1', 'true'],
    ['StringNotLike', 'pre*', 'prefix', 'false'],
    ['NumericLessThan', '10', '9.5', 'true'],
    ['NumericGreaterThanEquals', '10', '10', 'true'],
    ['NumericEquals', '10', 'ten', 'false'],
    ['DateLessThan', '2026-01-01T00:00:00Z', '2025-12-31T23:59:59Z', 'true'],
    ['DateGreaterThan', '1700000000', '2024-01-01T00:00:00Z', 'true'],
    ['Bool', 'true', 'TRUE', 'true'],
    ['BinaryEquals', 'QmluYXJ5', 'QmluYXJ5', 'true'],
    ['IpAddress', '10.0.0.0/8', '10.200.1.1', 'true'],
    ['IpAddress', '2001:db8::/32', '2001:db8:ffff::1', 'true'],
    ['IpAddress', '2001:db8::/32', '10.0.0.1', 'false'],
    ['NotIpAddress', '10.0.0.0/8', '192.0.2.1', 'true'],
    ['ArnLike', 'arn:aws:iam::*:role/app-*', 'arn:aws:iam::111111111111:role/app-x', 'true'],
    ['ArnEquals', 'arn:aws:iam::*:role/app', 'arn:aws:iam::111111111111:role/App', 'false'],
    ['ArnNotLike', 'arn:aws:iam::*:role/app-*', 'not-an-arn', 'true'],
  ])('%s %s vs %s → %s', (op, policyValue, requestValue, expected) => {
    expect(one(op, 'k', policyValue, { k: requestValue })).toBe(expected);
  });

  it('a missing key fails a plain operator, satisfies a negated one, IfExists and ForAllValues; fails ForAnyValue', () => {
    const absent = { k: null };
    expect(one('StringEquals', 'k', 'a', absent)).toBe('false');
    expect(one('StringNotLike', 'k', 'a*', absent)).toBe('true');
    expect(one('ArnNotEquals', 'k', 'arn:aws:s3:::b', absent)).toBe('true');
    expect(one('NotIpAddress', 'k', '10.0.0.0/8', absent)).toBe('true');
    expect(one('NumericNotEquals', 'k', '1', absent)).toBe('true');
    expect(one('StringEqualsIfExists', 'k', 'a', absent)).toBe('true');
    expect(one('ForAllValues:StringEquals', 'k', 'a', absent)).toBe('true');
    expect(one('ForAnyValue:StringEquals', 'k', 'a', absent)).toBe('false');
    expect(one('ForAnyValue:StringEqualsIfExists', 'k', 'a', absent)).toBe('true');
    expect(one('Null', 'k', 'true', absent)).toBe('true');
    expect(one('Null', 'k', 'false', absent)).toBe('false');
  });

  it('ForAllValues needs every request value in the set; ForAnyValue one', () => {
    expect(one('ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'owner'] })).toBe('false');
    expect(one('ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'owner'] })).toBe('true');
    expect(one('ForAllValues:StringNotEquals', 'aws:TagKeys', 'secret', { 'aws:TagKeys': ['env'] })).toBe('true');
  });

  it('keys and operators are ANDed, values ORed; keys match case-insensitively', () => {
    const c = { StringEquals: { 'AWS:PrincipalTag/Team': ['ops', 'dev'] }, Bool: { 'aws:SecureTransport': 'true' } };
    expect(evaluateCondition(c, ctx({ 'aws:principaltag/team': 'dev', 'aws:SecureTransport': 'true' }))).toBe('true');
    expect(evaluateCondition(c, ctx({ 'aws:principaltag/team': 'dev', 'aws:SecureTransport': 'false' }))).toBe('false');
  });

  it('policy variables in values: resolved, defaulted, or unresolved (matches nothing; a negated operator fails)', () => {
    const known = { 'aws:username': 'alice', 'aws:PrincipalTag/team': null, k: 'alice' };
    expect(one('StringEquals', 'k', '${aws:username}', known)).toBe('true');
    expect(one('StringEquals', 'k', "${aws:PrincipalTag/team, 'alice'}", known)).toBe('true');
    expect(one('StringEquals', 'k', '${aws:PrincipalTag/team}', known)).toBe('false');
    expect(one('StringNotEquals', 'k', '${aws:PrincipalTag/team}', known)).toBe('false');
    // A variable whose key the data cannot settle makes the condition unknown, not false.
    expect(one('StringEquals', 'k', '${aws:SourceIdentity}', known)).toBe('unknown');
  });

  it('three-valued: unknown keys give unknown, but a false key decides the block', () => {
    expect(one('IpAddress', 'aws:SourceIp', '10.0.0.0/8', {})).toBe('unknown');
    const c = { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, StringEquals: { k: 'a' } };
    expect(evaluateCondition(c, ctx({ k: 'b' }))).toBe('false');
    expect(evaluateCondition(c, ctx({ k: 'a' }))).toBe('unknown');
    expect(evaluateCondition({ NoSuchOperator: { k: 'a' } }, ctx({ k: 'a' }))).toBe('unknown');
  });
});

describe('attacker context', () => {
  const user = attackerContext({ 'aws:username': 'alice', 'aws:PrincipalTag/team': 'ops' }, 'user');
  const role = attackerContext({ 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/r' }, 'role');

  it('a leaked long-term key has no MFA and no token issue time, under every operator', () => {
    expect(evaluateCondition({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, user)).toBe('false');
    expect(evaluateCondition({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, user)).toBe('true');
    expect(evaluateCondition({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, user)).toBe('false');
    expect(evaluateCondition({ Null: { 'aws:MultiFactorAuthPresent': 'true' } }, user)).toBe('true');
    expect(evaluateCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, user)).toBe('false');
    expect(evaluateCondition({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } }, user)).toBe('false');
    expect(evaluateCondition({ Null: { 'aws:TokenIssueTime': 'true' } }, user)).toBe('true');
  });

  it('a role session chained from it never has MFA; the key is present (temporary credentials) and false', () => {
    expect(evaluateCondition({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, role)).toBe('false');
    expect(evaluateCondition({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, role)).toBe('true');
    expect(evaluateCondition({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, role)).toBe('true');
    expect(evaluateCondition({ Null: { 'aws:MultiFactorAuthPresent': 'true' } }, role)).toBe('false');
    expect(evaluateCondition({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } }, role)).toBe('unknown');
  });

  it('the attacker\'s own request settles the time keys: a session it creates is issued at the analysis time', () => {
    const at = new Date('2026-06-01T12:00:00.250Z');
    const session = attackerContext({ 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/r', ...requestTimeKeys('role', at) }, 'role');
    const key = attackerContext({ 'aws:username': 'alice', ...requestTimeKeys('user', at) }, 'user');
    expect(evaluateCondition({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, session)).toBe('true');
    expect(evaluateCondition({ DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, session)).toBe('false');
    expect(evaluateCondition({ DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, key)).toBe('false');
    expect(evaluateCondition({ DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } }, key)).toBe('false');
    for (const ctx of [session, key]) {
      expect(evaluateCondition({ DateLessThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, ctx)).toBe('true');
      expect(evaluateCondition({ DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T12:00:01Z' } }, ctx)).toBe('false');
      expect(evaluateCondition({ NumericLessThan: { 'aws:EpochTime': String(Date.parse('2026-06-01T12:00:01Z') / 1000) } }, ctx)).toBe('true');
      expect(evaluateCondition({ DateGreaterThan: { 'aws:EpochTime': '1790000000' } }, ctx)).toBe('false');
      expect(evaluateCondition({ Bool: { 'aws:SecureTransport': 'false' } }, ctx)).toBe('false');
      expect(evaluateCondition({ Bool: { 'aws:ViaAWSService': 'true' } }, ctx)).toBe('false');
    }
    // A role session has no aws:username; a user's is its name.
    expect(evaluateCondition({ Null: { 'aws:username': 'true' } }, session)).toBe('true');
    expect(evaluateCondition({ StringEquals: { 'aws:username': 'alice' } }, key)).toBe('true');
  });

  it('principal tags are known in full: a missing tag is absent', () => {
    expect(evaluateCondition({ StringEquals: { 'aws:PrincipalTag/team': 'ops' } }, user)).toBe('true');
    expect(evaluateCondition({ StringEquals: { 'aws:PrincipalTag/env': 'prod' } }, user)).toBe('false');
    expect(evaluateCondition({ StringEquals: { 'aws:SourceIp': '1.2.3.4' } }, user)).toBe('unknown');
  });
});
