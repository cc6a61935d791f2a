import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { METRICS } from '../../src/snapshot/definitions.js';
import { buildTrend, sparkline, trendMarkdown, type Trend } from '../../src/snapshot/trend.js';
import { trendHtml } from '../../src/snapshot/trend-html.js';
import { launchChromium } from '../helpers/chromium.js';
import { estateAfter, estateBefore, snapshotOf } from './helpers.js';

async function threeSnapshots(): Promise<Trend> {
  return buildTrend(
    [
      snapshotOf(estateBefore(), { id: 's1', at: '2026-01-01T00:00:00.000Z' }),
      snapshotOf(estateAfter(), { id: 's2', at: '2026-01-08T00:00:00.000Z' }),
      snapshotOf(estateAfter(), {
        id: 's3',
        at: '2026-01-15T00:00:00.000Z',
        run: { sourceStatus: [{ name: 'vendor', type: 'offline', status: 'failed', providers: [], gaps: [], error: 'missing' }] },
      }),
    ],
    EMPTY_CONFIG,
  );
}

describe('trend: metrics over snapshots', () => {
  it('one value per snapshot per metric; directions against the previous and the first', async () => {
    const t = await threeSnapshots();
    expect(t.snapshots.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    const tz = t.metrics.find((m) => m.id === 'standing-privilege.tier-zero-nhis')!;
    expect(tz.overall).toEqual([2, 1, 1]);
    expect(tz.bySource.aws).toEqual([2, 1, 1]);
    expect(tz).toMatchObject({ latest: 'same', sinceFirst: 'better' });
    const overdue = t.metrics.find((m) => m.id === 'rotation.overdue')!;
    expect(overdue.overall).toEqual([1, 0, 0]);
    expect(t.metrics.find((m) => m.id === 'unused.credentials')).toMatchObject({ overall: [null, null, null], latest: 'not collected' });
    const md = trendMarkdown(t);
    expect(md).toMatch(/\| Admin-equivalent NHIs \| `█▁▁` \| 2 \| 1 \| 1 \| = same \| ✓ better \|/);
    expect(md).toContain('`s3`: vendor');
  });

  it('sparkline scales to the series and leaves gaps', () => {
    expect(sparkline([0, 5, 10])).toBe('▁▅█');
    expect(sparkline([3, null, 3])).toBe('▄ ▄');
    expect(sparkline([null])).toBe('');
  });
});

describe('trend page in headless Chromium (no network)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 1_000_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders one line chart per metric with one point per snapshot, no console errors, no requests', async () => {
    const t = await threeSnapshots();
    const html = trendHtml(t);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/cdn\.|unpkg|jsdelivr/);
    const context = await browser.newContext();
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(html, { waitUntil: 'load', timeout: 60_000 });
    await page.waitForSelector(`body[data-rendered="${METRICS.length}"]`, { timeout: 60_000 });
    const charts = await page.evaluate(() => {
      const Chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { labels: unknown[]; datasets: { label: string; data: unknown[] }[] } } | undefined } }).Chart;
      return [...document.querySelectorAll('canvas')].map((c) => {
        const chart = Chart.getChart(c);
        return { metric: c.dataset.metric, width: c.width, labels: chart?.data.labels.length, points: chart?.data.datasets.map((d) => d.data.length), overall: chart?.data.datasets[0]?.data };
      });
    });
    expect(charts.map((c) => c.metric)).toEqual(METRICS.map((m) => m.id));
    for (const c of charts) {
      expect(c.labels, c.metric).toBe(3);
      expect(c.points, c.metric).toEqual([3]);
      expect(c.width, c.metric).toBeGreaterThan(0);
    }
    expect(charts.find((c) => c.metric === 'standing-privilege.tier-zero-nhis')!.overall).toEqual([2, 1, 1]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });
});
