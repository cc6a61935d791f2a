/**
 * Every wildcard matcher whose pattern comes from an input or the config (IAM Action and Resource,
 * StringLike conditions, ARM actions, GitHub branch filters, crown-jewel selectors): the same
 * answers as the regexes they replaced on generated patterns, and a decision — not a hang — on
 * patterns of thousands of `*` or a dozen `*` spread over a long text (a backtracking regex of
 * either never finished).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../src/analysis/aws/policy/conditions.js';
import { foldCase } from '../../src/glob.js';
import { matchAction, matchResource } from '../../src/analysis/aws/policy/match.js';
import { actionMatches } from '../../src/analysis/azure/permissions.js';
import { globMatch as branchMatch } from '../../src/analysis/github/glob.js';
import type { Config } from '../../src/config/config.js';
import type { GraphNode } from '../../src/model/graph.js';
import { crownJewelReason } from '../../src/query/crown-jewels.js';
import { ADMIN, accessKeys, gaad, role, trustAws, user } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';

// The regexes the matchers used before, kept here as the reference.
const esc = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
const iamRegex = (p: string, flags = '') => new RegExp(`^${esc(p).replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);
const arnRegex = (p: string) => {
  const parts = p.split(':');
  const field = (seg: string, any: string, one: string) => esc(seg).replace(/\*/g, any).replace(/\?/g, one);
  return new RegExp(`^${parts.slice(0, 5).map((s) => field(s, '[^:]*', '[^:]')).join(':')}:${field(parts.slice(5).join(':'), '.*', '.')}$`);
};
const armRegex = (p: string) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
const branchRegex = (pattern: string) => {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '.';
    else re += esc(c);
  }
  return new RegExp(`^${re}$`);
};

const A = '111111111111';
const KEY = 'AKIAGLOBTESTAAAAAAAA';
const node = (id: string, name = id): GraphNode => ({ id, kind: 'Identity', provider: 'aws', type: 'aws:role', name, tags: {}, props: {} });
const jewel = (selector: Config['crownJewels'][number], n: GraphNode) => crownJewelReason(n, { crownJewels: [selector] } as Config) !== undefined;
const like = (pattern: string, value: string) => evaluateCondition({ StringLike: { 'aws:PrincipalTag/team': pattern } }, () => [[value]]) === 'true';

const text = (chars: string[], maxLength: number) => fc.string({ unit: fc.constantFrom(...chars), maxLength });
// Kelvin sign, long s and dotted I: where the regex `i` flag and toLowerCase disagree.
const LETTERS = ['a', 'b', 'A', 'k', 'K', 'K', 's', 'ſ', 'S', 'İ', 'i', ':', '/', '.'];
const RUNS = { numRuns: 3000, seed: 16 };

