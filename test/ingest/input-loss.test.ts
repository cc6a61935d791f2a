/**
 * Nothing of the input is lost without a word: symbolic links inside an input directory are
 * followed, ones that leave it (or lead nowhere) are skipped with the reason; records that
 * describe one object differently (a role's trust in two GAADs, a key under two users, a key
 * Active and Inactive) are conflicts, warned with both files and a documented winner.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import type { AwsInventory } from '../../src/model/inventory/index.js';
import { ADMIN, accessKeys, gaad, role, trustAws, user } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';
import { readInputsFromJson } from '../helpers/inputs.js';

const A = '111111111111';
const dir = tempDir('leakpath-input-loss-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (file: string, json: unknown) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(json));
};

describe('symbolic links in an input directory', () => {
  const root = path.join(dir, 'links');
  const outside = path.join(dir, 'elsewhere');
  write(path.join(root, 'a/gaad.json'), gaad({ users: [user(A, 'ci', { attached: [ADMIN] })] }));
  write(path.join(root, 'z/keys.json'), accessKeys('ci', { id: 'AKIAZZZZZZZZZZZZZZZZ' }));
  write(path.join(outside, 'keys.json'), accessKeys('ci', { id: 'AKIAOUTSIDEAAAAAAAAA' }));
  symlinkSync(outside, path.join(root, 'b-outside'));
  symlinkSync(path.join(root, 'a/gaad.json'), path.join(root, 'c.json'));
  symlinkSync(path.join(root, 'z'), path.join(root, 'd'));
  symlinkSync(path.join(root, 'missing.json'), path.join(root, 'e.json'));
  symlinkSync(root, path.join(root, 'loop'));

  it('follows links inside the directory, once per file; refuses links out of it, with the reason', async () => {
    const read = await readInputs([root]);
    expect(read.sources.map((s) => path.relative(root, s.file))).toEqual(['a/gaad.json', 'd/keys.json']);
    const skipped = Object.fromEntries(read.skipped.map((s) => [path.relative(root, s.file), s.reason]));
    expect(Object.keys(skipped).sort()).toEqual(['b-outside', 'c.json', 'e.json', 'loop', 'z']);
    expect(skipped.z).toMatch(/the same directory as .*\/d, read once/);
    expect(skipped['b-outside']).toMatch(/outside the input directory.*not followed/);
    expect(skipped['c.json']).toMatch(/same file as .*a\/gaad\.json/);
    expect(skipped['e.json']).toMatch(/broken link/);
    const keys = (read.inventories[0] as AwsInventory).accounts[0]!.accessKeys.map((k) => k.accessKeyId);
    expect(keys).toEqual(['AKIAZZZZZZZZZZZZZZZZ']);
  });

  it('the CLI says so on stderr and keeps it in the run record', () => {
    const store = path.join(dir, 'store');
    const r = leakpath(['--store', store, 'ingest', '--format', 'json', root]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped .*b-outside: symbolic link to .*elsewhere, outside the input directory/);
    expect(JSON.parse(r.stdout).skipped).toHaveLength(5);
  }, 60_000);
});

describe('conflicting records', () => {
  const trustA = trustAws(`arn:aws:iam::${A}:root`);
  const trustB = trustAws('arn:aws:iam::999999999999:root');
  const users = [user(A, 'alice'), user(A, 'bob')];

  it('two GAADs of one account disagreeing on a role trust: warned, the later file kept', () => {
    const read = readInputsFromJson({
      'old.json': gaad({ users, roles: [role(A, 'deploy', trustA)] }),
      'new.json': gaad({ users, roles: [role(A, 'deploy', trustB)] }),
    });
    expect(read.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`conflict: role arn:aws:iam::${A}:role/deploy is described in old.json and in new.json with different trustPolicy; the later description \\(new.json\\) is kept`)),
        expect.stringMatching(new RegExp(`conflict: account ${A} is described by 2 authorization-details exports that disagree on 1 object`)),
      ]),
    );
    const deploy = (read.inventories[0] as AwsInventory).accounts[0]!.roles.find((r) => r.name === 'deploy')!;
    expect(JSON.stringify(deploy.trustPolicy)).toContain('999999999999');
  });

  it('the same role twice in one file: warned', () => {
    const read = readInputsFromJson({ 'gaad.json': gaad({ users, roles: [role(A, 'deploy', trustA), role(A, 'deploy', trustB)] }) });
    expect(read.warnings.join('\n')).toMatch(/role arn:aws:iam::111111111111:role\/deploy is described twice in gaad.json with different trustPolicy/);
  });

  it('agreeing GAADs (or ones differing only in last use) give no warning', () => {
    const read = readInputsFromJson({ 'a.json': gaad({ users, roles: [role(A, 'deploy', trustA)] }), 'b.json': gaad({ users, roles: [role(A, 'deploy', trustA)] }) });
    expect(read.warnings).toEqual([]);
  });

  it('one key under two users: warned, the later listing kept', () => {
    const read = readInputsFromJson({
      'gaad.json': gaad({ users }),
      'keys-alice.json': accessKeys('alice', { id: 'AKIADUPLICATEDKEY001' }),
      'keys-bob.json': accessKeys('bob', { id: 'AKIADUPLICATEDKEY001' }),
    });
    expect(read.warnings.join('\n')).toMatch(/conflict: access key AKIADUPLICATEDKEY001 is listed in keys-alice.json and in keys-bob.json under users "alice" and "bob"; the later listing \("bob"\) is kept/);
    const keys = (read.inventories[0] as AwsInventory).accounts[0]!.accessKeys;
    expect(keys).toMatchObject([{ accessKeyId: 'AKIADUPLICATEDKEY001', userName: 'bob' }]);
  });

  it('a key listed Active and Inactive: warned, treated as Active whichever file comes last', () => {
    for (const order of [['Active', 'Inactive'], ['Inactive', 'Active']] as const) {
      const read = readInputsFromJson({
        'gaad.json': gaad({ users }),
        'first.json': accessKeys('alice', { id: 'AKIASTATUSCONFLICT01', status: order[0] }),
        'second.json': accessKeys('alice', { id: 'AKIASTATUSCONFLICT01', status: order[1] }),
      });
      expect(read.warnings.join('\n')).toMatch(new RegExp(`access key AKIASTATUSCONFLICT01 is listed in first.json and in second.json as ${order[0]} and as ${order[1]}; it is treated as Active`));
      expect((read.inventories[0] as AwsInventory).accounts[0]!.accessKeys[0]!.status).toBe('Active');
    }
  });
});

describe('many input files', () => {
  const root = path.join(dir, 'many');
  const files = Array.from({ length: 5000 }, (_, i) => path.join(root, `gaad-${String(i).padStart(4, '0')}.json`));
  files.forEach((file, i) => write(file, gaad({ users: [user(A, `u${i}`)] })));

  it('5,000 files, in a directory or named one by one: each read, none lost', { timeout: 120_000 }, async () => {
    for (const inputs of [[root], files]) {
      const read = await readInputs(inputs);
      expect(read.sources).toHaveLength(5000);
      expect((read.inventories[0] as AwsInventory).accounts[0]!.users).toHaveLength(5000);
    }
  });

  it('one truncated file among them: refused as bad input naming that file', { timeout: 120_000 }, async () => {
    writeFileSync(files[4321]!, '{"UserDetailList": [');
    const e = await readInputs([root]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect(String(e)).toContain('gaad-4321.json');
  });
});
