import { describe, expect, it } from 'vitest';
import type { GithubInventory } from '../../src/model/inventory/index.js';
import { analyseExports, hasEdge } from '../helpers/analyse.js';
import { inputError, readInputsFromJson } from '../helpers/inputs.js';
import { ORG, githubRaw, runnerGroups } from './fixtures/org.js';

const content = (p: string, text: string) => ({ type: 'file', encoding: 'base64', path: p, content: Buffer.from(text).toString('base64') });
const job = (repo: string, path: string, name: string, ctx: string) => `github:job:acme/${repo}/.github/workflows/${path}#${name}@${ctx}`;
const MBP = 'github:runner:acme/23';
const IMAC = 'github:runner:acme/24';

/** infra: a pull_request CI job on [self-hosted, macOS]; prod-deploy: the protected main's deploy job on [self-hosted, X64] with a secret and id-token. */
const CI = `on: pull_request
jobs:
  test:
    runs-on: [self-hosted, macOS]
    steps:
      - uses: actions/checkout@v4
      - run: make test
`;
const DEPLOY = `on:
  push:
    branches: [main]
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: [self-hosted, X64]
    steps:
      - run: ./deploy.sh
        env:
          DEPLOY_KEY: \${{ secrets.DEPLOY_KEY }}
`;
const WEBSITE = `on: pull_request
jobs:
  build:
    runs-on: { group: octo-runner-group, labels: [gpu] }
    steps:
      - run: npm test
`;

function raw(runners: Record<string, unknown> = runnerGroups()) {
  return githubRaw({
    extraResponses: {
      [`GET /repos/${ORG}/infra/contents/.github/workflows/ci.yml`]: content('.github/workflows/ci.yml', CI),
      [`GET /repos/${ORG}/prod-deploy/contents/.github/workflows/deploy.yml`]: content('.github/workflows/deploy.yml', DEPLOY),
      [`GET /repos/${ORG}/prod-deploy/actions/secrets`]: { total_count: 1, secrets: [{ name: 'DEPLOY_KEY', created_at: 'x', updated_at: 'x' }] },
      [`GET /repos/${ORG}/website/contents/.github/workflows/build.yml`]: content('.github/workflows/build.yml', WEBSITE),
      ...runners,
    },
  });
}

const CI_JOB = job('infra', 'ci.yml', 'test', 'pull_request');
const DEPLOY_JOB = job('prod-deploy', 'deploy.yml', 'deploy', 'ref:refs/heads/main');

