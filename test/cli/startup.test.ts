import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

/**
 * Start-up stays fast (~0.4 s) only while the heavy packages load inside the commands that use
 * them. A new top-level import of one silently costs seconds on every command; this test names
 * the package and the command instead of timing anything.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/leakpath.js');
const HOOK = path.join(ROOT, 'test/helpers/import-log-hook.mjs');

const HEAVY = ['googleapis', '@aws-sdk/', '@smithy/', '@azure/', '@kubernetes/client-node', '@octokit/', 'neo4j-driver', 'cytoscape', 'chart.js', 'croner', 'stream-json', 'playwright-core'];

// leakpath's own heavy parts: every parser, the analysis, the report renderers.
const HEAVY_OWN = ['dist/collectors/index.js', 'dist/src/analysis/index.js', 'dist/src/report/opengraph.js', 'dist/src/snapshot/trend-html.js'];

function packagesLoaded(args: string[]): string[] {
  const log = path.join(tempDir(), 'imports.log');
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { encoding: 'utf8', env: { ...process.env, LEAKPATH_IMPORT_LOG: log, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
  expect(existsSync(log)).toBe(true);
  const urls = readFileSync(log, 'utf8').split('\n');
  return [...HEAVY.filter((pkg) => urls.some((u) => u.includes(`/node_modules/${pkg}`))), ...HEAVY_OWN.filter((own) => urls.some((u) => u.endsWith(`/${own}`)))];
}

describe('start-up loads no heavy package, parser or analysis', () => {
  for (const args of [['--version'], ['--help'], ['blast', '--help'], ['collect', '--help'], ['report', '--help'], ['neo4j', '--help'], ['snapshot', '--help']]) {
    it(`leakpath ${args.join(' ')}`, () => {
      expect(packagesLoaded(args)).toEqual([]);
    });
  }
});
