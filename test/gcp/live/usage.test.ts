import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { exportedSnapshot } from '../../helpers/snapshot.js';
import { graphOf, run } from './cli.js';
import { ACCESS_TOKEN, CI, CI_KEY, DEPLOYER, gcpRoutesWithUsage, USAGE_REFUSED } from './estate.js';
import { startReplay, type Replay } from './replay-server.js';

/**
 * `leakpath collect gcp` reads each project's usage with the real googleapis clients (policyanalyzer
 * v1 activities.query, recommender v1 insights.list) against a loopback server replaying Google's
 * documented answers: pages followed, one 403 a coverage gap (never "unused"), and --save-raw then
 * ingest gives the same usage inventory.
 */
const snapshotOf = (store: string) => exportedSnapshot(store);
const usageOf = (store: string) => snapshotOf(store).inventories.find((i) => i.provider === 'usage') as { identities: { subject: { email: string }; lastUsed?: string; role?: string; insight?: { exercised: string[]; inferred: string[] }; source: { kind: string; file: string } }[]; credentials: { nodeId: string; lastUsed?: string }[]; sources: { file: string; keyProjects?: string[] }[] } | undefined;

let replay: Replay;
beforeAll(async () => {
  replay = await startReplay(gcpRoutesWithUsage());
});
afterAll(() => replay.close());

describe('leakpath collect gcp: usage (Policy Intelligence activity, IAM policy insights)', () => {
  it('pages, records the 403 as a gap, and --save-raw then ingest gives the same usage', async () => {
    const dir = tempDir('leakpath-gcp-usage-');
    const live = path.join(dir, 'live');
    const raw = path.join(dir, 'raw');
    const r = await run(['--store', live, 'collect', 'gcp', '--root-url', replay.url, '--save-raw', raw, '--max-wait', '10'], { GOOGLE_OAUTH_ACCESS_TOKEN: ACCESS_TOKEN });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 coverage gap\(s\)/);
    expect(r.stderr).toMatch(/serviceAccountLastAuthentication .* in projects\/dev-tools: not readable \(HTTP 403\)/);

    // The real clients: the global location, paging tokens followed, the refused read asked once.
    const saPages = replay.seen.filter((s) => s.path === '/v1/projects/prod-app/locations/global/activityTypes/serviceAccountLastAuthentication/activities:query');
    expect(saPages.map((s) => new URLSearchParams(s.query).get('pageToken'))).toEqual([null, 'tok-1', 'tok-2']);
    expect(replay.seen.filter((s) => s.path === '/v1/projects/prod-app/locations/global/insightTypes/google.iam.policy.Insight/insights')).toHaveLength(2);
    expect(replay.seen.filter((s) => `${s.method} ${s.path}` === USAGE_REFUSED)).toHaveLength(1);

    const u = usageOf(live)!;
    const byEmail = (kind: string) => Object.fromEntries(u.identities.filter((i) => i.source.kind === kind).map((i) => [i.subject.email, i]));
    expect(Object.keys(byEmail('gcp-activity')).sort()).toEqual(['admin-sa@prod-app.iam.gserviceaccount.com', DEPLOYER, 'old@prod-app.iam.gserviceaccount.com']);
    expect(byEmail('gcp-activity')['old@prod-app.iam.gserviceaccount.com']!.lastUsed).toBeUndefined();
    // The refused project says nothing about its accounts: CI has no activity record at all.
    expect(byEmail('gcp-activity')[CI]).toBeUndefined();
    expect(byEmail('gcp-insight')[DEPLOYER]).toMatchObject({ role: 'roles/editor', insight: { exercised: ['storage.objects.create', 'storage.objects.delete', 'storage.objects.get', 'storage.objects.list'], inferred: ['resourcemanager.projects.get'] } });
    expect(byEmail('gcp-insight')[CI]).toMatchObject({ role: 'projects/dev-tools/roles/keyMaker', insight: { exercised: [] } });
    expect(u.credentials.find((c) => c.nodeId === `gcp:sa-key:${CI_KEY}`)!.lastUsed).toBe('2024-06-26T07:00:00.000Z');
    expect(u.sources.flatMap((s) => s.keyProjects ?? []).sort()).toEqual(['dev-tools', 'prod-app']);
    expect(graphOf(live).warnings.join('\n')).toMatch(/coverage gap in projects\/dev-tools: Policy Intelligence serviceAccountLastAuthentication .*HTTP 403/);

    // Saved as gcloud prints them; the ingest of the saved files holds the same usage.
    const saved = readdirSync(path.join(raw, 'gcp')).filter((f) => f.includes('usage-'));
    expect(saved.length).toBe(5);
    const replayed = path.join(dir, 'replayed');
    const ing = await run(['--store', replayed, 'ingest', raw]);
    expect(ing.code, ing.stderr).toBe(0);
    expect(usageOf(replayed)).toEqual(u);
    expect(graphOf(replayed).edges).toEqual(graphOf(live).edges);
    expect(readFileSync(path.join(raw, 'gcp', saved[0]!), 'utf8')).not.toContain(ACCESS_TOKEN);

    // The same findings and proposals from either store (the data is older than any window end).
    const report = async (store: string) => {
      const x = await run(['--store', store, 'unused', '--format', 'json']);
      expect(x.code, x.stderr).toBe(0);
      const j = JSON.parse(x.stdout);
      return { identities: j.identities, credentials: j.credentials, sources: j.sources };
    };
    const a = await report(live);
    expect(await report(replayed)).toEqual(a);
    // The CI account: its activity was refused, so it is never called unused; its key-maker binding, exercised nowhere, goes.
    const ci = a.identities.find((i: { id: string }) => i.id === `gcp:sa:${CI}`);
    expect(ci.note).toMatch(/no identity-level activity/);
    expect(ci.proposal.remove.map((r: { role: string }) => r.role)).toEqual(['projects/dev-tools/roles/keyMaker']);
    const md = await run(['--store', live, 'unused', '--format', 'markdown']);
    expect(md.stdout).toContain(`gcloud projects remove-iam-policy-binding 300000000002 --member='serviceAccount:${CI}' --role='projects/dev-tools/roles/keyMaker'`);
    expect(md.stdout).toMatch(/gcloud iam roles create leakpath_[0-9a-f]{12} --project=prod-app .*--permissions=resourcemanager\.projects\.get,storage\.objects\.create,storage\.objects\.delete,storage\.objects\.get,storage\.objects\.list --stage=GA/);
  });

  it('--no-usage: no usage request, no usage inventory', async () => {
    const before = replay.seen.length;
    const store = path.join(tempDir('leakpath-gcp-usage-'), 'live');
    const r = await run(['--store', store, 'collect', 'gcp', '--root-url', replay.url, '--no-usage', '--max-wait', '10'], { GOOGLE_OAUTH_ACCESS_TOKEN: ACCESS_TOKEN });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 coverage gap\(s\)/);
    expect(replay.seen.slice(before).some((s) => s.path.includes('activities:query') || s.path.includes('/insightTypes/'))).toBe(false);
    expect(usageOf(store)).toBeUndefined();
  });
});
