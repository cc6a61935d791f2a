import { RAW_FORMAT } from '../offline/raw.js';
import { GithubClient, type ClientOptions } from './client.js';

/**
 * `leakpath collect github`: reads an organisation through the REST API and returns exactly the
 * `github-raw/1` document the offline parser reads, so a live run and the ingest of its
 * `--save-raw` file give the same graph. A refused request (403, 404 on a listing) is a coverage
 * gap; 404 where GitHub uses it for "not set" (branch protection, OIDC template) is an answer.
 */
export interface GithubRaw {
  leakpath: typeof RAW_FORMAT;
  org: string;
  collectedAt: string;
  responses: Record<string, unknown>;
  gaps: { request: string; status: number; message: string }[];
}

export interface CollectGithubOptions extends Omit<ClientOptions, 'progress'> {
  org: string;
  progress?: (line: string) => void;
}

type Obj = Record<string, unknown>;
const list = (v: unknown, field?: string): Obj[] => {
  const a = field ? (v as Obj | undefined)?.[field] : v;
  return Array.isArray(a) ? (a as Obj[]) : [];
};
const enc = encodeURIComponent;

export async function collectGithub(o: CollectGithubOptions): Promise<{ raw: GithubRaw; requests: number }> {
  const progress = o.progress ?? (() => {});
  const client = new GithubClient({ ...o, progress });
  const raw: GithubRaw = { leakpath: RAW_FORMAT, org: o.org, collectedAt: new Date().toISOString(), responses: {}, gaps: [] };
  /** GET, store the body under its request; `absentOk` statuses mean "not set" and store nothing. */
  const get = async (path: string, absentOk: number[] = []): Promise<unknown> => {
    let r;
    try {
      r = await client.get(path);
    } catch (e) {
      // No answer at all (timeout, dropped connection). Before anything was read the API is
      // unreachable; after, what was read is kept and this request is a gap.
      if (Object.keys(raw.responses).length === 0) throw e;
      raw.gaps.push({ request: `GET ${path}`, status: 0, message: `no response (${((e as Error).message ?? '').split(' - ')[0]!.slice(0, 200)})` });
      progress(`github: GET ${path}: no response, recorded as a coverage gap`);
      return undefined;
    }
    if (r.status === 200) {
      raw.responses[`GET ${path}`] = r.body;
      return r.body;
    }
    if (!absentOk.includes(r.status)) raw.gaps.push({ request: `GET ${path}`, status: r.status, message: r.message ?? '' });
    return undefined;
  };

  const org = `/orgs/${enc(o.org)}`;
  await get(org);
  const repos = list(await get(`${org}/repos`));
  progress(`github: ${o.org}: ${repos.length} repositories`);
  for (const t of list(await get(`${org}/teams`))) {
    await get(`${org}/teams/${t.slug}/members`);
    await get(`${org}/teams/${t.slug}/repos`);
  }
  for (const s of list(await get(`${org}/actions/secrets`), 'secrets')) if (s.visibility === 'selected') await get(`${org}/actions/secrets/${s.name}/repositories`);
  await get(`${org}/actions/oidc/customization/sub`, [404]);
  for (const g of list(await get(`${org}/actions/runner-groups`), 'runner_groups')) {
    await get(`${org}/actions/runner-groups/${g.id}/runners`);
    if (g.visibility === 'selected') await get(`${org}/actions/runner-groups/${g.id}/repositories`);
  }
  await get(`${org}/installations`);
  for (const p of list(await get(`${org}/personal-access-tokens`))) if (p.repository_selection === 'subset') await get(`${org}/personal-access-tokens/${p.id}/repositories`);
  await get(`${org}/credential-authorizations`);

  for (const r of repos) {
    const base = `/repos/${r.full_name as string}`;
    const branch = enc(String(r.default_branch ?? 'main'));
    await get(`${base}/collaborators`);
    await get(`${base}/branches/${branch}/protection`, [404]);
    await get(`${base}/rules/branches/${branch}`);
    for (const e of list(await get(`${base}/environments`), 'environments')) {
      const name = enc(String(e.name));
      await get(`${base}/environments/${name}/secrets`);
      const policy = e.deployment_branch_policy as Obj | null | undefined;
      if (policy?.custom_branch_policies) await get(`${base}/environments/${name}/deployment-branch-policies`);
    }
    await get(`${base}/actions/secrets`);
    await get(`${base}/actions/organization-secrets`);
    await get(`${base}/actions/oidc/customization/sub`, [404]);
    for (const w of list(await get(`${base}/actions/workflows`), 'workflows')) {
      const path = String(w.path);
      if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) await get(`${base}/contents/${path}`, [404]);
    }
    await get(`${base}/keys`);
    await get(`${base}/actions/runners`);
  }
  progress(`github: ${o.org}: ${client.requests} requests, ${raw.gaps.length} coverage gap(s)`);
  return { raw, requests: client.requests };
}
