import type { TechniqueSpec } from '../../types.js';
import { PASSROLE_DOC, technique } from './common.js';

/** Cognito identity pools (src/analysis/aws/rules/cognito.ts). */
export const COGNITO_TECHNIQUES: readonly TechniqueSpec[] = [
  technique('aws:cognito-identity:SetIdentityPoolRoles', 'CAN_PASS_ROLE_TO', {
    title: 'iam:PassRole + cognito-identity:SetIdentityPoolRoles (unauthenticated role)',
    general:
      'The caller makes a role the unauthenticated role of a Cognito identity pool. Anyone who knows the pool id, the caller included, then obtains the role\'s credentials with unsigned calls. It is an escalation and an exposure of the role to the internet at once.',
    precondition:
      'iam:PassRole on the role (iam:PassedToService cognito-identity.amazonaws.com), cognito-identity:SetIdentityPoolRoles on the pool, and a role trust that lets Federated cognito-identity.amazonaws.com call sts:AssumeRoleWithWebIdentity with the pool\'s id as cognito-identity.amazonaws.com:aud and unauthenticated in cognito-identity.amazonaws.com:amr (a trust pinned to another pool, or to authenticated identities only, gives nothing). The pool must allow unauthenticated identities; with the basic (classic) flow the session is the full role, with the enhanced flow only Cognito\'s scoped-down session. cognito-identity:UpdateIdentityPool on the pool lets the caller turn both on. When the input lists no identity pools, leakpath assumes the pools the trust names, or the caller may name, exist, and the edge is conditional and says so.',
    abuse:
      'SetIdentityPoolRoles with the role as the unauthenticated role (and UpdateIdentityPool to allow unauthenticated identities and the classic flow if needed), then GetId and GetOpenIdToken without credentials and AssumeRoleWithWebIdentity with the token (classic flow), or GetCredentialsForIdentity (enhanced flow).',
    opsec:
      'SetIdentityPoolRoles and the PassRole authorization appear in CloudTrail; the unauthenticated Cognito and STS calls come from anywhere and carry no AWS identity.',
    fix: 'Scope iam:PassRole for cognito-identity.amazonaws.com to the roles meant for identity pools; keep roles trusting Cognito least-privileged and pinned to one pool (aud) and to the amr they need; disable the classic flow; restrict cognito-identity:SetIdentityPoolRoles and UpdateIdentityPool.',
    references: [PASSROLE_DOC, 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html', 'https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html', 'https://pathfinding.cloud/'],
    mitre: ['T1098', 'T1078.004'],
  }),
];
