import { describe, expect, it } from 'vitest';
import { parseWorkflow } from '../../collectors/github/offline/workflow.js';
import { analyseExports, hasEdge } from '../helpers/analyse.js';
import { ORG, githubRaw, workflowText } from './fixtures/org.js';

const content = (p: string, text: string) => ({ type: 'file', encoding: 'base64', path: p, content: Buffer.from(text).toString('base64') });
const wf = (repo: string, file: string, text: string) => ({ [`GET /repos/${ORG}/${repo}/contents/.github/workflows/${file}`]: content(`.github/workflows/${file}`, text) });
const job = (repo: string, file: string, name: string) => `github:job:acme/${repo}/.github/workflows/${file}#${name}@workflow-run:main`;

/** Written here: the vulnerable pattern the Security Lab article warns about — the triggering run's head checked out and built with a secret. */
const CHECKOUT = (upstream: string) => `on:
  workflow_run:
    workflows: [${upstream}]
    types: [completed]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: npm ci && npm run build
        env:
          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
`;
const PUSH_ONLY = `name: Deploy
on: { push: { branches: [main] } }
jobs:
  deploy: { runs-on: ubuntu-latest, steps: [{ run: ./deploy.sh }] }
`;

const graph = (responses: Record<string, unknown>) =>
  analyseExports({ 'gh.json': githubRaw({ extraResponses: { [`GET /repos/${ORG}/website/actions/secrets`]: { total_count: 1, secrets: [{ name: 'NPM_TOKEN', created_at: 'x', updated_at: 'x' }] }, ...responses } }) }).graph;

describe('workflow_run: a privileged run on what a fork pull request\'s run left', () => {
  it('parses the trigger\'s workflows and what the job takes from the triggering run (GitHub Docs examples)', () => {
    const use = parseWorkflow(workflowText('use-the-data.yml'), 'u.yml', 'f');
    expect(use.triggers).toEqual([{ event: 'workflow_run', workflows: ['Upload data'] }]);
    expect(use.jobs[0]).toMatchObject({ downloadsRunArtifacts: true });
    expect(use.jobs[0]!.checksOutRunHead).toBeUndefined();
    const ok = parseWorkflow(workflowText('on-success.yml'), 'o.yml', 'f');
    expect(ok.jobs.every((j) => !j.checksOutRunHead && !j.downloadsRunArtifacts)).toBe(true);
  });

  it('positive: checking out the triggering run\'s head in a public repository — anyone runs code with its secrets', () => {
    const g = graph({ ...wf('website', 'upload.yml', workflowText('upload-data.yml')), ...wf('website', 'build.yml', CHECKOUT('Upload data')) });
    const e = hasEdge(g, 'CAN_EXECUTE_AS', 'github:anyone', job('website', 'build.yml', 'build'));
    expect(e).toMatchObject({ technique: 'github:actions:WorkflowRunChain', conditional: false });
    expect(JSON.stringify(e!.evidence)).toContain('.github/workflows/upload.yml');
    expect(JSON.stringify(e!.evidence)).toContain('github.event.workflow_run.head_');
    expect(hasEdge(g, 'CAN_READ', job('website', 'build.yml', 'build'), 'github:actions-secret:acme/website/NPM_TOKEN')).toBeDefined();
  });

  it('the Docs\' artifact example: conditional on the artifact being executed or unsafely read', () => {
    const g = graph({ ...wf('website', 'upload.yml', workflowText('upload-data.yml')), ...wf('website', 'use.yml', workflowText('use-the-data.yml')) });
    const e = hasEdge(g, 'CAN_EXECUTE_AS', 'github:anyone', job('website', 'use.yml', 'download'));
    expect(e?.conditional).toBe(true);
    expect(e!.conditions).toContain('artifact');
  });

  it('negative: a job that only reads the conclusion, or a trigger naming a workflow no fork runs, gives nothing', () => {
    const g = graph({
      ...wf('website', 'upload.yml', workflowText('upload-data.yml')),
      ...wf('website', 'ok.yml', workflowText('on-success.yml')),
      ...wf('website', 'deploy.yml', PUSH_ONLY),
      ...wf('website', 'after-deploy.yml', CHECKOUT('Deploy')),
    });
    expect(g.edges.filter((e) => e.technique === 'github:actions:WorkflowRunChain')).toEqual([]);
  });

  it('a private repository: its readers, conditional on forking being allowed', () => {
    const g = graph({ ...wf('infra', 'upload.yml', workflowText('upload-data.yml')), ...wf('infra', 'build.yml', CHECKOUT('Upload data')) });
    const e = hasEdge(g, 'CAN_EXECUTE_AS', 'github:user:carol', job('infra', 'build.yml', 'build'));
    expect(e).toMatchObject({ technique: 'github:actions:WorkflowRunChain', conditional: true });
    expect(e!.conditions).toContain('forking is allowed');
  });
});
