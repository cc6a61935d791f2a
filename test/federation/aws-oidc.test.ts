import { describe, expect, it } from 'vitest';
import { awsFederationEdges, OIDC_PROVIDER } from '../../src/analysis/federation/aws.js';
import { tokenNodeId, type WorkloadToken } from '../../src/analysis/federation/types.js';
import { techniqueSpec } from '../../src/model/catalogue/index.js';
import type { AwsInventory } from '../../src/model/inventory/index.js';
import { ADMIN, doc, gaad, role } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { A, roleArn } from '../aws/techniques/estate.js';

// Trust shapes from AWS's documentation for GitHub Actions and EKS IRSA
// (docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html, docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html).
const GITHUB = 'https://token.actions.githubusercontent.com';
const GH_HOST = 'token.actions.githubusercontent.com';
const EKS = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const EKS_HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const providerArn = (host: string) => `arn:aws:iam::${A}:oidc-provider/${host}`;

const webTrust = (host: string, condition?: Record<string, Record<string, string | string[]>>) =>
  doc({ Effect: 'Allow', Principal: { Federated: providerArn(host) }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) });

function inventory(trust: object, edit?: (inv: AwsInventory) => void): AwsInventory {
  const inv = readInputsFromJson({ 'gaad.json': gaad({ roles: [role(A, 'deploy', trust, { attached: [ADMIN] })] }) }).inventories[0] as AwsInventory;
  edit?.(inv);
  return inv;
}

const ghToken = (subject: string, claims: Record<string, string> = {}): WorkloadToken => ({
  id: tokenNodeId(GITHUB, subject),
  issuer: GITHUB,
  subject,
  audiences: 'any',
  claims: { repository: subject.split(':')[1] ?? '', ...claims },
  mintedBy: 'github:workflow:acme/infra/deploy.yml',
});

const MAIN = 'repo:acme/infra:ref:refs/heads/main';

