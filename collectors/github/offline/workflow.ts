import { parse as parseYaml } from 'yaml';
import { InputError } from '../../../src/errors.js';
import type { GithubJob, GithubTokenPermissions, GithubTrigger, GithubWorkflow } from '../../../src/model/inventory/index.js';

/**
 * A workflow file (`.github/workflows/*.yml`) → what leakpath needs of it: triggers, token
 * permissions, environments, runners, the secrets it names and whether it checks out a pull
 * request's head. Only the facts are kept, never the file.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function triggers(on: unknown): GithubTrigger[] {
  if (typeof on === 'string') return [{ event: on }];
  if (Array.isArray(on)) return strings(on).map((event) => ({ event }));
  if (!isObj(on)) return [];
  return Object.entries(on).map(([event, cfg]) => {
    const c = isObj(cfg) ? cfg : {};
    const t: GithubTrigger = { event };
    if (c.branches !== undefined) t.branches = strings(c.branches);
    if (c['branches-ignore'] !== undefined) t.branchesIgnore = strings(c['branches-ignore']);
    if (c.tags !== undefined) t.tags = strings(c.tags);
    if (c.workflows !== undefined) t.workflows = strings(c.workflows);
    return t;
  });
}

function permissions(p: unknown): GithubTokenPermissions | undefined {
  if (p === 'read-all' || p === 'write-all') return p;
  if (isObj(p)) {
    const out: Record<string, 'read' | 'write' | 'none'> = {};
    for (const [k, v] of Object.entries(p)) if (v === 'read' || v === 'write' || v === 'none') out[k] = v;
    return out;
  }
  // `permissions: {}` parses as an object; anything else (absent) means the repository default.
  return undefined;
}

const SECRET_REF = /secrets\.([A-Za-z_][A-Za-z0-9_]*)|secrets\[\s*['"]([^'"]+)['"]\s*\]/g;
const ALL_SECRETS = /toJSON\(\s*secrets\s*\)|secrets\[\s*[^'"\s]/;
const RUN_HEAD = /(github\.event|context\.payload)\.workflow_run\.(head_sha|head_branch|head_commit|head_repository|pull_requests)/;
const RUN_ARTIFACT = /(github\.event|context\.payload)\.workflow_run\.(id|artifacts_url)/;
const PR_HEAD = /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs\/pull\/|pull_request\.merge_commit_sha|gh pr checkout|git fetch[^\n]*pull\//;

function job(id: string, j: Obj): GithubJob {
  const text = JSON.stringify(j);
  const secrets = new Set<string>();
  for (const m of text.matchAll(SECRET_REF)) {
    const name = (m[1] ?? m[2])!;
    if (name !== 'GITHUB_TOKEN') secrets.add(name);
  }
  const env = typeof j.environment === 'string' ? j.environment : isObj(j.environment) && typeof j.environment.name === 'string' ? j.environment.name : undefined;
  const runsOn = isObj(j['runs-on']) ? strings((j['runs-on'] as Obj).labels) : strings(j['runs-on']);
  const steps = Array.isArray(j.steps) ? j.steps.filter(isObj) : [];
  const checksOutPrHead = steps.some((s) => PR_HEAD.test(JSON.stringify(s)));
  const checksOutRunHead = steps.some((s) => RUN_HEAD.test(JSON.stringify(s)));
  const downloadsRunArtifacts = steps.some((s) => RUN_ARTIFACT.test(JSON.stringify(s)));
  const perms = permissions(j.permissions);
  const group = isObj(j['runs-on']) && typeof (j['runs-on'] as Obj).group === 'string' ? ((j['runs-on'] as Obj).group as string) : undefined;
  return {
    id,
    ...(group ? { runnerGroup: group } : {}),
    ...(perms ? { permissions: perms } : {}),
    ...(env ? { environment: env } : {}),
    runsOn,
    selfHosted: runsOn.some((l) => l.toLowerCase() === 'self-hosted') || (isObj(j['runs-on']) && 'group' in (j['runs-on'] as Obj)),
    secrets: [...secrets].sort(),
    allSecrets: ALL_SECRETS.test(text) || j.secrets === 'inherit',
    checksOutPrHead,
    ...(checksOutRunHead ? { checksOutRunHead } : {}),
    ...(downloadsRunArtifacts ? { downloadsRunArtifacts } : {}),
  };
}

export function parseWorkflow(text: string, path: string, file: string): GithubWorkflow {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new InputError(file, `workflow ${path}`, `expected a YAML workflow file: ${(e as Error).name}`);
  }
  if (!isObj(doc) || !isObj(doc.jobs)) throw new InputError(file, `workflow ${path}`, 'expected a workflow with `on:` and `jobs:`');
  const perms = permissions(doc.permissions);
  return {
    path,
    ...(typeof doc.name === 'string' ? { name: doc.name } : {}),
    triggers: triggers(doc.on ?? doc.true),
    ...(perms ? { permissions: perms } : {}),
    jobs: Object.entries(doc.jobs).filter(([, j]) => isObj(j)).map(([id, j]) => job(id, j as Obj)),
  };
}