describe('self-hosted runners shared across repositories', () => {
  it('parses runner groups, their runners and selected repositories (REST reference shapes)', () => {
    const inv = readInputsFromJson({ 'gh.json': raw() }).inventories[0] as GithubInventory;
    expect(inv.runnerGroups?.map((g) => [g.name, g.visibility, g.allowsPublicRepositories, g.repos ?? null])).toEqual([
      ['Default', 'all', false, null],
      ['octo-runner-group', 'selected', true, ['acme/website']],
    ]);
    expect(inv.runnerGroups![0]!.runners).toEqual([{ id: 23, name: 'MBP', labels: ['self-hosted', 'X64', 'macOS', 'no-gpu'], ephemeral: false, os: 'macos' }]);
    expect(inv.repos.find((r) => r.name === 'website')!.workflows.find((w) => w.path.endsWith('build.yml'))!.jobs[0]).toMatchObject({ runnerGroup: 'octo-runner-group', runsOn: ['gpu'], selfHosted: true });
  });

  it('positive: a writer\'s pull request job in infra lands on MBP, which is not ephemeral, and persists into prod-deploy\'s deploy job with its secret and OIDC token', () => {
    const { graph } = analyseExports({ 'gh.json': raw() });
    const on = hasEdge(graph, 'CAN_EXECUTE_AS', CI_JOB, MBP);
    expect(on?.technique).toBe('github:actions:SelfHostedRunner');
    expect(JSON.stringify(on!.evidence)).toContain('runner group Default (visibility all)');
    const persist = hasEdge(graph, 'CAN_EXECUTE_AS', MBP, DEPLOY_JOB);
    expect(persist).toMatchObject({ technique: 'github:actions:RunnerPersistence', conditional: false });
    expect(JSON.stringify(persist!.evidence)).toContain('not ephemeral');
    // From there: the deploy job's secret and token, which alice could not reach by pushing (main needs two reviews).
    expect(hasEdge(graph, 'CAN_READ', DEPLOY_JOB, 'github:actions-secret:acme/prod-deploy/DEPLOY_KEY')).toBeDefined();
    expect(graph.edges.some((e) => e.kind === 'CAN_MINT_TOKEN' && e.source === DEPLOY_JOB)).toBe(true);
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', 'github:user:alice', DEPLOY_JOB)).toBeUndefined();
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', 'github:user:alice', CI_JOB)).toBeDefined();
  });

  it('negative: an ephemeral runner keeps nothing between jobs; a public repository does not reach a group that refuses public repositories', () => {
    const { graph } = analyseExports({ 'gh.json': raw(runnerGroups({ mbpEphemeral: true })) });
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', CI_JOB, MBP)).toBeDefined();
    expect(graph.edges.filter((e) => e.technique === 'github:actions:RunnerPersistence')).toEqual([]);
    expect(hasEdge(graph, 'CAN_EXECUTE_AS', 'github:anyone', MBP)).toBeUndefined();
  });

  it('fork pull requests of a public repository reach the runners its group admits (conditional on approval)', () => {
    const { graph } = analyseExports({ 'gh.json': raw() });
    const e = hasEdge(graph, 'CAN_EXECUTE_AS', 'github:anyone', IMAC);
    expect(e).toMatchObject({ technique: 'github:actions:SelfHostedRunner', conditional: true });
    expect(e!.conditions).toContain('approval');
    // iMac is ephemeral: nothing persists from it.
    expect(graph.edges.some((x) => x.source === IMAC)).toBe(false);
  });

  it('a public repository\'s own non-ephemeral runner: fork pull requests reach it, and it persists into the repository\'s push job', () => {
    const PUBLISH = `on: { push: { branches: [main] } }
jobs:
  publish:
    runs-on: [self-hosted, linux]
    steps:
      - run: npm publish
        env:
          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
`;
    const TEST = `on: pull_request
jobs:
  test:
    runs-on: [self-hosted, linux]
    steps: [{ run: npm test }]
`;
    const own = (ephemeral: boolean) =>
      analyseExports({
        'gh.json': githubRaw({
          extraResponses: {
            [`GET /repos/${ORG}/website/contents/.github/workflows/test.yml`]: content('.github/workflows/test.yml', TEST),
            [`GET /repos/${ORG}/website/contents/.github/workflows/publish.yml`]: content('.github/workflows/publish.yml', PUBLISH),
            [`GET /repos/${ORG}/website/actions/runners`]: { total_count: 1, runners: [{ id: 77, name: 'web-runner', os: 'linux', status: 'online', busy: false, ephemeral, labels: [{ id: 1, name: 'self-hosted', type: 'read-only' }, { id: 2, name: 'Linux', type: 'read-only' }] }] },
          },
        }),
      }).graph;
    const g = own(false);
    const R = 'github:runner:acme/77';
    const PUB = job('website', 'publish.yml', 'publish', 'ref:refs/heads/main');
    expect(hasEdge(g, 'CAN_EXECUTE_AS', 'github:anyone', R)).toMatchObject({ conditional: true });
    expect(JSON.stringify(hasEdge(g, 'CAN_EXECUTE_AS', 'github:anyone', R)!.evidence)).toContain('GET /repos/acme/website/actions/runners');
    expect(hasEdge(g, 'CAN_EXECUTE_AS', R, PUB)?.technique).toBe('github:actions:RunnerPersistence');
    expect(hasEdge(own(true), 'CAN_EXECUTE_AS', R, PUB)).toBeUndefined();
  });

  it('bad input: a runner group without a visibility is refused, naming the response', () => {
    const bad = raw({ ...runnerGroups(), [`GET /orgs/${ORG}/actions/runner-groups`]: { total_count: 1, runner_groups: [{ id: 1, name: 'Default' }] } });
    const e = inputError({ 'gh.json': bad });
    expect(e.message).toContain('GET /orgs/acme/actions/runner-groups');
    expect(e.message).toContain('visibility');
  });
});
