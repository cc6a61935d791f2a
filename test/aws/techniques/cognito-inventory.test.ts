import { describe, expect, it } from 'vitest';
import { ADMIN, allow, doc, gaad, role, user } from '../../helpers/aws-estate.js';
import { A, analyseEstate, edge, roleArn, userArn } from './estate.js';

const T = 'aws:cognito-identity:SetIdentityPoolRoles';
const POOL = 'eu-west-1:11111111-aaaa-bbbb-cccc-000000000001';
const poolArn = `arn:aws:cognito-identity:eu-west-1:${A}:identitypool/${POOL}`;
const trust = doc({
  Effect: 'Allow',
  Principal: { Federated: 'cognito-identity.amazonaws.com' },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } },
});
const described = (unauthenticated: boolean, classic?: boolean) => ({
  leakpath: 'aws-cli/1',
  command: 'cognito-identity describe-identity-pool',
  parameters: { IdentityPoolId: POOL },
  account: A,
  region: 'eu-west-1',
  output: { IdentityPoolId: POOL, IdentityPoolName: 'app', AllowUnauthenticatedIdentities: unauthenticated, ...(classic === undefined ? {} : { AllowClassicFlow: classic }) },
});

function cognitoEdge(pool: object, caller: string[] = ['iam:PassRole', 'cognito-identity:SetIdentityPoolRoles']) {
  const g = analyseEstate({
    'gaad.json': gaad({ users: [user(A, 'attacker', { inline: { p: doc(allow(caller)) } })], roles: [role(A, 'guest', trust, { attached: [ADMIN] })] }),
    'pool.json': pool,
  });
  return edge(g, 'CAN_PASS_ROLE_TO', userArn('attacker'), roleArn('guest'), T);
}

describe(`${T} on identity pools read from describe-identity-pool`, () => {
  it('an open pool with the classic flow: unconditional, citing the pool', () => {
    const e = cognitoEdge(described(true, true));
    expect(e?.conditional).toBe(false);
    expect(e!.evidence.refs.some((r) => r.type === 'inventory' && r.source === poolArn)).toBe(true);
  });

  it('an open pool without the classic flow (AllowClassicFlow omitted): conditional on the enhanced flow\'s scope-down', () => {
    expect(cognitoEdge(described(true))?.conditions).toMatch(/allows the basic \(classic\) flow/);
  });

  it('negative: a pool closed to unauthenticated identities, unless the caller may open it', () => {
    expect(cognitoEdge(described(false, true))).toBeUndefined();
    const e = cognitoEdge(described(false, true), ['iam:PassRole', 'cognito-identity:SetIdentityPoolRoles', 'cognito-identity:UpdateIdentityPool']);
    expect(e?.evidence.refs.some((r) => r.detail?.includes('cognito-identity:UpdateIdentityPool on'))).toBe(true);
  });
});
