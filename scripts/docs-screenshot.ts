/**
 * Regenerates docs/images/html-report.png (the HTML report in docs/reports.md and the README):
 * `node --import tsx scripts/docs-screenshot.ts`. Needs Chromium (scripts/test-servers/chromium/setup.sh).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { analyse } from '../src/analysis/index.js';
import { loadConfig } from '../src/config/config.js';
import { readInputs } from '../src/ingest/read-inputs.js';
import { EmbeddedEngine } from '../src/query/embedded/engine.js';
import { blastHtml } from '../src/report/html/index.js';
import { chromiumPath } from '../test/report/browser.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = await readInputs([path.join(ROOT, 'examples/demo-estate')]);
// A fixed analysis time, so the picture (risk factors, credential age) does not change from day to day.
const at = new Date('2026-06-01T00:00:00Z');
const engine = new EmbeddedEngine(analyse(read.inventories, { at }).graph, await loadConfig(path.join(ROOT, 'examples/demo-config.yaml')), { at });
const file = path.join(tmpdir(), 'leakpath-docs-report.html');
writeFileSync(file, blastHtml(await engine.blast('AKIABTXV5AHDZRR7VQ35')));

const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 660 } });
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => (window as unknown as { leakpath?: unknown }).leakpath !== undefined);
  await page.click('#paths li[data-index="0"]');
  const at = await page.evaluate(() => {
    const cy = (window as unknown as { leakpath: { cy: import('cytoscape').Core } }).leakpath.cy;
    const mid = cy.edges().filter((e) => e.target().data('label') === 'platform-admin')[0]!.renderedMidpoint();
    const box = document.getElementById('cy')!.getBoundingClientRect();
    return { x: box.left + mid.x, y: box.top + mid.y };
  });
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('#panel:not([hidden])');
  await page.screenshot({ path: path.join(ROOT, 'docs/images/html-report.png') });
  console.log('docs/images/html-report.png regenerated');
} finally {
  await browser.close();
}
