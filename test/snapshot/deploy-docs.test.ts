import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('docker-compose.yml: the scheduled-snapshot service', () => {
  it('runs `leakpath schedule` beside Neo4j once it is healthy, stops on SIGTERM, keeps secrets in the environment', () => {
    const doc = parseDocument(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
    expect(doc.errors).toEqual([]);
    const compose = doc.toJS() as { services: Record<string, { profiles?: string[]; command: string[]; environment: Record<string, string>; depends_on: Record<string, { condition: string }>; stop_signal: string; volumes: string[] }>; volumes: Record<string, unknown> };
    const s = compose.services.snapshots!;
    expect(s.profiles).toEqual(['snapshots']);
    expect(s.command.slice(0, 2)).toEqual(['node', 'bin/leakpath.js']);
    expect(s.command).toContain('schedule');
    expect(s.command[s.command.indexOf('--cron') + 1]).toMatch(/^\$\{LEAKPATH_CRON:-.+\}$/);
    expect(s.depends_on.neo4j).toEqual({ condition: 'service_healthy' });
    expect(s.stop_signal).toBe('SIGTERM');
    expect(s.environment.NEO4J_PASSWORD).toMatch(/^\$\{NEO4J_PASSWORD:\?/);
    expect(s.volumes).toContain('leakpath-store:/data');
    expect(Object.keys(compose.volumes)).toContain('leakpath-store');
  });
});

describe('docs/snapshots.md', () => {
  it('its metric reference is generated from the definitions and up to date (run `npm run docs`)', async () => {
    const { withMetricsDocs } = await import('../../src/snapshot/render-docs.js');
    const doc = readFileSync(path.join(ROOT, 'docs/snapshots.md'), 'utf8');
    expect(doc).toBe(withMetricsDocs(doc));
    const { METRICS } = await import('../../src/snapshot/definitions.js');
    for (const m of METRICS) expect(doc).toContain(`\`${m.id}\``);
  });
});
