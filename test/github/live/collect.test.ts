import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubRaw } from '../fixtures/org.js';
import { leakpathAsync } from '../../helpers/cli.js';
import { exportedSnapshot } from '../../helpers/snapshot.js';

/**
 * The real Octokit client, through the CLI, against a loopback server replaying the organisation's
 * REST responses: Link paging on the repository list, rate-limit headers on every answer, one
 * secondary rate limit (403 + Retry-After) that is waited out, and one 403 that stays a gap.
 */
const TOKEN = 'ghs_replayServerTokenNotARealOne000000';

const run = (args: string[], env: Record<string, string> = {}) => leakpathAsync(args, { env });

const fixture = githubRaw();
const bodies = new Map(Object.entries(fixture.responses).map(([k, v]) => [k.split('?')[0]!.slice(4), v]));
// What GitHub answers for the listings the fixture leaves out: empty lists; the workflow listing names the files the fixture has.
for (const r of ['infra', 'prod-deploy', 'website', 'newsvc', 'legacy']) {
  const files = [...bodies.keys()].filter((k) => k.startsWith(`/repos/acme/${r}/contents/.github/workflows/`)).map((k) => k.split('/contents/')[1]!);
  bodies.set(`/repos/acme/${r}/actions/workflows`, { total_count: files.length, workflows: files.map((f, i) => ({ id: i + 1, name: f, path: f, state: 'active' })) });
}
function empty(p: string): unknown {
  if (/\/(collaborators|keys|members|repos|teams|personal-access-tokens|credential-authorizations)$|\/rules\/branches\//.test(p)) return [];
  const field = /\/(secrets|organization-secrets)$/.test(p) ? 'secrets' : p.endsWith('/actions/runners') ? 'runners' : p.endsWith('/environments') ? 'environments' : p.endsWith('/installations') ? 'installations' : undefined;
  return field ? { total_count: 0, [field]: [] } : undefined;
}
const REFUSED = '/repos/acme/website/environments';
let server: Server;
let base = '';
const seen: { path: string; auth?: string }[] = [];
let throttled = false;
let badGateway = false;
const DROPPED = '/orgs/acme/credential-authorizations';

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, auth: req.headers.authorization });
    const headers = { 'content-type': 'application/json', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(5000 - seen.length), 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) };
    if (url.pathname === '/orgs/acme/teams' && !throttled) {
      throttled = true;
      res.writeHead(403, { ...headers, 'retry-after': '0' });
      return res.end(JSON.stringify({ message: 'You have exceeded a secondary rate limit' }));
    }
    // A gateway failing once (then answering), and a connection dropped on every try.
    if (url.pathname === '/orgs/acme/installations' && !badGateway) {
      badGateway = true;
      res.writeHead(502, { ...headers, 'retry-after': '0' });
      return res.end(JSON.stringify({ message: 'Server Error' }));
    }
    if (url.pathname === DROPPED) return req.socket.destroy();
    if (url.pathname === REFUSED) {
      res.writeHead(403, headers);
      return res.end(JSON.stringify({ message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' }));
    }
    const body = bodies.get(url.pathname) ?? empty(url.pathname);
    if (body === undefined) {
      res.writeHead(404, headers);
      return res.end(JSON.stringify({ message: 'Not Found' }));
    }
    if (url.pathname === '/orgs/acme/repos') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = body as unknown[];
      const size = 2;
      const last = Math.ceil(all.length / size);
      const link = page < last ? `<${base}/orgs/acme/repos?per_page=${size}&page=${page + 1}>; rel="next", <${base}/orgs/acme/repos?per_page=${size}&page=${last}>; rel="last"` : undefined;
      res.writeHead(200, { ...headers, ...(link ? { link } : {}) });
      return res.end(JSON.stringify(all.slice((page - 1) * size, page * size)));
    }
    res.writeHead(200, headers);
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('leakpath collect github (Octokit against a loopback replay)', () => {
  it('pages, waits out a secondary limit, records the 403 as a gap; --save-raw then ingest gives the same graph', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-gh-live-'));
    const live = path.join(dir, 'live');
    const replayed = path.join(dir, 'replayed');
    const raw = path.join(dir, 'raw');
    const r = await run(['--store', live, 'collect', 'github', '--org', 'acme', '--api-url', base, '--save-raw', raw, '--max-wait', '5'], { GITHUB_TOKEN: TOKEN });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/github: acme; \d+ responses; 2 coverage gap/);
    expect(seen.filter((s) => s.path === '/orgs/acme/installations')).toHaveLength(2);
    expect(seen.filter((s) => s.path === '/orgs/acme/repos')).toHaveLength(3);
    expect(seen.every((s) => s.auth === `token ${TOKEN}`)).toBe(true);
    expect(r.stderr).toContain('secondary rate limit');
    expect(r.stderr + r.stdout).not.toContain(TOKEN);

    const saved = JSON.parse(readFileSync(path.join(raw, 'github-acme.json'), 'utf8'));
    expect(saved.gaps).toEqual([
      { request: `GET ${DROPPED}`, status: 0, message: expect.stringMatching(/^no response/) },
      { request: `GET ${REFUSED}`, status: 403, message: 'Resource not accessible by integration' },
    ]);
    expect(saved.responses['GET /orgs/acme/repos']).toHaveLength(5);
    // Runner groups, their runners, and the repositories of the selected group.
    expect(Object.keys(saved.responses).filter((k) => k.includes('/actions/runner-groups')).sort()).toEqual([
      'GET /orgs/acme/actions/runner-groups',
      'GET /orgs/acme/actions/runner-groups/1/runners',
      'GET /orgs/acme/actions/runner-groups/2/repositories',
      'GET /orgs/acme/actions/runner-groups/2/runners',
    ]);
    expect(JSON.stringify(saved)).not.toContain(TOKEN);

    const ing = await run(['--store', replayed, 'ingest', raw]);
    expect(ing.code, ing.stderr).toBe(0);
    const graphOf = (store: string) => {
      const snap = exportedSnapshot(store);
      return { nodes: snap.graph.nodes.map((n: { id: string }) => n.id), edges: snap.graph.edges.map((e: { id: string }) => e.id) };
    };
    const a = graphOf(live);
    expect(a.nodes).toContain('github:runner:acme/23');
    expect(a.edges.some((e: string) => e.startsWith('CAN_MINT_TOKEN|'))).toBe(true);
    expect(graphOf(replayed)).toEqual(a);
  });

  it('no token: exit 2 before any request', async () => {
    const before = seen.length;
    const r = await run(['--store', mkdtempSync(path.join(tmpdir(), 'leakpath-gh-')), 'collect', 'github', '--org', 'acme', '--api-url', base], { GITHUB_TOKEN: '' });
    expect(r.code).toBe(2);
    expect(seen.length).toBe(before);
  });

  it('an unreachable API: exit 3', async () => {
    const r = await run(['--store', mkdtempSync(path.join(tmpdir(), 'leakpath-gh-')), 'collect', 'github', '--org', 'acme', '--api-url', 'http://127.0.0.1:9', '--timeout', '2'], { GITHUB_TOKEN: TOKEN });
    expect(r.code, r.stderr).toBe(3);
  });
});
