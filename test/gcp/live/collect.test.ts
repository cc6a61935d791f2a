import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { graphOf, run } from './cli.js';
import { ACCESS_TOKEN, ADMIN, CI, CI_KEY, DEPLOYER, gcpRoutes, gcpRoutesWithoutAsset, PROD, NEW_ROLE, ORG_DENY, REFUSED, SYSTEM_KEY, THROTTLED } from './estate.js';
import { startReplay, type Replay } from './replay-server.js';

/**
 * `leakpath collect gcp` with the real googleapis clients, through the CLI, against a loopback
 * server replaying Google's documented answers: paging tokens, one 429 with Retry-After, one 403
 * (a coverage gap), a disabled project skipped; --save-raw then ingest gives the same graph.
 */
const readTree = (dir: string): string => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => readFileSync(path.join(d.parentPath, d.name), 'utf8')).join('\n');

let replay: Replay;
beforeAll(async () => {
  replay = await startReplay(gcpRoutes());
});
afterAll(() => replay.close());

describe('leakpath collect gcp (googleapis against a loopback replay)', () => {
  it('pages, waits out a 429, records the 403 as a gap; --save-raw then ingest gives the same graph', async () => {
    const dir = tempDir('leakpath-gcp-live-');
    const live = path.join(dir, 'live');
    const raw = path.join(dir, 'raw');
    const r = await run(['--store', live, 'collect', 'gcp', '--root-url', replay.url, '--save-raw', raw, '--max-wait', '10'], { GOOGLE_OAUTH_ACCESS_TOKEN: ACCESS_TOKEN });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/gcp: organization\(s\) organizations\/100000000001; 2 project\(s\); \d+ files; 1 coverage gap\(s\)/);
    expect(r.stderr).toMatch(/projects:search: throttled, retrying in 1 s/);
    expect(r.stderr).toMatch(/workload identity pools in projects\/dev-tools: not readable \(HTTP 403\)/);

    // What the real client sent: bearer token, paging tokens followed, the throttled call repeated.
    expect(replay.seen.every((s) => s.auth === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    expect(replay.seen.filter((s) => `${s.method} ${s.path}` === THROTTLED).map((s) => s.query)).toEqual(['', '', '?pageToken=tok-2']);
    expect(replay.seen.filter((s) => s.path === '/v1/projects/prod-app/serviceAccounts')).toHaveLength(2);
    expect(replay.seen.filter((s) => s.path === '/v1/organizations/100000000001:searchAllIamPolicies')).toHaveLength(2);
    expect(replay.seen.some((s) => s.path.includes('old-thing'))).toBe(false);
    expect(replay.seen.filter((s) => `${s.method} ${s.path}` === REFUSED)).toHaveLength(1);

    // Nothing of the token anywhere.
    expect(r.stdout + r.stderr).not.toContain(ACCESS_TOKEN);
    expect(readTree(raw)).not.toContain(ACCESS_TOKEN);
    expect(readTree(live)).not.toContain(ACCESS_TOKEN);

    const a = graphOf(live);
    expect(a.nodes).toContain(`gcp:sa-key:${CI_KEY}`);
    expect(a.nodes).toContain(`gcp:sa-key:${SYSTEM_KEY}`);
    expect(a.edges.some((e) => e.includes(`gcp:sa:${CI}`) && e.includes(`gcp:sa:${ADMIN}`))).toBe(true);
    expect(a.warnings.join('\n')).toMatch(/coverage gap in projects\/dev-tools: workload identity pools: HTTP 403/);
    // The organisation's deny policy (listed, then fetched whole) takes root's setIamPolicy away.
    expect(replay.seen.some((s) => s.path === `/v2/${decodeURIComponent(ORG_DENY)}`)).toBe(true);
    expect(a.warnings.join('\n')).toMatch(/deny policy "Break-glass only" .* removes resourcemanager.projects.setIamPolicy from user:root@example.com/);
    expect(a.tierZero).not.toContain('gcp:user:root@example.com');
    // The live roles.list refreshes the predefined roles: a role the shipped data lacks grants key creation.
    expect(a.edges).toContain(`CAN_CREATE_CREDENTIAL|gcp:iam:serviceAccountKeys.create|gcp:group:rotators@example.com|gcp:sa:${CI}`);
    expect(a.warnings.join('\n')).not.toContain(NEW_ROLE);

    const replayed = path.join(dir, 'replayed');
    const ing = await run(['--store', replayed, 'ingest', raw]);
    expect(ing.code, ing.stderr).toBe(0);
    const b = graphOf(replayed);
    expect(b.nodes).toEqual(a.nodes);
    expect(b.edges).toEqual(a.edges);

    // The leaked CI key reaches the organisation's owner.
    const blast = await run(['--store', live, 'blast', CI_KEY, '--format', 'json']);
    expect(blast.code, blast.stderr).toBe(0);
    const out = JSON.parse(blast.stdout);
    expect(out.tierZero).toBe(true);
    const techniques = out.crownJewels.flatMap((j: { path: { technique?: string }[] }) => j.path.map((p) => p.technique));
    expect(techniques).toContain('gcp:iam:serviceAccounts.getAccessToken');
  });

  it('without Cloud Asset: secrets and buckets listed per project, with their policies; the refusal is a gap', async () => {
    const other = await startReplay(gcpRoutesWithoutAsset());
    try {
      const dir = tempDir('leakpath-gcp-live-');
      const raw = path.join(dir, 'raw');
      const r = await run(['--store', path.join(dir, 'live'), 'collect', 'gcp', '--root-url', other.url, '--save-raw', raw, '--max-wait', '10'], { GOOGLE_OAUTH_ACCESS_TOKEN: ACCESS_TOKEN });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/3 coverage gap\(s\)/);
      expect(r.stderr).toContain("listing each project's secrets and buckets");
      const a = graphOf(path.join(dir, 'live'));
      expect(a.edges).toContain(`CAN_READ|gcp:secretmanager:versions.access|gcp:sa:${DEPLOYER}|//secretmanager.googleapis.com/${PROD}/secrets/db-password`);
      expect(a.edges).toContain(`HAS_ACCESS|gcp:storage:objects.get|gcp:sa:${CI}|//storage.googleapis.com/prod-app-backups`);
      expect(a.warnings.join('\n')).toMatch(/Secret Manager secrets: HTTP 403/);
      const ing = await run(['--store', path.join(dir, 'replayed'), 'ingest', raw]);
      expect(ing.code, ing.stderr).toBe(0);
      expect(graphOf(path.join(dir, 'replayed')).edges).toEqual(a.edges);
    } finally {
      await other.close();
    }
  });

  it('an unreachable API: exit 3; a token and a key file together: exit 2', async () => {
    const r = await run(['--store', tempDir('leakpath-gcp-'), 'collect', 'gcp', '--root-url', 'http://127.0.0.1:9/', '--timeout', '2'], { GOOGLE_OAUTH_ACCESS_TOKEN: ACCESS_TOKEN });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).not.toContain(ACCESS_TOKEN);
    const u = await run(['--store', tempDir('leakpath-gcp-'), 'collect', 'gcp', '--key-file', '/nonexistent.json', '--root-url', replay.url], { GOOGLE_OAUTH_ACCESS_TOKEN: ACCESS_TOKEN });
    expect(u.code).toBe(2);
  });
});
