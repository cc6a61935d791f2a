import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import type { Config } from '../../src/config/config.js';
import { blastFindings, findFindings } from '../../src/query/findings.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { allow, doc, gaad, role } from '../helpers/aws-estate.js';
import { readInputsFromJson } from '../helpers/inputs.js';
import { A, resource, roleArn } from '../aws/techniques/estate.js';
import { githubRaw } from '../github/fixtures/org.js';
import { SEEDS, gitleaks, leakedSeeds } from '../secrets/seeds.js';

/**
 * End to end across systems: a leaked GitHub token → its user → a push to an unprotected branch →
 * the workflow job's OIDC token → an AWS role trusting the org (`repo:acme/*`) → an S3 crown jewel.
 * Trust shapes as AWS documents them for GitHub (docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html).
 */
const HOST = 'token.actions.githubusercontent.com';
const PROVIDER = `arn:aws:iam::${A}:oidc-provider/${HOST}`;
const GH = `https://${HOST}`;
const CONFIG: Config = { crownJewels: [{ tag: 'classification=restricted', reason: 'restricted data' }] };
const BUCKET = resource('s3:bucket', 'payroll-exports', { tags: { classification: 'restricted' } });
const PAT = 'github:credential-authorization:161195';

const trust = (condition?: object) => doc({ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) });
const reads = { s3: doc(allow(['s3:GetObject', 's3:ListBucket'], [BUCKET.arn, `${BUCKET.arn}/*`])) };

function estate(roleTrust: object, opts: { protectInfra?: boolean; leak?: boolean } = {}) {
  const read = readInputsFromJson({
    'gaad.json': gaad({ roles: [role(A, 'gh-deploy', roleTrust, { inline: reads })] }),
    'oidc.json': { leakpath: 'aws-cli/1', command: 'iam list-open-id-connect-providers', parameters: {}, account: A, output: { OpenIDConnectProviderList: [{ Arn: PROVIDER }] } },
    'gh.json': githubRaw({ aliceTokenLastEight: SEEDS.githubPat.slice(-8), protectInfra: opts.protectInfra }),
    ...(opts.leak ? { 'gitleaks.json': [gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'scripts/release.sh', StartLine: 12, Commit: 'feedbeef' })] } : {}),
  });
  for (const inv of read.inventories) if (inv.provider === 'aws') inv.accounts[0]!.resources = [...(inv.accounts[0]!.resources ?? []), BUCKET];
  const { graph, warnings } = analyse(read.inventories);
  return { graph, warnings, engine: new EmbeddedEngine(graph, CONFIG) };
}

const ORG_WIDE = trust({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${HOST}:sub`]: 'repo:acme/*' } });

describe('GitHub → AWS: a PAT with push to an unprotected repo reaches an S3 crown jewel through OIDC', () => {
  it('the path, hop by hop, with evidence', async () => {
    const { engine, warnings } = estate(ORG_WIDE);
    const b = await engine.blast(PAT);
    const jewel = b.crownJewels.find((j) => j.id === BUCKET.arn)!;
    expect(jewel).toBeDefined();
    expect(jewel.conditional).toBe(false);
    expect(jewel.path.map((s) => s.technique)).toEqual([
      'github:credential:ClassicToken',
      'github:actions:PushToRunWorkflow',
      'github:actions:OidcToken',
      'aws:sts:AssumeRoleWithWebIdentity',
      'aws:data:Read',
    ]);
    // main or a new branch: both are unprotected, both one push away.
    expect(jewel.path[3]!.from).toMatch(new RegExp(`^oidc:${GH}\\|repo:acme/(infra|prod-deploy|newsvc):ref:refs/heads/`));
    expect(jewel.path[3]!.to).toBe(roleArn('gh-deploy'));
    for (const s of jewel.path) expect(s.evidence.refs.length).toBeGreaterThan(0);
    expect(warnings.some((w) => w.includes('every repository of acme'))).toBe(true);
  });

  it('from the scanner finding of that token (blast --finding)', async () => {
    const { graph, engine } = estate(ORG_WIDE, { leak: true });
    const report = await blastFindings(engine, graph, findFindings(graph, 'scripts/release.sh:12'));
    expect(report.leaked[0]!.blast.credential.id).toBe(PAT);
    expect(report.leaked[0]!.blast.crownJewels.map((j) => j.id)).toContain(BUCKET.arn);
    expect(leakedSeeds(JSON.stringify({ graph, report }))).toEqual([]);
  });

  it('made-safe twin: a trust pinned to an environment with reviewers is not reached from a branch push', async () => {
    const pinned = trust({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', [`${HOST}:sub`]: 'repo:acme/infra:environment:production' } });
    const { engine, warnings } = estate(pinned);
    const b = await engine.blast(PAT);
    expect(b.crownJewels.map((j) => j.id)).not.toContain(BUCKET.arn);
    expect(b.reachable.identities.map((i) => i.id)).not.toContain(roleArn('gh-deploy'));
    expect(warnings.some((w) => w.startsWith('federation:'))).toBe(false);
  });

  it('an org-wide trust is not open to other owners: the "any repository" token does not federate', () => {
    const { graph } = estate(ORG_WIDE);
    expect(graph.edges.some((e) => e.kind === 'FEDERATES' && e.source === `oidc:${GH}|*`)).toBe(false);
  });

  it('no sub condition: any GitHub account (anyone) reaches the role through a repository of its own', async () => {
    const { graph, engine, warnings } = estate(trust({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' } }));
    const e = graph.edges.find((x) => x.kind === 'FEDERATES' && x.source === `oidc:${GH}|*` && x.target === roleArn('gh-deploy'))!;
    expect(e).toBeDefined();
    const b = await engine.blast('github:anyone');
    expect(b.crownJewels.map((j) => j.id)).toContain(BUCKET.arn);
    expect(warnings.some((w) => w.includes('no token.actions.githubusercontent.com:sub condition'))).toBe(true);
  });

  it('a wildcard in the owner part is reported; a subject naming a repository acme does not have is reported as recyclable', () => {
    const { warnings } = estate(trust({ StringLike: { [`${HOST}:sub`]: 'repo:*/infra:*' } }));
    expect(warnings.some((w) => w.includes('the wildcard covers the owner'))).toBe(true);
    const gone = estate(trust({ StringEquals: { [`${HOST}:sub`]: 'repo:acme/old-infra:ref:refs/heads/main' } }));
    expect(gone.warnings.some((w) => w.includes('has no repository old-infra (deleted or renamed)'))).toBe(true);
  });

  it('protecting main removes the branch-pinned path; the new-branch path to an org-wide trust stays, as it should', async () => {
    const mainOnly = trust({ StringEquals: { [`${HOST}:sub`]: 'repo:acme/infra:ref:refs/heads/main' } });
    expect((await estate(mainOnly).engine.blast(PAT)).crownJewels.map((j) => j.id)).toContain(BUCKET.arn);
    expect((await estate(mainOnly, { protectInfra: true }).engine.blast(PAT)).crownJewels.map((j) => j.id)).not.toContain(BUCKET.arn);
    expect((await estate(ORG_WIDE, { protectInfra: true }).engine.blast(PAT)).crownJewels.map((j) => j.id)).toContain(BUCKET.arn);
  });
});
