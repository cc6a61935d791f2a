import { AggregateAuthenticationError, ChainedTokenCredential, CredentialUnavailableError, EnvironmentCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { signInFailure } from '../../collectors/azure/live/auth.js';
import { quietSdkNodeWarning } from '../../src/cli/commands/collect.js';
import { colourFor } from '../../src/cli/output.js';
import { assembleBlast } from '../../src/query/assemble.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { GraphNode } from '../../src/model/graph.js';
import { blastText } from '../../src/report/text.js';
import { blastMarkdown } from '../../src/report/markdown.js';
import { renderTable } from '../../src/report/table.js';
import { parseDocuments, readInputs } from '../../src/ingest/read-inputs.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gaad, user } from '../helpers/aws-estate.js';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('terminal output', () => {
  it('colours a terminal, not a pipe, and never with NO_COLOR', () => {
    const red = (s: { red(x: string): string }) => s.red('x');
    expect(red(colourFor({ isTTY: true }, {}))).toContain('\u001b[31m');
    expect(red(colourFor({ isTTY: false }, {}))).toBe('x');
    expect(red(colourFor({ isTTY: true }, { NO_COLOR: '1' }))).toBe('x');
    expect(red(colourFor({ isTTY: true }, { TERM: 'dumb' }))).toBe('x');
    expect(red(colourFor({ isTTY: false }, { FORCE_COLOR: '1' }))).toContain('\u001b[31m');
  });

  it('tables wrap their wrappable columns to the width', () => {
    const rows = [['a-very-long-principal-name-that-goes-on-and-on', 'CRITICAL', 'arn:aws:iam::111111111111:role/some/deep/path/role-name']];
    const out = renderTable([{ head: 'principal', wrap: true }, { head: 'risk' }, { head: 'type', wrap: true }], rows, 50);
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    expect(out.replace(/\s+/g, '')).toContain('CRITICAL');
    expect(out.split('\n').length).toBeGreaterThan(3);
  });
});

describe('SDK noise turned into one line', () => {
  it('the AWS SDK Node-version warning is silenced below Node 22, with one line of ours', () => {
    const env: NodeJS.ProcessEnv = {};
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (lines.push(s), true)) as typeof process.stderr.write;
    try {
      quietSdkNodeWarning(env, '20.20.2');
      quietSdkNodeWarning({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' }, '20.1.0');
      quietSdkNodeWarning({}, '22.3.0');
    } finally {
      process.stderr.write = write;
    }
    expect(env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.trim().split('\n')).toHaveLength(1);
    expect(lines[0]).toContain('Node 22');
  });

  it("an Azure credential chain's failure (the real @azure/identity errors) is one line with what to do", async () => {
    // The chain's own message lists every credential it tried, one line each.
    const chained = await new ChainedTokenCredential(new EnvironmentCredential({})).getToken('https://graph.microsoft.com/.default').catch((e: unknown) => e);
    for (const e of [chained, new CredentialUnavailableError('EnvironmentCredential is unavailable.\nline two'), new AggregateAuthenticationError([], 'x\ny')]) {
      const err = signInFailure(e)!;
      expect(err.exitCode).toBe(3);
      expect(err.message.split('\n')).toHaveLength(1);
      expect(err.message).toContain('az login');
    }
    expect(signInFailure(new Error('ECONNRESET'))).toBeUndefined();
  });
});

describe('tier-zero proof in reports', () => {
  const evidence = { summary: 'can put an inline policy on itself', refs: [{ type: 'identity-policy' as const, source: 'arn:aws:iam::1:user/u inline policy p', statement: '#0' }] };
  const u: GraphNode = {
    id: 'arn:aws:iam::111111111111:user/u',
    kind: 'Identity',
    provider: 'aws',
    type: 'aws:iam:user',
    name: 'u',
    tags: {},
    props: {},
    tierZero: { reason: 'can put an inline policy on itself', technique: 'aws:iam:PutUserPolicy', evidence, conditional: true, conditions: 'aws:SourceIp IpAddress 203.0.113.0/24' },
  };

  it('a conditional tier-zero mark with condition text carries it to JSON, text and markdown', () => {
    const r = assembleBlast({ credential: u, reached: [], truncated: false }, EMPTY_CONFIG);
    expect(r.crownJewels[0]).toMatchObject({ hops: 0, conditional: true, tierZero: { conditions: 'aws:SourceIp IpAddress 203.0.113.0/24' } });
    expect(blastText(r)).toContain('only if: aws:SourceIp IpAddress 203.0.113.0/24');
    expect(blastMarkdown(r)).toContain('only if: aws:SourceIp IpAddress 203.0.113.0/24');
  });
});

describe('documents of unknown format', () => {
  it('are refused unless skippable, then listed as skipped', () => {
    expect(() => parseDocuments([{ file: 'regions.json', json: { Regions: [] } }])).toThrow(/regions\.json: expected a known export format \(listed in docs\/aws-offline-format\.md/);
    const r = parseDocuments([{ file: 'regions.json', json: { Regions: [] }, skippable: true }]);
    expect(r.skipped).toEqual([{ file: 'regions.json', reason: 'not a known export format' }]);
  });

  it('JSON Lines files are read one value per line, and a bad line is named', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-jsonl-'));
    writeFileSync(path.join(dir, 'gaad.json'), JSON.stringify(gaad({ users: [user('111111111111', 'u')] })));
    writeFileSync(path.join(dir, 'events.ndjson'), '{"a":1}\n{"b":2}\n');
    const r = await readInputs([dir]);
    expect(r.skipped).toEqual([{ file: path.join(dir, 'events.ndjson'), reason: 'not a known export format' }]);
    writeFileSync(path.join(dir, 'broken.jsonl'), '{"a":1}\n{"b":\n');
    await expect(readInputs([dir])).rejects.toThrow(/broken\.jsonl: at line 2: expected one JSON value per line/);
  });
});
