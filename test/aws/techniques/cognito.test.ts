import { describe, expect, it } from 'vitest';
import { ADMIN, allow, deny, doc, gaad, role, user } from '../../helpers/aws-estate.js';
import { techniqueSpec } from '../../../src/model/catalogue/index.js';
import type { AwsInventory, AwsResource } from '../../../src/model/inventory/index.js';
import { A, analyseEstate, edge, roleArn, userArn } from './estate.js';

const T = 'aws:cognito-identity:SetIdentityPoolRoles';
const POOL = 'eu-west-1:11111111-aaaa-bbbb-cccc-000000000001';
const OTHER_POOL = 'eu-west-1:22222222-aaaa-bbbb-cccc-000000000002';
const poolArn = (id: string) => `arn:aws:cognito-identity:eu-west-1:${A}:identitypool/${id}`;
const CALLER = [allow(['iam:PassRole', 'cognito-identity:SetIdentityPoolRoles'])];

const cognitoTrust = (aud: string | undefined, amr: string | string[] = 'unauthenticated') =>
  doc({
    Effect: 'Allow',
    Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { ...(aud ? { StringEquals: { 'cognito-identity.amazonaws.com:aud': aud } } : {}), 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr } },
  });

const pool = (id: string, props: AwsResource['props']): AwsResource => ({ arn: poolArn(id), type: 'cognito-identity:identitypool', name: 'app', region: 'eu-west-1', tags: {}, props: { identityPoolId: id, ...props } });

function cognitoEdge(opts: { caller?: object[]; trust?: object; pools?: AwsResource[]; collected?: boolean } = {}) {
  const edit = (inv: AwsInventory) => {
    const account = inv.accounts.find((a) => a.accountId === A)!;
    if (opts.pools) account.resources = [...(account.resources ?? []), ...opts.pools];
    if (opts.collected) account.collected = [...(account.collected ?? []), 'cognito-identity:identitypool'];
  };
  const g = analyseEstate(
    { 'gaad.json': gaad({ users: [user(A, 'attacker', { inline: { p: doc(...(opts.caller ?? CALLER)) } })], roles: [role(A, 'guest', opts.trust ?? cognitoTrust(POOL), { attached: [ADMIN] })] }) },
    { edit },
  );
  return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('guest'), T);
}

describe(`${T}: the role becomes a pool's unauthenticated role`, () => {
  it('is in the catalogue', () => {
    expect(techniqueSpec(T)).toBeDefined();
  });

  it('positive: a listed pool that allows unauthenticated identities and the classic flow; unconditional', () => {
    const e = cognitoEdge({ pools: [pool(POOL, { allowUnauthenticatedIdentities: true, allowClassicFlow: true })], collected: true });
    expect(e).toBeDefined();
    expect(e!.conditional).toBe(false);
    expect(e!.evidence.summary).toMatch(/anyone on the internet/);
    const refs = e!.evidence.refs;
    expect(refs.some((r) => r.type === 'trust-policy' && r.source === `${roleArn('guest')} trust policy`)).toBe(true);
    expect(refs.some((r) => r.detail?.startsWith('iam:PassRole on'))).toBe(true);
    expect(refs.some((r) => r.detail?.startsWith(`cognito-identity:SetIdentityPoolRoles on ${poolArn(POOL)}`))).toBe(true);
    expect(refs.some((r) => r.type === 'inventory' && r.source === poolArn(POOL))).toBe(true);
  });

  it('positive, conditional: no pool listing; the pool the trust names is assumed, and the edge says so', () => {
    const e = cognitoEdge();
    expect(e).toBeDefined();
    expect(e!.conditional).toBe(true);
    expect(e!.conditions).toMatch(new RegExp(`identity pool ${POOL} exists`));
    expect(e!.conditions).toMatch(/classic\) flow/);
  });

  it('enhanced flow only: conditional (scoped-down session), unless the caller may turn the classic flow on', () => {
    const enhanced = [pool(POOL, { allowUnauthenticatedIdentities: true, allowClassicFlow: false })];
    const e = cognitoEdge({ pools: enhanced, collected: true });
    expect(e?.conditional).toBe(true);
    expect(e!.conditions).toMatch(/scopes the unauthenticated session down/);
    const withUpdate = cognitoEdge({ caller: [...CALLER, allow('cognito-identity:UpdateIdentityPool', poolArn(POOL))], pools: enhanced, collected: true });
    expect(withUpdate?.conditional).toBe(false);
    expect(withUpdate!.evidence.refs.some((r) => r.detail?.startsWith('cognito-identity:UpdateIdentityPool'))).toBe(true);
  });

  it('negative: the listed pool refuses unauthenticated identities and the caller cannot change that', () => {
    expect(cognitoEdge({ pools: [pool(POOL, { allowUnauthenticatedIdentities: false, allowClassicFlow: true })], collected: true })).toBeUndefined();
  });

  it('negative: the trust is pinned to another pool', () => {
    expect(cognitoEdge({ trust: cognitoTrust(OTHER_POOL), pools: [pool(POOL, { allowUnauthenticatedIdentities: true, allowClassicFlow: true })], collected: true })).toBeUndefined();
    // Unlisted pools: the caller may only set roles on POOL, while the trust names OTHER_POOL.
    const onPool = [allow('iam:PassRole'), allow('cognito-identity:SetIdentityPoolRoles', poolArn(POOL))];
    expect(cognitoEdge({ caller: onPool, trust: cognitoTrust(OTHER_POOL) })).toBeUndefined();
    expect(cognitoEdge({ caller: onPool, trust: cognitoTrust(POOL) })).toBeDefined();
  });

  it('negative: the trust admits authenticated identities only', () => {
    expect(cognitoEdge({ trust: cognitoTrust(POOL, 'authenticated'), pools: [pool(POOL, { allowUnauthenticatedIdentities: true, allowClassicFlow: true })], collected: true })).toBeUndefined();
  });

  it('negative: a Service (not Federated) principal named cognito-identity, or AssumeRole instead of AssumeRoleWithWebIdentity', () => {
    const service = doc({ Effect: 'Allow', Principal: { Service: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL } } });
    expect(cognitoEdge({ trust: service })).toBeUndefined();
    const assume = doc({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(cognitoEdge({ trust: assume })).toBeUndefined();
  });

  it('negative: without SetIdentityPoolRoles, without PassRole, PassRole for another service, or a Deny', () => {
    const pools = [pool(POOL, { allowUnauthenticatedIdentities: true, allowClassicFlow: true })];
    expect(cognitoEdge({ caller: [allow('iam:PassRole')], pools, collected: true })).toBeUndefined();
    expect(cognitoEdge({ caller: [allow('cognito-identity:SetIdentityPoolRoles')], pools, collected: true })).toBeUndefined();
    const lambdaOnly = allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
    expect(cognitoEdge({ caller: [lambdaOnly, allow('cognito-identity:SetIdentityPoolRoles')], pools, collected: true })).toBeUndefined();
    expect(cognitoEdge({ caller: [...CALLER, deny('cognito-identity:SetIdentityPoolRoles', poolArn(POOL))], pools, collected: true })).toBeUndefined();
  });

  it('negative: the pool listing was read and is empty', () => {
    expect(cognitoEdge({ pools: [], collected: true })).toBeUndefined();
  });
});
