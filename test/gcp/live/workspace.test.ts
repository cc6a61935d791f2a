import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { graphOf, run } from './cli.js';
import { startReplay, type Replay } from './replay-server.js';
import { CI_EMAIL, gcpServiceAccounts, REFUSED_TOKENS, workspaceRoutes } from './workspace-estate.js';

/**
 * `leakpath collect workspace` with the real Admin SDK clients, through the CLI, against a
 * loopback replay of the documented answers; --save-raw then ingest gives the same graph.
 */
const TOKEN = 'ya29.workspaceReplayTokenNotARealOne000';
let replay: Replay;
beforeAll(async () => {
  replay = await startReplay(workspaceRoutes());
});
afterAll(() => replay.close());

describe('leakpath collect workspace (Admin SDK against a loopback replay)', () => {
  it('users, roles, grants and delegation events; 429 waited out, 403 a gap; save-raw → ingest is the same graph', async () => {
    const dir = tempDir('leakpath-ws-live-');
    const gcp = path.join(dir, 'gcp');
    mkdirSync(gcp);
    writeFileSync(path.join(gcp, 'service-accounts.json'), JSON.stringify(gcpServiceAccounts));
    const live = path.join(dir, 'live');
    const raw = path.join(dir, 'raw');
    const r = await run(['--store', live, 'collect', 'workspace', '--root-url', replay.url, '--with', gcp, '--save-raw', raw, '--max-wait', '10'], { GOOGLE_OAUTH_ACCESS_TOKEN: TOKEN });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/workspace: 4 user\(s\); 1 OAuth grant\(s\); \d+ files; 1 coverage gap\(s\)/);
    expect(r.stderr).toMatch(/throttled, retrying in 1 s/);
    expect(replay.seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(replay.seen.filter((s) => s.path === '/admin/directory/v1/users')).toHaveLength(2);
    expect(replay.seen.filter((s) => `${s.method} ${s.path}` === REFUSED_TOKENS)).toHaveLength(1);
    // Suspended users' grants are not asked for.
    expect(replay.seen.some((s) => s.path.includes('/users/1004/'))).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);

    const a = graphOf(live);
    expect(a.edges.some((e) => e.includes('workspace:DomainWideDelegation') && e.includes(`gcp:sa:${CI_EMAIL}`))).toBe(true);
    expect(a.edges.some((e) => e.includes('workspace:OAuthGrant') && e.includes('workspace:user:alice@example.com'))).toBe(true);
    expect(a.warnings.join('\n')).toMatch(/coverage gap in workspace customer my_customer: tokens.list of bob@example.com: HTTP 403/);
    expect(a.warnings.join('\n')).toMatch(/service account ci@dev-tools.iam.gserviceaccount.com holds the Workspace administrator role _HELP_DESK_ADMIN_ROLE/);

    const replayed = path.join(dir, 'replayed');
    const ing = await run(['--store', replayed, 'ingest', raw, gcp]);
    expect(ing.code, ing.stderr).toBe(0);
    const b = graphOf(replayed);
    expect(b.nodes).toEqual(a.nodes);
    expect(b.edges).toEqual(a.edges);

    // alice is a super administrator through her role assignment; users' private fields were not saved.
    expect(a.tierZero).toEqual(expect.arrayContaining(['workspace:user:alice@example.com', 'workspace:user:admin@example.com', `gcp:sa:${CI_EMAIL}`]));
    expect(a.tierZero).not.toContain('workspace:user:bob@example.com');
    const saved = readdirSync(path.join(raw, 'workspace')).map((f) => readFileSync(path.join(raw, 'workspace', f), 'utf8')).join('\n');
    expect(saved).not.toContain('private@example.org');
    expect(saved).not.toContain(TOKEN);
  });

  it('no --subject and no token: exit 2 before any request', async () => {
    const before = replay.seen.length;
    const r = await run(['--store', tempDir('leakpath-ws-'), 'collect', 'workspace', '--root-url', replay.url], { GOOGLE_OAUTH_ACCESS_TOKEN: '' });
    expect(r.code).toBe(2);
    expect(replay.seen.length).toBe(before);
  });
});