describe('wildcard matchers answer as the regexes they replace', () => {
  it('IAM Action (ASCII and not), Resource (ARN-shaped or not), StringLike', () => {
    const pattern = text([...LETTERS, '*', '?'], 14);
    const subject = text(LETTERS, 18);
    fc.assert(
      fc.property(pattern, subject, (p, t) => {
        expect(matchAction(p, t)).toBe(p === '*' || iamRegex(p, 'i').test(t));
        expect(like(p, t)).toBe(iamRegex(p, 's').test(t));
        const arnP = `arn:aws:s3:${p}`;
        const arnT = `arn:aws:s3:${t}`;
        const shaped = (s: string) => s.split(':').length >= 6;
        const expected = !shaped(arnP) ? iamRegex(arnP).test(arnT) : shaped(arnT) ? arnRegex(arnP).test(arnT) : iamRegex(arnP).test(arnT);
        expect(matchResource(arnP, arnT)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('ARM actions (`?` a plain character), GitHub branch filters, crown-jewel selectors', () => {
    fc.assert(
      fc.property(text([...LETTERS, '*', '?'], 14), text([...LETTERS, '?'], 18), (p, t) => {
        expect(actionMatches(p, t)).toBe(armRegex(p).test(t));
        expect(branchMatch(p, t)).toBe(branchRegex(p).test(t));
        expect(jewel({ name: p }, node('x', t))).toBe(iamRegex(p).test(t));
      }),
      RUNS,
    );
  });

  it('a text holding `*` is matched as text: `*a` is not decided by the first `*` it meets', () => {
    expect(matchResource('arn:aws:s3:::*a', 'arn:aws:s3:::*xa')).toBe(true);
    expect(matchAction('s3:*a', 's3:*xa')).toBe(true);
    expect(matchAction('s3:*a', 's3:*xb')).toBe(false);
  });

  it('case folding is the regex flag\'s, not toLowerCase\'s', () => {
    expect(foldCase('\u212a')).toBe('\u212a');
    expect(matchAction('s3:\u212a*', 's3:k')).toBe(false);
    expect(matchAction('s3:é*', 's3:ÉTAT')).toBe(true);
    expect(actionMatches('Microsoft.Storage/*/read', 'microsoft.storage/storageAccounts/READ')).toBe(true);
    expect(actionMatches('Microsoft.Storage/?/read', 'Microsoft.Storage/x/read')).toBe(false);
  });
});

describe('hostile patterns are decided, not left hanging', () => {
  const thousands = '*'.repeat(5000) + 'b';
  const dozen = '*a'.repeat(12) + '*b';
  const long = 'a'.repeat(5000);

  for (const [name, match] of [
    ['IAM Action', (p: string, t: string) => matchAction(`s3:${p}`, `s3:${t}`)],
    ['IAM Action, not ASCII', (p: string, t: string) => matchAction(`s3:é${p}`, `s3:é${t}`)],
    ['IAM Resource (ARN)', (p: string, t: string) => matchResource(`arn:aws:s3:::${p}`, `arn:aws:s3:::${t}`)],
    ['StringLike', like],
    ['ARM action', actionMatches],
    ['GitHub branch filter', branchMatch],
    ['crown-jewel selector', (p: string, t: string) => jewel({ id: `arn:${p}` }, node(`arn:${t}`))],
  ] as const) {
    it(`${name}: 5,000 stars, and a dozen over 5,000 characters`, () => {
      const started = Date.now();
      expect(match(thousands, long)).toBe(false);
      expect(match(thousands, `${long}b`)).toBe(true);
      expect(match(dozen, long)).toBe(false);
      expect(match(dozen, `${long}b`)).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  }

  it('a config crown-jewel glob of 5,000 `*` through the built CLI: blast answers, the glob applied', () => {
    const dir = tempDir('leakpath-glob-');
    writeFileSync(path.join(dir, 'gaad.json'), JSON.stringify(gaad({ users: [user(A, 'ci', { attached: [ADMIN] })], roles: [role(A, 'data-ci', trustAws(`arn:aws:iam::${A}:root`)), role(A, 'web', trustAws(`arn:aws:iam::${A}:root`))] })));
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(accessKeys('ci', { id: KEY })));
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, `crownJewels:\n  - { id: "${'*'.repeat(5000)}nothing", reason: zz-unmatched-glob }\n  - { name: "*${'*'.repeat(5000)}-ci", reason: by name }\n`);
    const store = path.join(dir, 'store');
    expect(leakpath(['--store', store, 'ingest', dir]).code).toBe(0);
    const r = leakpath(['--store', store, '--config', config, 'blast', KEY, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const jewels = (JSON.parse(r.stdout) as { crownJewels: { id: string }[] }).crownJewels.map((j) => j.id);
    expect(jewels).toContain(`arn:aws:iam::${A}:role/data-ci`);
    expect(jewels).not.toContain(`arn:aws:iam::${A}:role/web`);
    expect(r.stdout).not.toContain('zz-unmatched-glob');
    expect(r.stdout).toContain('by name');
  }, 120_000);
});
