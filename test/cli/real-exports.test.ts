import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessKeys, ADMIN, allow, doc, gaad, role, trustAws, trustService, user } from '../helpers/aws-estate.js';
import { leakpath, tempDir } from '../helpers/cli.js';

/**
 * Issue 9, query and report side: what a new user met running leakpath on exports nobody here
 * wrote. The real input is a reduction of Cloudsplaining's example authorization details
 * (test/fixtures/aws/real/cloudsplaining-reduced/README.md): an iam-vulnerable deployment with
 * AWS service-linked roles and no access keys at all.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const REAL = path.join(ROOT, 'test/fixtures/aws/real/cloudsplaining-reduced');
const REAL_GAAD = JSON.parse(readFileSync(path.join(REAL, 'authorization-details.json'), 'utf8')) as {
  RoleDetailList: { RoleName: string; RoleId: string; Arn: string; Path: string }[];
  UserDetailList: { UserName: string; UserId: string; Arn: string }[];
};
const schema = JSON.parse(readFileSync(path.join(ROOT, 'docs/blast.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

const realRole = (name: string) => REAL_GAAD.RoleDetailList.find((r) => r.RoleName === name)!;
const serviceLinked = REAL_GAAD.RoleDetailList.filter((r) => r.Path.startsWith('/aws-service-role/'));
const PUT_ROLE_POLICY = realRole('privesc12-PutRolePolicy-role');

const A = '111111111111';
const B = '222222222222';
const KEY = 'AKIAAAAAAAAAAAAAAAAA';
const ADMIN_KEY = 'AKIAADMINADMINADMIN1';
const COND_KEY = 'AKIACONDCONDCONDCOND';
const keys = (account: string, userName: string, id: string) =>
  JSON.stringify({ leakpath: 'aws-cli/1', command: 'iam list-access-keys', account, output: accessKeys(userName, { id }) });

/** key → ci (A) → deployer (B) → admin (B); an admin user with a key; a user tier zero only from one IP range; a service-linked role that can assume admin. */
function writeEstate(dir: string) {
  writeFileSync(
    path.join(dir, 'a-gaad.json'),
    JSON.stringify(
      gaad({
        users: [
          user(A, 'ci', { inline: { p: doc(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/deployer`)) } }),
          user(A, 'root-like', { attached: [ADMIN] }),
          user(A, 'cond', { inline: { p: doc(allow('iam:PutUserPolicy', `arn:aws:iam::${A}:user/cond`, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })) } }),
        ],
      }),
    ),
  );
  writeFileSync(
    path.join(dir, 'b-gaad.json'),
    JSON.stringify(
      gaad({
        roles: [
          role(B, 'deployer', trustAws(`arn:aws:iam::${A}:root`), { inline: { p: doc(allow('sts:AssumeRole', '*')) } }),
          role(B, 'admin', trustAws(`arn:aws:iam::${B}:root`), { attached: [ADMIN] }),
          role(B, 'AWSServiceRoleForExample', trustService('example.amazonaws.com'), {
            path: '/aws-service-role/example.amazonaws.com/',
            inline: { p: doc(allow('sts:AssumeRole', `arn:aws:iam::${B}:role/admin`)) },
          }),
        ],
      }),
    ),
  );
  writeFileSync(path.join(dir, 'a-keys.json'), keys(A, 'ci', KEY));
  writeFileSync(path.join(dir, 'a-keys-admin.json'), keys(A, 'root-like', ADMIN_KEY));
  writeFileSync(path.join(dir, 'a-keys-cond.json'), keys(A, 'cond', COND_KEY));
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('real exports: query and report', () => {
  let estate: string;
  let store: string;
  let realStore: string;
  beforeAll(() => {
    estate = tempDir();
    store = tempDir();
    writeEstate(estate);
    expect(leakpath(['--store', store, 'ingest', estate]).code).toBe(0);
    realStore = tempDir();
    expect(leakpath(['--store', realStore, 'ingest', REAL]).code).toBe(0);
  });

  describe('a tier-zero start names itself as a crown jewel, with the policy and statement', () => {
    it('an identity blasted is a jewel at 0 hops (real: privesc12 can put a policy on itself)', () => {
      const r = json(leakpath(['--store', realStore, 'blast', PUT_ROLE_POLICY.Arn, '--format', 'json']));
      expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
      expect(r.tierZero).toBe(true);
      const self = r.crownJewels.find((j: { id: string }) => j.id === PUT_ROLE_POLICY.Arn);
      expect(self).toMatchObject({ hops: 0, path: [], tierZero: { technique: 'aws:iam:PutRolePolicy', conditional: false } });
      expect(self.tierZero.evidence.refs).toContainEqual(
        expect.objectContaining({ type: 'identity-policy', source: 'arn:aws:iam::200611803367:policy/privesc12-PutRolePolicy', statement: expect.any(String) }),
      );
      const text = leakpath(['--store', realStore, 'blast', PUT_ROLE_POLICY.Arn]).stdout;
      expect(text).not.toContain('Crown jewels: none reachable');
      expect(text).toContain('[itself]');
      expect(text).toContain('tier zero by: aws:iam:PutRolePolicy');
      expect(text).toContain('evidence: identity-policy arn:aws:iam::200611803367:policy/privesc12-PutRolePolicy statement');
      const md = leakpath(['--store', realStore, 'blast', PUT_ROLE_POLICY.Arn, '--format', 'markdown']).stdout;
      expect(md).toContain('Tier zero by `aws:iam:PutRolePolicy`');
      expect(md).toContain('arn:aws:iam::200611803367:policy/privesc12-PutRolePolicy');
    });

    it('a key of an admin shows why its identity is tier zero', () => {
      const r = json(leakpath(['--store', store, 'blast', ADMIN_KEY, '--format', 'json']));
      expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
      const jewel = r.crownJewels.find((j: { id: string }) => j.id === `arn:aws:iam::${A}:user/root-like`);
      expect(jewel.hops).toBe(1);
      expect(jewel.tierZero.technique).toBe('aws:iam:AdministratorAccess');
      expect(jewel.tierZero.evidence.refs[0]).toMatchObject({ type: 'identity-policy', source: ADMIN });
    });

    it('a conditional tier-zero jewel says it is conditional and what it hangs on', () => {
      const r = json(leakpath(['--store', store, 'blast', COND_KEY, '--format', 'json']));
      expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
      const jewel = r.crownJewels.find((j: { id: string }) => j.id === `arn:aws:iam::${A}:user/cond`);
      expect(jewel).toMatchObject({ conditional: true, tierZero: { technique: 'aws:iam:PutUserPolicy', conditional: true } });
      const text = leakpath(['--store', store, 'blast', COND_KEY]).stdout;
      expect(text).toMatch(/tier zero by: aws:iam:PutUserPolicy {2}\(conditional\)\n.*inline policy p statement #0\n\s+only if: /);
    });
  });

  describe('principals without keys', () => {
    it('report --principals works on a GAAD alone, worst first, without service-linked roles', () => {
      const r = leakpath(['--store', realStore, 'report', '--principals', '--format', 'json']);
      expect(r.code).toBe(0);
      const principals = json(r).principals as { credential: { id: string; name: string }; risk: { level: string; score: number } }[];
      const ids = principals.map((p) => p.credential.id);
      expect(ids).toContain(PUT_ROLE_POLICY.Arn);
      for (const slr of serviceLinked) expect(ids).not.toContain(slr.Arn);
      expect(principals).toHaveLength(REAL_GAAD.UserDetailList.length + REAL_GAAD.RoleDetailList.length - serviceLinked.length);
      const all = json(leakpath(['--store', realStore, 'report', '--principals', '--include-service-linked', '--format', 'json'])).principals;
      expect(all.map((p: { credential: { id: string } }) => p.credential.id)).toEqual(expect.arrayContaining(serviceLinked.map((s) => s.Arn)));
    });

    it('report on a snapshot with no credentials answers per principal instead of failing', () => {
      const r = leakpath(['--store', realStore, 'report']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('reporting per principal');
      expect(r.stdout).toMatch(/^principal\s+risk/m);
    });

    it('user and role unique ids (AIDA…, AROA…) name their principal everywhere', () => {
      const byRoleId = json(leakpath(['--store', realStore, 'blast', PUT_ROLE_POLICY.RoleId, '--format', 'json']));
      expect(byRoleId.credential.id).toBe(PUT_ROLE_POLICY.Arn);
      const u = REAL_GAAD.UserDetailList[0]!;
      expect(json(leakpath(['--store', realStore, 'blast', u.UserId, '--format', 'json'])).credential.id).toBe(u.Arn);
      const who = json(leakpath(['--store', realStore, 'who-can-reach', realRole('AWS-QuickSetup-StackSet-Local-ExecutionRole').RoleId, '--format', 'json']));
      expect(who.target.id).toBe(realRole('AWS-QuickSetup-StackSet-Local-ExecutionRole').Arn);
      const paths = leakpath(['--store', realStore, 'paths', '--from', realRole('AWS-QuickSetup-StackSet-Local-AdministrationRole').RoleId, '--format', 'json']);
      expect(paths.code).toBe(0);
    });

    it('who-can-reach leaves service-linked roles out unless asked', () => {
      const target = `arn:aws:iam::${B}:role/admin`;
      const slr = `arn:aws:iam::${B}:role/aws-service-role/example.amazonaws.com/AWSServiceRoleForExample`;
      const who = json(leakpath(['--store', store, 'who-can-reach', target, '--format', 'json']));
      expect(who.identities.map((i: { id: string }) => i.id)).not.toContain(slr);
      expect(who.serviceLinkedOmitted).toBe(1);
      expect(leakpath(['--store', store, 'who-can-reach', target]).stdout).toContain('1 service-linked role left out');
      const all = json(leakpath(['--store', store, 'who-can-reach', target, '--include-service-linked', '--format', 'json']));
      expect(all.identities.map((i: { id: string }) => i.id)).toContain(slr);
    });
  });

  describe('--max-hops that cuts the search says so', () => {
    it('blast: truncated, "not reachable within N hops", never "reaches only its own identity"', () => {
      const r = json(leakpath(['--store', store, 'blast', KEY, '--max-hops', '1', '--format', 'json']));
      expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
      expect(r).toMatchObject({ truncated: true, maxHops: 1, tierZero: false });
      expect(r.risk.reasons.join(' ')).not.toContain('reaches only its own identity');
      const text = leakpath(['--store', store, 'blast', KEY, '--max-hops', '1']).stdout;
      expect(text).toContain('tier zero reachable: not reachable within 1 hop');
      // LOW from its reach; age and no expiry (the key is from 2024) make it MEDIUM.
      expect(text).toContain('risk: at least MEDIUM');
      expect(text).not.toContain('reaches only its own identity');
      expect(json(leakpath(['--store', store, 'blast', KEY, '--format', 'json']))).toMatchObject({ truncated: false, maxHops: null });
      // A bound the search never hits cuts nothing.
      expect(json(leakpath(['--store', store, 'blast', KEY, '--max-hops', '5', '--format', 'json'])).truncated).toBe(false);
    });

    it('--fail-on does not pass a truncated search silently', () => {
      const r = leakpath(['--store', store, 'blast', KEY, '--max-hops', '1', '--fail-on', 'critical']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('--max-hops 1');
    });

    it('paths and who-can-reach report truncated too', () => {
      const admin = `arn:aws:iam::${B}:role/admin`;
      expect(json(leakpath(['--store', store, 'paths', '--from', KEY, '--to', admin, '--max-hops', '2', '--format', 'json']))).toMatchObject({ truncated: true, paths: [] });
      expect(leakpath(['--store', store, 'paths', '--from', KEY, '--to', admin, '--max-hops', '2']).stdout).toContain('none within 2 hops');
      expect(json(leakpath(['--store', store, 'who-can-reach', admin, '--max-hops', '1', '--format', 'json'])).truncated).toBe(true);
      expect(json(leakpath(['--store', store, 'who-can-reach', admin, '--format', 'json'])).truncated).toBe(false);
    });
  });

  describe('directory ingest', () => {
    it('skips files of unknown format with one short warning each, reads JSON without .json', () => {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'authorization-details'), readFileSync(path.join(REAL, 'authorization-details.json')));
      writeFileSync(path.join(dir, 'describe-regions.json'), JSON.stringify({ Regions: [{ Endpoint: 'ec2.us-east-1.amazonaws.com', RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] }));
      writeFileSync(path.join(dir, 'notes.md'), '# notes\n');
      const r = leakpath(['--store', tempDir(), 'ingest', dir]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${path.join(dir, 'authorization-details')}: aws`);
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: skipped'));
      expect(warnings).toEqual([`warning: skipped ${path.join(dir, 'describe-regions.json')}: not a known export format`]);
      for (const w of warnings) expect(w.length).toBeLessThan(200);
    });

    it('--strict refuses them with a short error that points to the docs', () => {
      const dir = tempDir();
      writeFileSync(path.join(dir, 'gaad.json'), readFileSync(path.join(REAL, 'authorization-details.json')));
      writeFileSync(path.join(dir, 'describe-regions.json'), JSON.stringify({ Regions: [] }));
      const s = tempDir();
      const r = leakpath(['--store', s, 'ingest', '--strict', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('describe-regions.json');
      expect(r.stderr).toContain('docs/aws-offline-format.md');
      expect(r.stderr.length).toBeLessThan(400);
      expect(leakpath(['--store', s, 'snapshots', '--format', 'json']).stdout).toContain('"snapshots": []');
    });
  });

  describe('store errors are found before the analysis', () => {
    it('a store path that is a file, or whose snapshots folder is a file, exits 2 naming it', () => {
      const file = path.join(tempDir(), 'store-file');
      writeFileSync(file, 'x');
      for (const store of [file, path.join(file, 'inner')]) {
        const r = leakpath(['--store', store, 'ingest', REAL]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(file);
        expect(r.stderr).not.toContain('analysing');
        expect(r.stderr).not.toContain('internal error');
      }
      const s = tempDir();
      writeFileSync(path.join(s, 'snapshots'), 'x');
      const r = leakpath(['--store', s, 'ingest', REAL]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(path.join(s, 'snapshots'));
      expect(r.stderr).not.toContain('analysing');
    });
  });

  describe('demo', () => {
    it('uses its own store and config, names both, and its suggested command agrees with it', () => {
      const cwd = tempDir();
      const r = leakpath(['demo'], { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('in store .leakpath-demo');
      expect(r.stdout).toContain(path.join(ROOT, 'examples/demo-config.yaml'));
      const lines = r.stdout.split('\n');
      const worst = lines[lines.findIndex((l) => l.startsWith('-----')) + 1]!.split(/\s+/);
      const suggested = r.stdout.split('\n').find((l) => l.includes(' blast '))!.trim().split(' ').slice(1);
      expect(suggested).toEqual(['--store', '.leakpath-demo', '--config', path.join(ROOT, 'examples/demo-config.yaml'), 'blast', worst[0]]);
      const again = json(leakpath([...suggested, '--format', 'json'], { cwd }));
      expect([again.risk.level.toUpperCase(), String(again.risk.score), String(again.crownJewels.length)]).toEqual([worst[1], worst[2], worst[4]]);
      // The user's own store is untouched.
      expect(leakpath(['snapshots', '--format', 'json'], { cwd }).stdout).toContain('"snapshots": []');
    });
  });

  describe('report', () => {
    let demoStore: string;
    const config = path.join(ROOT, 'examples/demo-config.yaml');
    beforeAll(() => {
      demoStore = tempDir();
      expect(leakpath(['--store', demoStore, '-q', 'ingest', path.join(ROOT, 'examples/demo-estate')]).code).toBe(0);
    });

    it('--all-credentials details every credential, LOW and NONE included, worst first', () => {
      const results = json(leakpath(['--store', demoStore, '--config', config, 'report', '--format', 'json'])).credentials as { credential: { name: string }; risk: { level: string; score: number } }[];
      const rank = ['none', 'low', 'medium', 'high', 'critical'];
      for (let i = 1; i < results.length; i++) {
        const [a, b] = [results[i - 1]!.risk, results[i]!.risk];
        expect(rank.indexOf(a.level) > rank.indexOf(b.level) || (a.level === b.level && a.score >= b.score)).toBe(true);
      }
      expect(results.some((r) => r.risk.level === 'low' || r.risk.level === 'none')).toBe(true);
      const text = leakpath(['--store', demoStore, '--config', config, 'report', '--all-credentials']).stdout;
      for (const r of results) expect(text).toContain(`Blast radius of ${r.credential.name} `);
      const few = leakpath(['--store', demoStore, '--config', config, 'report']).stdout;
      expect(few.match(/Blast radius of /g)!.length).toBeLessThan(results.length);
    });

    it('the summary table fits 100 columns, long names wrapped', () => {
      const text = leakpath(['--store', realStore, 'report', '--principals']).stdout;
      const table = text.split('\n\n')[1]!;
      for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
      expect(table).toContain('AWS-QuickSetup-StackSet-Local-'); // the longest name, wrapped
    });

    it('--fail-on gates a report (any case), and says why on stderr', () => {
      const r = leakpath(['--store', demoStore, '--config', config, 'report', '--fail-on', 'HIGH']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/CRITICAL \(\d+\/100\), at or over --fail-on high/);
    });
  });

  describe('options', () => {
    it('--format is validated per command, as its help says', () => {
      const formats: [string[], string, string][] = [
        [['paths', '--from', KEY], '--format must be one of text, json, html', 'output format: text | json | html'],
        [['who-can-reach', KEY], '--format must be text or json', 'output format: text | json'],
      ];
      for (const [cmd, error, help] of formats) {
        const r = leakpath(['--store', store, ...cmd, '--format', 'markdown']);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(error);
        expect(leakpath([cmd[0]!, '--help']).stdout).toContain(help);
      }
      expect(leakpath(['blast', '--help']).stdout).toContain('output format: text | json | markdown');
      expect(leakpath(['--store', store, 'blast', KEY, '--format', 'yaml']).code).toBe(2);
    });

    it('--fail-on takes the levels as printed, and says why it fails', () => {
      const r = leakpath(['--store', store, 'blast', KEY, '--fail-on', 'HIGH']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('CRITICAL');
      expect(r.stderr).toContain('--fail-on high');
      expect(leakpath(['--store', store, 'blast', KEY, '--fail-on', 'severe']).code).toBe(2);
    });

    it('global options show in every subcommand help; --version is package.json', () => {
      for (const cmd of [['blast'], ['report'], ['ingest'], ['demo'], ['snapshots'], ['neo4j', 'push'], ['collect', 'aws']]) {
        const help = leakpath([...cmd, '--help']).stdout;
        for (const o of ['--store', '--config', '--engine', '--debug', '--quiet']) expect(help, `${cmd.join(' ')} ${o}`).toContain(o);
      }
      const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      expect(leakpath(['--version']).stdout.trim()).toBe(pkg.version);
    });

    it('--quiet leaves stderr empty; snapshots, neo4j queries and ingest take --format json', () => {
      const s = tempDir();
      const r = leakpath(['--store', s, '--quiet', 'ingest', estate, '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(json(r)).toMatchObject({ credentials: 3, skipped: [] });
      const snaps = json(leakpath(['--store', s, 'snapshots', '--format', 'json']));
      expect(snaps.snapshots).toHaveLength(1);
      expect(snaps.latest).toBe(json(r).snapshot);
      const queries = json(leakpath(['neo4j', 'queries', '--format', 'json']));
      expect(queries.map((q: { name: string }) => q.name)).toContain('blast-radius');
    });

    it('an empty crownJewels: in the config is an empty list', () => {
      const cfg = path.join(tempDir(), 'empty.yaml');
      writeFileSync(cfg, 'crownJewels:\n');
      expect(leakpath(['--store', store, '--config', cfg, 'blast', KEY]).code).toBe(0);
    });

    it("collect aws on Node < 22 prints one line about Node, not the SDK's eight", () => {
      const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'not-a-secret', AWS_REGION: 'us-east-1' };
      const r = leakpath(['--store', tempDir(), 'collect', 'aws', '--max-attempts', '1'], { env });
      expect(r.code).toBe(3);
      expect(r.stderr).not.toContain('NodeVersionSupportWarning');
      const major = Number(process.versions.node.split('.')[0]);
      expect(r.stderr.split('\n').filter((l) => l.includes('Node ')).length).toBe(major < 22 ? 1 : 0);
    });

    it('collect azure that cannot sign in says so in one line, with what to do (exit 3)', () => {
      // A managed-identity endpoint on a closed loopback port: the real @azure/identity fails to sign in.
      const env = { IDENTITY_ENDPOINT: 'http://127.0.0.1:1/msi/token', IDENTITY_HEADER: 'x' };
      const args = ['--store', tempDir(), 'collect', 'azure', '--managed-identity', '--graph-endpoint', 'https://127.0.0.1:1', '--arm-endpoint', 'https://127.0.0.1:1', '--max-retries', '1'];
      const r = leakpath(args, { env });
      expect(r.code).toBe(3);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^leakpath: could not sign in to Azure: .*az login/)]);
      expect(leakpath([...args, '--debug'], { env }).stderr).toContain('caused by: ');
    });

    it('colour only when asked for or on a terminal, never with NO_COLOR', () => {
      const plain = leakpath(['--store', store, 'blast', KEY]);
      expect(plain.stdout).not.toContain('\u001b[');
      const forced = leakpath(['--store', store, 'blast', KEY], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
      expect(forced.stdout).toContain('\u001b[');
    });
  });
});
