import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../collectors/github/offline/workflow.js';
import { githubWorkloadTokens } from '../../src/analysis/github/tokens.js';
import { edgeKindSpec, techniqueSpec } from '../../src/model/catalogue/index.js';
import type { GithubInventory } from '../../src/model/inventory/index.js';
import { analyseExports, hasEdge, node } from '../helpers/analyse.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';
import { SEEDS, gitleaks, leakedSeeds } from '../secrets/seeds.js';
import { githubRaw, workflowText } from './fixtures/org.js';

const GH = 'https://token.actions.githubusercontent.com';
const tok = (sub: string) => `oidc:${GH}|${sub}`;
const job = (repo: string, path: string, name: string, ctx: string) => `github:job:acme/${repo}/${path}#${name}@${ctx}`;
const AWS_JOB = (repo: string, ctx: string) => job(repo, '.github/workflows/aws.yml', 'S3PackageUpload', ctx);
const inventoryOf = (raw: unknown) => readInputsFromJson({ 'gh.json': raw }).inventories[0] as GithubInventory;

describe('workflow files (real examples)', () => {
  it('GitHub Docs AWS OIDC sample: push on every branch, id-token write at workflow level', () => {
    const w = parseWorkflow(workflowText('aws-oidc.yml'), '.github/workflows/aws.yml', 'f');
    expect(w.triggers).toEqual([{ event: 'push' }]);
    expect(w.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(w.jobs).toEqual([{ id: 'S3PackageUpload', runsOn: ['ubuntu-latest'], selfHosted: false, secrets: [], allSecrets: false, checksOutPrHead: false }]);
  });

  it('Security Lab pwn request: pull_request_target checking out the head, naming a secret; its safe twin does neither', () => {
    const pwn = parseWorkflow(workflowText('pwn-request.yml'), 'p.yml', 'f');
    expect(pwn.triggers).toEqual([{ event: 'pull_request_target' }]);
    expect(pwn.jobs[0]).toMatchObject({ checksOutPrHead: true, secrets: ['supersecret'] });
    const safe = parseWorkflow(workflowText('receive-pr.yml'), 'r.yml', 'f');
    expect(safe.triggers).toEqual([{ event: 'pull_request' }]);
    expect(safe.jobs[0]).toMatchObject({ checksOutPrHead: false, secrets: [] });
  });

  it('job permissions replace the workflow\'s; environments, self-hosted runners, toJSON(secrets)', () => {
    const w = parseWorkflow(
      `on: { push: { branches: [main, 'release/**'], branches-ignore: ['release/old'] }, workflow_dispatch: {} }
permissions: { id-token: write }
jobs:
  deploy:
    permissions: { contents: read }
    environment: { name: prod }
    runs-on: [self-hosted, linux]
    steps: [{ run: 'echo \${{ toJSON(secrets) }}' }]
`,
      'w.yml',
      'f',
    );
    expect(w.triggers).toEqual([{ event: 'push', branches: ['main', 'release/**'], branchesIgnore: ['release/old'] }, { event: 'workflow_dispatch' }]);
    expect(w.jobs[0]).toMatchObject({ permissions: { contents: 'read' }, environment: 'prod', selfHosted: true, allSecrets: true });
  });
});

describe('github-raw/1 → graph', () => {
  it('reads the organisation, matching paths without their query strings, and records the 403 as a gap', () => {
    const inv = inventoryOf(githubRaw());
    expect(inv.repos.map((r) => [r.fullName, r.visibility, r.archived])).toEqual([
      ['acme/infra', 'private', false],
      ['acme/prod-deploy', 'private', false],
      ['acme/website', 'public', false],
      ['acme/newsvc', 'private', false],
      ['acme/legacy', 'private', true],
    ]);
    expect(inv.repos[0]!.collaborators).toEqual([{ login: 'alice', permission: 'write' }, { login: 'bob', permission: 'admin' }, { login: 'carol', permission: 'read' }]);
    expect(inv.repos[1]!.protections).toEqual([{ branch: 'main', requiredReviews: 2, enforceAdmins: true, pushAllowances: null, source: 'branch-protection' }]);
    expect(inv.coverageGaps).toEqual([{ request: 'GET /repos/acme/website/environments', status: 403, message: 'Resource not accessible by integration' }]);
    expect(inv.fineGrainedPats[0]).toMatchObject({ owner: 'alice', repos: ['acme/infra'] });
  });

  it('a classic token with push to an unprotected branch reaches the job, which mints the branch\'s OIDC token', () => {
    const { graph, warnings } = analyseExports({ 'gh.json': githubRaw() });
    const pat = 'github:credential-authorization:161195';
    expect(hasEdge(graph, 'AUTHENTICATES_AS', pat, 'github:user:alice')!.technique).toBe('github:credential:ClassicToken');
    const run = hasEdge(graph, 'CAN_EXECUTE_AS', 'github:user:alice', AWS_JOB('infra', 'ref:refs/heads/main'))!;
    expect(run.technique).toBe('github:actions:PushToRunWorkflow');
    expect(run.conditional).toBe(false);
    expect(run.evidence.refs.map((r) => r.source)).toContain('acme/infra/.github/workflows/aws.yml');
    const mint = hasEdge(graph, 'CAN_MINT_TOKEN', AWS_JOB('infra', 'ref:refs/heads/main'), tok('repo:acme/infra:ref:refs/heads/main'))!;
    expect(mint.evidence.refs[0]).toMatchObject({ statement: 'permissions', detail: 'id-token: write' });
    expect(node(graph, tok('repo:acme/infra:ref:refs/heads/main'))).toMatchObject({ kind: 'Identity', provider: 'github', type: 'oidc:subject', props: { issuer: GH, subject: 'repo:acme/infra:ref:refs/heads/main', 'claim:repository_id': '2001', 'claim:ref': 'refs/heads/main' } });
    // Any new branch too: the workflow has no branch filter.
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', 'github:user:alice', AWS_JOB('infra', 'ref:refs/heads/leakpath-new-branch'))).toBeDefined();
    // Read access runs nothing; a token without repo scope pushes nothing.
    expect(graph.edges.some((e) => e.kind === 'CAN_EXECUTE_AS' && e.source === 'github:user:carol')).toBe(false);
    expect(hasEdge(graph, 'AUTHENTICATES_AS', 'github:credential-authorization:161196', 'github:user:carol')).toBeUndefined();
    // The fine-grained token and the writable deploy key act with their own rights.
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', 'github:fine-grained-pat:25381#session', AWS_JOB('infra', 'ref:refs/heads/main'))).toBeDefined();
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', 'github:deploy-key:acme/infra:7#session', AWS_JOB('infra', 'ref:refs/heads/main'))).toBeDefined();
    expect(warnings.some((w) => w.includes('coverage gaps'))).toBe(true);
    for (const e of graph.edges.filter((x) => x.technique.startsWith('github:'))) {
      expect(techniqueSpec(e.technique), e.technique).toBeDefined();
      expect(edgeKindSpec(e.kind), e.kind).toBeDefined();
      expect(e.evidence.refs.length, e.id).toBeGreaterThan(0);
    }
  });

  it('a protected branch (required reviews, enforced for admins) stops the push; a new branch still runs the job', () => {
    const { graph } = analyseExports({ 'gh.json': githubRaw() });
    for (const who of ['alice', 'bob']) expect(hasEdge(graph, 'CAN_EXECUTE_AS', `github:user:${who}`, AWS_JOB('prod-deploy', 'ref:refs/heads/main'))).toBeUndefined();
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', 'github:user:alice', AWS_JOB('prod-deploy', 'ref:refs/heads/leakpath-new-branch'))).toBeDefined();
  });

  it('pull_request_target with a head checkout on a public repo: anyone runs the job and gets its secret; the pull_request twin gives nothing', () => {
    const { graph } = analyseExports({ 'gh.json': githubRaw() });
    const pwn = job('website', '.github/workflows/pwn.yml', 'build', 'fork-pr:main');
    const e = hasEdge(graph, 'CAN_EXECUTE_AS', 'github:anyone', pwn)!;
    expect(e.technique).toBe('github:actions:PwnRequest');
    expect(hasEdge(graph, 'CAN_READ', pwn, 'github:actions-secret:acme/website/SUPERSECRET')).toBeDefined();
    expect(graph.edges.some((x) => x.source === 'github:anyone' && x.target.includes('receive-pr'))).toBe(false);
  });

  it('immutable subjects for repos created after 2026-07-15; archived repos run nothing', () => {
    const tokens = githubWorkloadTokens(inventoryOf(githubRaw())).map((t) => t.subject);
    expect(tokens).toContain('repo:acme@1000/newsvc@2004:ref:refs/heads/main');
    expect(tokens.some((s) => s.includes('legacy'))).toBe(false);
  });

  it('a customised subject template (repo, context, job_workflow_ref)', () => {
    const tokens = githubWorkloadTokens(inventoryOf(githubRaw({ infraOidc: { use_default: false, include_claim_keys: ['repo', 'context', 'job_workflow_ref'] } }))).map((t) => t.subject);
    expect(tokens).toContain('repo:acme/infra:ref:refs/heads/main:job_workflow_ref:acme/infra/.github/workflows/aws.yml@refs/heads/main');
  });

  it('an environment with reviewers makes the run conditional; the subject is the environment\'s', () => {
    const wf = `on: push\npermissions: { id-token: write }\njobs:\n  deploy:\n    environment: prod\n    runs-on: ubuntu-latest\n    steps: [{ run: make deploy }]\n`;
    const raw = githubRaw({
      extraResponses: {
        'GET /repos/acme/infra/contents/.github/workflows/deploy.yml': { type: 'file', encoding: 'base64', path: '.github/workflows/deploy.yml', content: Buffer.from(wf).toString('base64') },
        'GET /repos/acme/infra/environments': { total_count: 1, environments: [{ id: 1, name: 'prod', protection_rules: [{ id: 3, type: 'required_reviewers', prevent_self_review: true, reviewers: [{ type: 'User', reviewer: { login: 'bob', id: 1 } }] }], deployment_branch_policy: null }] },
      },
    });
    const { graph } = analyseExports({ 'gh.json': raw });
    const id = job('infra', '.github/workflows/deploy.yml', 'deploy', 'environment:prod@refs/heads/main');
    const e = hasEdge(graph, 'CAN_EXECUTE_AS', 'github:user:alice', id)!;
    expect(e.conditional).toBe(true);
    expect(e.conditions).toMatch(/required reviewer of environment prod \(bob\)/);
    expect(hasEdge(graph, 'CAN_MINT_TOKEN', id, tok('repo:acme/infra:environment:prod'))).toBeDefined();
  });

  it('made-safe twin: infra\'s main protected, the branch-pinned path is gone', () => {
    const { graph } = analyseExports({ 'gh.json': githubRaw({ protectInfra: true }) });
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', 'github:user:alice', AWS_JOB('infra', 'ref:refs/heads/main'))).toBeUndefined();
  });

  it('a leaked classic token joins its credential authorisation by the last eight characters, kept only hashed', () => {
    const { graph } = analyseExports({
      'gh.json': githubRaw({ aliceTokenLastEight: SEEDS.githubPat.slice(-8) }),
      'gl.json': [gitleaks({ RuleID: 'github-pat', Secret: SEEDS.githubPat, File: 'ci.sh', StartLine: 3 })],
    });
    expect(hasEdge(graph, 'EXPOSES', 'secret-finding:gitleaks:ci.sh:github-pat:3', 'github:credential-authorization:161195')).toBeDefined();
    expect(leakedSeeds(JSON.stringify(graph))).toEqual([]);
  });

  it('bad input names the response and the record', () => {
    const raw = githubRaw({ extraResponses: { 'GET /repos/acme/infra/collaborators': [{ id: 1 }] } });
    const e = inputError({ 'gh.json': raw });
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/gh\.json: at responses\["GET \/repos\/acme\/infra\/collaborators"\]\[0\]\.login: expected a list of collaborators/);
  });
});
