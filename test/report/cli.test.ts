import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakpath, tempDir } from '../helpers/cli.js';
import { ROOT } from './estates.js';
import { sarifValidator } from './schemas.js';

const CONFIG = path.join(ROOT, 'examples/demo-config.yaml');
const CI_KEY = 'AKIABTXV5AHDZRR7VQ35';

// Each case spawns the CLI several times; on a shared 2-core machine one spawn can take seconds.
describe('chokepoints and --without from the CLI (demo estate)', { timeout: 300_000 }, () => {
  let store: string;
  const run = (...args: string[]) => leakpath(['--store', store, '--config', CONFIG, ...args]);
  beforeAll(() => {
    store = tempDir();
    const r = leakpath(['--store', store, 'ingest', path.join(ROOT, 'examples/demo-estate')]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('names the fix that cuts the most paths, and --without proves it', () => {
    const r = run('chokepoints', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const top = result.chokepoints[0];
    expect(top.fix.summary).toBe('Remove or narrow statement #0 of the inline policy ci-assume of group ci.');

    const before = JSON.parse(run('blast', CI_KEY, '--format', 'json').stdout);
    const after = run('blast', CI_KEY, '--format', 'json', '--without', top.id);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).toContain('what-if: 2 edge(s) left out');
    const cutJewels = top.paths.filter((p: { credential: { name: string } }) => p.credential.name === CI_KEY).map((p: { jewel: { id: string } }) => p.jewel.id);
    expect(before.crownJewels.map((j: { id: string }) => j.id)).toEqual(expect.arrayContaining(cutJewels));
    expect(JSON.parse(after.stdout).crownJewels.map((j: { id: string }) => j.id)).toEqual(before.crownJewels.map((j: { id: string }) => j.id).filter((id: string) => !cutJewels.includes(id)));

    const again = JSON.parse(run('chokepoints', '--format', 'json', '--without', top.id).stdout);
    expect(again.without).toEqual({ specs: [top.id], edgesRemoved: 2 });
    expect(again.totals.paths).toBe(result.totals.paths - top.pathsCut);
    expect(again.chokepoints.map((c: { id: string }) => c.id)).not.toContain(top.id);

    // Other credentials are untouched.
    const report = (args: string[]) => JSON.parse(run('report', '--format', 'json', ...args).stdout).credentials.filter((c: { credential: { name: string } }) => c.credential.name !== CI_KEY);
    expect(report(['--without', top.id])).toEqual(report([]));
  });

  it('report and blast --format sarif --output FILE write a valid SARIF 2.1.0 log', () => {
    const file = path.join(tempDir(), 'leakpath.sarif');
    const r = run('report', '--format', 'sarif', '--output', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const validate = sarifValidator();
    const log = JSON.parse(readFileSync(file, 'utf8'));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.runs[0].results.length).toBe(4);
    const blast = run('blast', CI_KEY, '--format', 'sarif');
    expect(blast.code, blast.stderr).toBe(0);
    expect(JSON.parse(blast.stdout).runs[0].results).toHaveLength(2);
  });

  it('blast --format html --output k.html writes one self-contained page with the paths', () => {
    const file = path.join(tempDir(), 'k.html');
    const r = run('blast', CI_KEY, '--format', 'html', '--output', file);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('"label":"AKIABTXV5AHDZRR7VQ35 → platform-admin"');
  });

  it('an unknown --format is a usage error naming the choices', () => {
    const r = run('blast', CI_KEY, '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of');
  });

  it('an unknown --without is a usage error (exit 2)', () => {
    const r = run('blast', CI_KEY, '--without', 'no-such-thing');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('names no edge id, technique or evidence reference');
  });
});
