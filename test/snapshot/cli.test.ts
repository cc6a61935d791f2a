import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../src/snapshot/definitions.js';
import { leakpath, tempDir } from '../helpers/cli.js';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NEW_KEY = 'AKIABTXV5AHDNEWKEY22';
const CHATOPS_KEYS = '111111111111-dev-access-keys-chatops-bot.json';
const LEGACY_KEYS = '111111111111-dev-access-keys-legacy-backup.envelope.json';

/**
 * Acceptance (issue 14): `leakpath snapshot` twice on the demo estate with a change in between —
 * a second key for the self-escalating chatops-bot, the legacy backup key deactivated — then
 * `leakpath diff` shows the change and the direction of each metric.
 */
describe('snapshot twice, then diff (CLI)', () => {
  let dir: string;
  const cli = (...args: string[]) => leakpath(['--store', path.join(dir, 'store'), '--config', path.join(dir, 'leakpath.config.yaml'), ...args]);
  beforeAll(() => {
    dir = tempDir();
    cpSync(path.join(ROOT, 'examples/demo-estate'), path.join(dir, 'estate'), { recursive: true });
    writeFileSync(
      path.join(dir, 'leakpath.config.yaml'),
      ['crownJewels:', '  - { tag: classification=restricted, reason: restricted data }', 'sources:', '  - name: demo', '    offline: estate', '  - name: vendor-drop', '    offline: not-delivered-yet', 'retention: { keepLast: 5 }', ''].join('\n'),
    );
    const first = cli('snapshot');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/demo \(offline\): ok, aws/);
    expect(first.stdout).toMatch(/vendor-drop \(offline\): failed: .*not-delivered-yet/);

    const chatops = JSON.parse(readFileSync(path.join(dir, 'estate', CHATOPS_KEYS), 'utf8'));
    chatops.AccessKeyMetadata.push({ UserName: 'chatops-bot', AccessKeyId: NEW_KEY, Status: 'Active', CreateDate: '2019-05-05T09:00:00Z' });
    writeFileSync(path.join(dir, 'estate', CHATOPS_KEYS), JSON.stringify(chatops));
    const legacy = JSON.parse(readFileSync(path.join(dir, 'estate', LEGACY_KEYS), 'utf8'));
    legacy.output.AccessKeyMetadata[1].Status = 'Inactive';
    writeFileSync(path.join(dir, 'estate', LEGACY_KEYS), JSON.stringify(legacy));
    const second = cli('snapshot');
    expect(second.code, second.stderr).toBe(0);
  });

  it('diff (default: the last two) shows the new key, its new tier-zero path and each metric direction', () => {
    const r = cli('diff');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('NEW TIER-ZERO PATHS: 1');
    expect(r.stdout).toContain(`+ ${NEW_KEY} → chatops-bot (tier zero)`);
    expect(r.stdout).toMatch(/Credentials reaching tier zero\s+2 → 3\s+\+1\s+✗ worse/);
    expect(r.stdout).toMatch(/Admin-equivalent NHIs\s+4 → 4\s+0\s+= same/);
  });

  it('json: every metric has a direction; markdown: the maturity table', () => {
    const json = JSON.parse(cli('diff', '--format', 'json').stdout);
    const overall = json.metrics.filter((m: { scope: string }) => m.scope === 'overall');
    expect(overall.length).toBeGreaterThan(10);
    for (const m of overall) expect(['better', 'worse', 'same', 'not collected']).toContain(m.direction);
    expect(json.credentials.added.map((c: { id: string }) => c.id)).toEqual([`aws:access-key:${NEW_KEY}`]);
    expect(cli('diff', '--format', 'markdown').stdout).toMatch(/\| Credentials reaching tier zero \| overall \| 2 \| 3 \| \+1 \| ✗ worse \|/);
  });

  it('--fail-on new-tier-zero-paths exits 1 with the reason on stderr; the reverse diff exits 0', () => {
    const r = cli('diff', '--fail-on', 'new-tier-zero-paths');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`new-tier-zero-paths: 1 new credential → tier-zero path\\(s\\) in .*${NEW_KEY}`));
    const ids = cli('snapshots').stdout.trim().split('\n').map((l) => l.trim().replace(/^\* /, '').split(/\s+/)[0]!);
    const back = cli('diff', ids[1]!, ids[0]!, '--fail-on', 'new-tier-zero-paths');
    expect(back.code, back.stderr).toBe(0);
  });

  it('bad --fail-on and a store with one snapshot are usage errors (exit 2)', () => {
    expect(cli('diff', '--fail-on', 'everything').code).toBe(2);
    const lone = leakpath(['--store', tempDir(), 'diff']);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toMatch(/diff needs two snapshots/);
  });

  it('trend --format html shows the change and each metric direction, and its charts render offline', async () => {
    const out = path.join(dir, 'trend.html');
    const r = cli('trend', '--format', 'html', '--output', out);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    const row = (title: string) => new RegExp(`<tr><td>${title}</td><td class="n">([^<]*)</td><td class="n">([^<]*)</td><td class="(\\w+)">([^<]*)</td>`).exec(html);
    expect(row('Credentials reaching tier zero')?.slice(1)).toEqual(['2', '3', 'worse', '✗ worse']);
    for (const m of METRICS) expect(row(m.title.replace(/[()%]/g, (c) => `\\${c}`)), m.id).not.toBeNull();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.route('**/*', (route) => route.abort());
      const errors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent(html, { waitUntil: 'load' });
      await page.waitForSelector(`body[data-rendered="${METRICS.length}"]`);
      const tierZero = await page.evaluate(() => {
        const c = document.querySelector('canvas[data-metric="blast.tier-zero-credentials"]') as HTMLCanvasElement;
        return (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { datasets: { data: unknown[] }[] } } } }).Chart.getChart(c).data.datasets[0]!.data;
      });
      expect(tierZero).toEqual([2, 3]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
    const md = cli('trend');
    expect(md.stdout).toMatch(/\| Credentials reaching tier zero \| `▁█` \| 2 \| 2 \| 3 \| ✗ worse \| ✗ worse \|/);
  }, 300_000);

  it('a config without usable sources exits non-zero and writes nothing', () => {
    const d = tempDir();
    writeFileSync(path.join(d, 'c.yaml'), 'sources:\n  - offline: nowhere\n');
    const r = leakpath(['--store', path.join(d, 'store'), '--config', path.join(d, 'c.yaml'), 'snapshot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing usable was collected/);
    expect(leakpath(['--store', path.join(d, 'store'), 'snapshots']).stdout).toMatch(/no snapshots/);
  });
});
