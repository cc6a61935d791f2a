/**
 * Names and tags come from the inputs, and an input can be crafted: escape sequences in a role
 * name or tag (set the window title, clear the screen, hide text, reverse the line with bidi
 * overrides) must reach no terminal raw, in any text or Markdown output.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/report/terminal-safe.js';
import { ANSI_STYLE } from '../../src/report/style.js';
import { ADMIN, accessKeys, gaad, role, trustAws, user } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';

const A = '111111111111';
const HOSTILE = 'x\u001b]0;pwned\u0007\u001b[2J\u001b[8mhidden\u202e';

describe('control sequences from the inputs', () => {
  it('are shown escaped; leakpath\'s own colours are kept', () => {
    expect(terminalSafe(HOSTILE)).toBe('x\\x1b]0;pwned\\x07\\x1b[2J\\x1b[8mhidden\\u202e');
    expect(terminalSafe(ANSI_STYLE.bold(ANSI_STYLE.red('critical')))).toBe(ANSI_STYLE.bold(ANSI_STYLE.red('critical')));
    expect(terminalSafe('a\n\tb')).toBe('a\n\tb');
  });

  it('never reach the terminal raw: blast, paths, who-can-reach, report, chokepoints (built CLI)', () => {
    const dir = tempDir('leakpath-escapes-');
    const store = path.join(dir, 'store');
    const roleName = `admin${HOSTILE}`;
    writeFileSync(
      path.join(dir, 'gaad.json'),
      JSON.stringify(gaad({ users: [user(A, 'ci', { inline: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }, tags: { team: HOSTILE } })], roles: [role(A, roleName, trustAws(`arn:aws:iam::${A}:root`), { attached: [ADMIN], tags: { owner: HOSTILE } })] })),
    );
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(accessKeys('ci', { id: 'AKIAESCAPESAAAAAAAAA' })));
    const ing = leakpath(['--store', store, 'ingest', dir]);
    expect(ing.code, ing.stderr).toBe(0);
    const roleArn = `arn:aws:iam::${A}:role/${roleName}`;
    const outputs = [
      leakpath(['--store', store, 'blast', 'AKIAESCAPESAAAAAAAAA']),
      leakpath(['--store', store, 'blast', 'AKIAESCAPESAAAAAAAAA', '--format', 'markdown']),
      leakpath(['--store', store, 'paths', '--from', 'AKIAESCAPESAAAAAAAAA', '--to', roleArn]),
      leakpath(['--store', store, 'who-can-reach', roleArn]),
      leakpath(['--store', store, 'report', '--all-credentials']),
      leakpath(['--store', store, 'chokepoints']),
    ];
    for (const r of outputs) expect(r.code, r.stderr).toBe(0);
    const all = [ing, ...outputs].map((r) => r.stdout + r.stderr).join('\n');
    expect(all).toContain('\\x1b]0;pwned');
    // eslint-disable-next-line no-control-regex
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  }, 120_000);
});
