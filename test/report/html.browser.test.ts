import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChokepoints } from '../../src/query/chokepoints/chokepoints.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { blastHtml, chokepointsHtml, reportHtml } from '../../src/report/html/index.js';
import { tempDir } from '../helpers/cli.js';
import { ARTIFACTS, chromiumPath } from './browser.js';
import { demoEstate } from './estates.js';

declare global {
  interface Window {
    leakpath: { cy: import('cytoscape').Core; data: { nodes: unknown[]; paths: unknown[] } };
  }
}

/** Opens a report file from disk with every network request aborted; collects console errors and requests. */
async function open(browser: Browser, file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  const url = `file://${file}`;
  // Everything but the report file itself is aborted: the page must need nothing else.
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url);
  await page.waitForFunction(() => window.leakpath !== undefined, undefined, { timeout: 60_000 });
  return { page, errors, requests };
}

describe('HTML report in a real browser (Chromium, offline)', { timeout: 180_000 }, () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
    dir = tempDir();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 20 * 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('blast: draws the paths, highlights one on click, opens the evidence of an edge, no console errors', async () => {
    const { graph, config } = await demoEstate();
    const result = await new EmbeddedEngine(graph, config).blast('AKIABTXV5AHDZRR7VQ35');
    const file = path.join(dir, 'blast.html');
    writeFileSync(file, blastHtml(result));
    const { page, errors, requests } = await open(browser, file);

    expect(await page.evaluate(() => window.leakpath.cy.nodes().length)).toBe(6);
    expect(await page.evaluate(() => window.leakpath.cy.edges('.conditional').length)).toBe(0);

    await page.click('#paths li[data-index="0"]');
    expect(await page.getAttribute('#paths li[data-index="0"]', 'class')).toContain('active');
    const lit = await page.evaluate(() => ({ nodes: window.leakpath.cy.nodes('.hl').length, edges: window.leakpath.cy.edges('.hl').length, faded: window.leakpath.cy.elements('.faded').length }));
    expect(lit).toEqual({ nodes: 5, edges: 4, faded: 2 });

    // A real mouse click on the last hop of the path (prod-deployer → platform-admin).
    const target = await page.evaluate(() => {
      const edge = window.leakpath.cy.edges().filter((e) => e.target().data('label') === 'platform-admin')[0]!;
      const mid = edge.renderedMidpoint();
      const box = document.getElementById('cy')!.getBoundingClientRect();
      return { x: box.left + mid.x, y: box.top + mid.y };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForSelector('#panel:not([hidden])');
    const panel = await page.textContent('#panel');
    expect(panel).toContain('prod-deployer → platform-admin');
    expect(panel).toContain('trust-policy arn:aws:iam::333333333333:role/platform-admin trust policy statement #0');
    expect(panel).toContain('Walk-through');
    expect(panel).toContain('aws sts assume-role --role-arn arn:aws:iam::333333333333:role/platform-admin');
    expect(panel).toContain('Fix');

    await page.screenshot({ path: path.join(ARTIFACTS, 'blast.png') });

    // A real click on the credential: its risk, factor by factor.
    const key = await page.evaluate(() => {
      const pos = window.leakpath.cy.nodes().filter((n) => n.data('label').startsWith('AKIABTXV5AHDZRR7VQ35'))[0]!.renderedPosition();
      const box = document.getElementById('cy')!.getBoundingClientRect();
      return { x: box.left + pos.x, y: box.top + pos.y };
    });
    await page.mouse.click(key.x, key.y);
    await page.waitForFunction(() => document.getElementById('panel')!.textContent!.includes('tier-zero +70:'));
    expect(await page.textContent('#panel')).toContain('critical 88/100 (tier-zero +70, crown-jewels +10, lateral-movement +8)');

    await page.fill('#search', 'deploy-hub');
    expect(await page.evaluate(() => window.leakpath.cy.nodes('.match').map((n) => n.data('label')))).toEqual(['deploy-hub']);

    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
  });

  it('report and chokepoints pages render offline without errors', async () => {
    const { graph, config } = await demoEstate();
    const engine = new EmbeddedEngine(graph, config);
    const all = await Promise.all((await engine.credentials()).map((c) => engine.blast(c.id)));
    for (const [name, html] of [
      ['report', reportHtml(all)],
      ['chokepoints', chokepointsHtml(await findChokepoints(graph, config, { top: 5 }))],
    ] as const) {
      const file = path.join(dir, `${name}.html`);
      writeFileSync(file, html);
      const { page, errors, requests } = await open(browser, file);
      const counts = await page.evaluate(() => ({ drawn: window.leakpath.cy.nodes().length, data: window.leakpath.data.nodes.length, paths: window.leakpath.data.paths.length }));
      expect(counts.drawn).toBe(counts.data);
      expect(counts.drawn).toBeGreaterThan(0);
      await page.click('#paths li[data-index="0"]');
      expect(await page.evaluate(() => window.leakpath.cy.edges('.hl').length)).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      await page.close();
    }
  });
});