describe('aws:sts:AssumeRoleWithWebIdentity: a workload token → roles trusting its issuer', () => {
  it('is in the catalogue', () => {
    expect(techniqueSpec('aws:sts:AssumeRoleWithWebIdentity')?.edgeKind).toBe('FEDERATES');
  });

  it('positive: a trust pinning sub and aud admits the exact subject, unconditionally, citing the trust', () => {
    const inv = inventory(webTrust(GH_HOST, { StringEquals: { [`${GH_HOST}:aud`]: 'sts.amazonaws.com', [`${GH_HOST}:sub`]: MAIN } }));
    const [e, ...more] = awsFederationEdges(inv, [ghToken(MAIN)]);
    expect(more).toHaveLength(0);
    expect(e).toMatchObject({ kind: 'FEDERATES', source: tokenNodeId(GITHUB, MAIN), target: roleArn('deploy'), conditional: false });
    expect(e!.evidence.refs.some((r) => r.type === 'trust-policy')).toBe(true);
    expect(e!.evidence.assumptions?.join(' ')).toMatch(/OIDC provider .* exists/);
  });

  it('negative: another branch, another repo, or a pull request does not match a StringEquals subject', () => {
    const inv = inventory(webTrust(GH_HOST, { StringEquals: { [`${GH_HOST}:sub`]: MAIN } }));
    const tokens = ['repo:acme/infra:ref:refs/heads/dev', 'repo:acme/other:ref:refs/heads/main', 'repo:acme/infra:pull_request'].map((s) => ghToken(s));
    expect(awsFederationEdges(inv, tokens)).toEqual([]);
  });

  it('positive: an org-wide StringLike wildcard admits every repository of the org, not another org', () => {
    const inv = inventory(webTrust(GH_HOST, { StringLike: { [`${GH_HOST}:sub`]: 'repo:acme/*' } }));
    const edges = awsFederationEdges(inv, [ghToken('repo:acme/intern-test:pull_request'), ghToken('repo:evil/acme:ref:refs/heads/main')]);
    expect(edges.map((e) => e.source)).toEqual([tokenNodeId(GITHUB, 'repo:acme/intern-test:pull_request')]);
  });

  it('positive: a trust with no subject condition admits any token of the issuer', () => {
    const inv = inventory(webTrust(GH_HOST, { StringEquals: { [`${GH_HOST}:aud`]: 'sts.amazonaws.com' } }));
    expect(awsFederationEdges(inv, [ghToken('repo:anyone/anything:ref:refs/heads/main')])).toHaveLength(1);
  });

  it('claims beyond sub are tested from the token; a claim the token lacks is absent (no edge, not conditional)', () => {
    const inv = inventory(webTrust(GH_HOST, { StringEquals: { [`${GH_HOST}:sub`]: MAIN, [`${GH_HOST}:job_workflow_ref`]: 'acme/infra/.github/workflows/deploy.yml@refs/heads/main' } }));
    const ok = ghToken(MAIN, { job_workflow_ref: 'acme/infra/.github/workflows/deploy.yml@refs/heads/main' });
    expect(awsFederationEdges(inv, [ok])[0]?.conditional).toBe(false);
    expect(awsFederationEdges(inv, [ghToken(MAIN)])).toEqual([]);
  });

  it('negative: a token from another issuer, and a fixed audience the trust refuses', () => {
    const inv = inventory(webTrust(EKS_HOST, { StringEquals: { [`${EKS_HOST}:sub`]: 'system:serviceaccount:prod:deployer', [`${EKS_HOST}:aud`]: 'sts.amazonaws.com' } }));
    const k8s = (aud: string[]): WorkloadToken => ({ id: tokenNodeId(EKS, 'system:serviceaccount:prod:deployer'), issuer: EKS, subject: 'system:serviceaccount:prod:deployer', audiences: aud, claims: {}, mintedBy: 'k8s' });
    expect(awsFederationEdges(inv, [ghToken('system:serviceaccount:prod:deployer')])).toEqual([]);
    expect(awsFederationEdges(inv, [k8s(['https://kubernetes.default.svc'])])).toEqual([]);
    expect(awsFederationEdges(inv, [k8s(['sts.amazonaws.com'])])).toHaveLength(1);
  });

  it('the listed providers decide: an unlisted provider gives nothing, a listed one without the audience among its client ids neither', () => {
    const trust = webTrust(GH_HOST, { StringLike: { [`${GH_HOST}:sub`]: 'repo:acme/*' } });
    const collected = inventory(trust, (inv) => { inv.accounts[0]!.collected = [OIDC_PROVIDER]; });
    expect(awsFederationEdges(collected, [ghToken(MAIN)])).toEqual([]);
    const listed = (clientIds: string[]) => inventory(trust, (inv) => {
      inv.accounts[0]!.collected = [OIDC_PROVIDER];
      inv.accounts[0]!.resources = [{ arn: providerArn(GH_HOST), type: OIDC_PROVIDER, name: GH_HOST, tags: {}, props: { url: GITHUB, clientIds } }];
    });
    const e = awsFederationEdges(listed(['sts.amazonaws.com']), [ghToken(MAIN)])[0];
    expect(e?.evidence.assumptions).toBeUndefined();
    expect(e?.evidence.refs.some((r) => r.type === 'inventory' && r.source === providerArn(GH_HOST))).toBe(true);
    const fixed: WorkloadToken = { ...ghToken(MAIN), audiences: ['sts.amazonaws.com'] };
    expect(awsFederationEdges(listed(['https://github.com/acme']), [fixed])).toEqual([]);
  });

  it('negative: an explicit Deny in the trust for pull requests', () => {
    const trust = doc(
      { Effect: 'Allow', Principal: { Federated: providerArn(GH_HOST) }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { [`${GH_HOST}:sub`]: 'repo:acme/*' } } },
      { Effect: 'Deny', Principal: { Federated: providerArn(GH_HOST) }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { [`${GH_HOST}:sub`]: '*:pull_request' } } },
    );
    const inv = inventory(trust);
    expect(awsFederationEdges(inv, [ghToken('repo:acme/infra:pull_request')])).toEqual([]);
    expect(awsFederationEdges(inv, [ghToken(MAIN)])).toHaveLength(1);
  });
});
