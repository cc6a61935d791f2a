/**
 * Every input kind that can carry a secret value, seeded with one, ingested by the built CLI and
 * read back through every output format (text, JSON, Markdown, SARIF, HTML, OpenGraph), the
 * store, the logs and — when the test server runs — Neo4j: no seed survives anywhere. Then the
 * secrets a user pastes into the wrong place (an STS session token, an old-format Entra secret, a
 * URL with a password, a secret that starts with '-', a config file that starts with one): never
 * printed back.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN, accessKeys, gaad, user } from '../helpers/aws-estate.js';
import { leakpath, tempDir, type CliResult } from '../helpers/cli.js';
import { treeText } from '../helpers/files.js';
import * as H from '../azure/fixtures/azurehound.js';
import * as C from '../gcp/fixtures/cai.js';
import * as K from '../kubernetes/helpers.js';
import { gitleaks } from './seeds.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { UsageError } from '../../src/errors.js';
import type { AttackGraph } from '../../src/model/graph.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';

const A = '111111111111';
const KEY = 'AKIAZSEEDAAAAAAAAAAA';
const SP_KEY_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

/** Made-up values in real secrets' shapes. Each must appear in no output, store or log. */
const SEED = {
  awsSecret: 'Zr8q1tLw0PbNf3VxK7mYd2Hs9GcJe4UaTo6RiSEED',
  stsToken: `IQoJb3JpZ2luX2VjSEED${'Qm9ndXNTZXNzaW9uVG9rZW4vK3NlZWQ='.repeat(12)}`,
  entraSecret: 'Zk28Q~SeedEntraValueNotRealXyZ0123456789',
  entraOld: 'Tj?1Fc[Q-4.kXa:uSEED/oQ=N0Lm6pB7e',
  entraHint: 'Hn47Q~SeedLongHintHoldingASecret00000000',
  gcpPrivateKey: '-----BEGIN PRIVATE KEY-----\\nMIIEvSEEDgcpPRIVATEkeyMATERIALnotREAL==\\n-----END PRIVATE KEY-----\\n',
  gcpKeyData: 'ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIsIlNFRUQiOiB0cnVlfQ==',
  k8sToken: 'SeedK8sBearer.eyJzZWVkIjoidHJ1ZSJ9.notARealSignatureSEED0',
  k8sPassword: 'Seed-Db-Passw0rd!NotReal#2026',
  githubPat: `ghp_SeedGithubPat${'7'.repeat(24)}`,
  slack: 'xoxb-000000000000-111111111111-SeedSlackValueNOTREAL00',
  url: 'https://admin:SeedUrlPassw0rd@db.example.com/prod',
  dash: '-SeedDashLed9Secret+Value/XyZ0123456789',
} as const;
const SEEDS: readonly string[] = Object.values(SEED);

/** Seeds found in `text`, whole or by a distinctive middle (a value cut short still leaks). */
const leaked = (text: string) => SEEDS.filter((s) => text.includes(s) || text.includes(s.slice(4, 20)));

function estate(dir: string): void {
  const write = (name: string, json: unknown, jsonl = false) => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), jsonl ? (json as unknown[]).map((l) => JSON.stringify(l)).join('\n') + '\n' : JSON.stringify(json, null, 1));
  };
  // AWS: `aws iam create-access-key` output keeps the secret next to the id.
  write('aws/gaad.json', gaad({ users: [user(A, 'ci-deploy', { attached: [ADMIN] })] }));
  const keys = accessKeys('ci-deploy', { id: KEY, status: 'Active' }) as { AccessKeyMetadata: Record<string, unknown>[] };
  keys.AccessKeyMetadata[0]!.SecretAccessKey = SEED.awsSecret;
  keys.AccessKeyMetadata[0]!.SessionToken = SEED.stsToken;
  write('aws/keys.json', keys);
  // Azure: a hint holding a whole secret, and the secret text a careless export kept.
  const appRecord = H.app({ objectId: '11111111-1111-4111-8111-111111111111', appId: '22222222-2222-4222-8222-222222222222', name: 'ci', secrets: [{ keyId: '33333333-3333-4333-8333-333333333333', hint: SEED.entraHint }] });
  const creds = (appRecord.data as { passwordCredentials: Record<string, unknown>[] }).passwordCredentials;
  creds[0]!.secretText = SEED.entraSecret;
  write('azure/azurehound.json', H.file([H.tenant(), appRecord]));
  // GCP: a key's private material in a Cloud Asset record.
  const sa = C.email('deployer');
  write('gcp/assets.jsonl', [...C.hierarchy(), C.serviceAccount(sa), C.key(sa, SP_KEY_ID, C.PROD, { privateKeyData: SEED.gcpKeyData })], true);
  // Kubernetes: secret data (base64 of the values).
  write('k8s/cluster.json', K.envelope([K.sa('ci', 'runner'), K.secret('ci', 'db', { password: SEED.k8sPassword, token: SEED.k8sToken, aws_secret_access_key: SEED.awsSecret })]));
  // Scanners: gitleaks (a GCP key file as the secret), TruffleHog, GitHub secret scanning.
  const keyFile = JSON.stringify({ type: 'service_account', project_id: 'prod', private_key_id: SP_KEY_ID, private_key: SEED.gcpPrivateKey, client_email: sa });
  write('scan/gitleaks.json', [
    gitleaks({ RuleID: 'aws-access-token', Secret: KEY, File: 'deploy/.env', StartLine: 3, Commit: 'c0ffee' }),
    gitleaks({ RuleID: 'generic-api-key', Secret: SEED.awsSecret, File: 'deploy/.env', StartLine: 4, Commit: 'c0ffee' }),
    gitleaks({ RuleID: 'gcp-service-account', Secret: keyFile, File: 'key.json', StartLine: 1 }),
    gitleaks({ RuleID: 'github-pat', Secret: SEED.githubPat, File: 'ci.yml', StartLine: 9 }),
  ]);
  write('scan/trufflehog.jsonl', [
    { SourceMetadata: { Data: { Filesystem: { file: 'notify.py', line: 1 } } }, DetectorName: 'Slack', Verified: false, Raw: SEED.slack, Redacted: SEED.slack.slice(0, 9) },
    { SourceMetadata: { Data: { Filesystem: { file: 'app.cfg', line: 2 } } }, DetectorName: 'Azure', Verified: false, Raw: SEED.entraSecret, RawV2: `${SEED.entraSecret}:${SEED.entraOld}` },
    { SourceMetadata: { Data: { Filesystem: { file: 'db.cfg', line: 3 } } }, DetectorName: 'URI', Verified: false, Raw: SEED.url },
  ], true);
  write('scan/github-alerts.json', [
    {
      number: 7,
      created_at: '2026-01-02T03:04:05Z',
      url: 'https://api.github.com/repos/acme/app/secret-scanning/alerts/7',
      html_url: 'https://github.com/acme/app/security/secret-scanning/7',
      locations_url: 'https://api.github.com/repos/acme/app/secret-scanning/alerts/7/locations',
      state: 'open',
      resolution: null,
      resolved_at: null,
      resolved_by: null,
      secret_type: 'github_personal_access_token',
      secret_type_display_name: 'GitHub Personal Access Token',
      secret: SEED.githubPat,
      repository: { id: 1, name: 'app', full_name: 'acme/app', owner: { login: 'acme' } },
    },
  ]);
}

describe('no secret value anywhere (built CLI, every input kind, every output)', () => {
  const dir = tempDir('leakpath-no-echo-');
  const store = path.join(dir, 'store');
  const outDir = path.join(dir, 'out');
  const runs: CliResult[] = [];
  const run = (args: string[], env?: Record<string, string>) => {
    const r = leakpath(['--store', store, ...args], { env });
    runs.push(r);
    return r;
  };

  beforeAll(() => {
    estate(path.join(dir, 'in'));
    mkdirSync(outDir);
  });
  afterAll(() => {
    const all = runs.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
    expect(leaked(all)).toEqual([]);
  });

  it('ingest, then every query and report format: no seed in outputs, logs or the store', () => {
    const ing = run(['ingest', path.join(dir, 'in')]);
    expect(ing.code, ing.stderr).toBe(0);
    for (const source of ['aws:', 'azure:', 'gcp:', 'kubernetes:', 'secrets:']) expect(ing.stdout).toContain(source);

    const credential = `aws:access-key:${KEY}`;
    // Reports render every credential's blast; blast and paths add their own renderers.
    for (const format of ['text', 'json', 'markdown', 'html', 'sarif']) expect(run(['report', '--all-credentials', '--format', format, '--output', path.join(outDir, `report.${format}`)]).code).toBe(0);
    for (const format of ['text', 'html']) expect(run(['blast', KEY, '--format', format, '--output', path.join(outDir, `blast.${format}`)]).code).toBe(0);
    expect(run(['paths', '--from', credential, '--format', 'html', '--output', path.join(outDir, 'paths.html')]).code).toBe(0);
    expect(run(['who-can-reach', `arn:aws:iam::${A}:user/ci-deploy`]).code).toBe(0);
    expect(run(['report', '--findings', '--format', 'json']).code).toBe(0);
    expect(run(['chokepoints', '--format', 'json']).code).toBe(0);
    expect(run(['export', 'opengraph', '--output', path.join(outDir, 'opengraph.json')]).code).toBe(0);
    expect(run(['export', 'snapshot', '--output', path.join(outDir, 'snapshot.json')]).code).toBe(0);

    // Snapshot files are binary with strings as plain UTF-8 (docs/snapshots.md): a search of their
    // bytes finds any string they hold; the JSON export is searched too.
    expect(leaked(treeText(store))).toEqual([]);
    expect(leaked(treeText(outDir))).toEqual([]);
    // The hint is kept to the three characters Entra shows.
    expect(treeText(outDir)).toContain(`"hint":"${SEED.entraHint.slice(0, 3)}"`);
    expect(treeText(store)).toContain(`${SEED.entraHint.slice(0, 3)}`);
  }, 300_000);

  it('pasted secrets are never printed back by the query commands (in process, both lookups)', async () => {
    const graph: AttackGraph = { nodes: [{ id: `aws:access-key:${KEY}`, kind: 'Credential', provider: 'aws', type: 'aws:access-key', name: KEY, tags: {}, props: {} }], edges: [] };
    const engine = new EmbeddedEngine(graph, EMPTY_CONFIG);
    const pasted = [SEED.stsToken, SEED.entraOld, SEED.url, SEED.slack, SEED.githubPat, SEED.awsSecret, SEED.k8sPassword, SEED.gcpKeyData];
    for (const value of pasted) {
      const errors = await Promise.all([
        engine.blast(value),
        engine.paths(value, { k: 1, maxHops: 3 }),
        engine.paths(`aws:access-key:${KEY}`, { to: value, k: 1, maxHops: 3 }),
        engine.whoCanReach(value),
      ].map((p) => p.then(() => undefined, (e: unknown) => e)));
      for (const e of errors) {
        expect(e).toBeInstanceOf(UsageError);
        expect(leaked(String(e)), String(e)).toEqual([]);
      }
    }
  });

  it('pasted secrets are never printed back by the CLI (argument, option value, unknown option, stdin)', () => {
    const sts = run(['blast', SEED.stsToken]);
    expect(sts.code).toBe(2);
    expect(sts.stderr).toMatch(/no credential matches the given value \(\d+ characters; not repeated/);
    for (const pasted of [SEED.stsToken, SEED.entraOld, SEED.url]) {
      for (const args of [['blast', pasted], ['paths', '--from', pasted], ['who-can-reach', pasted]]) {
        const r = run(args);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/matches the given value \(\d+ characters; not repeated/);
      }
    }
    // A secret that starts with '-' is an "unknown option" to the argument parser.
    const dash = run(['blast', SEED.dash]);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toMatch(/unknown option \(\d+ characters, not repeated/);
    // Mistyped into an option's value.
    expect(run(['blast', KEY, '--format', SEED.entraOld]).code).toBe(2);
    // `blast -` reads the credential from stdin: found by id, and a secret on stdin is not echoed.
    const piped = (input: string) => {
      const r = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/leakpath.js'), '--store', store, 'blast', '-', '--format', 'json'], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const result = { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
      runs.push(result);
      return result;
    };
    const byId = piped(`${KEY}\n`);
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(byId.stdout).credential.id).toBe(`aws:access-key:${KEY}`);
    expect(piped(SEED.githubPat).code).toBe(2);
  }, 120_000);

  it('a config or export that starts with a secret is refused without quoting it', () => {
    const config = path.join(dir, 'bad-config.yaml');
    writeFileSync(config, `${SEED.entraOld}: [${SEED.awsSecret}\n`);
    expect(run(['--config', config, 'blast', KEY]).code).toBe(2);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, `${SEED.awsSecret} ${SEED.stsToken}`);
    expect(run(['ingest', bad]).code).toBe(2);
    const key = path.join(dir, 'key.json');
    writeFileSync(key, `{"private_key": "${SEED.gcpPrivateKey}", oops`);
    expect(run(['blast', '--key-file', key]).code).toBe(2);
  }, 120_000);

  it('a Neo4j URI holding a password is shown without it (unreachable server, exit 3)', () => {
    const password = SEED.url.split(':')[2]!.split('@')[0]!;
    for (const args of [['neo4j', 'push'], ['blast', KEY, '--engine', 'neo4j']]) {
      const r = run(args, { NEO4J_URI: `bolt://admin:${password}@127.0.0.1:1`, NEO4J_USERNAME: 'neo4j', NEO4J_PASSWORD: 'not-the-seed' });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('Neo4j at bolt://127.0.0.1:1 is unreachable');
      expect(r.stderr).not.toContain(password);
    }
  }, 120_000);

  it('Neo4j holds no seed after a push (LEAKPATH_TEST_SERVERS=neo4j)', async () => {
    const server = inject('neo4j') as { uri: string; username: string; password: string } | undefined;
    if (!server) return;
    const { connect, dump, uniqueGraph } = await import('../neo4j/helpers.js');
    const graph = uniqueGraph('no-echo');
    const push = run(['--neo4j-graph', graph, 'neo4j', 'push'], { NEO4J_URI: server.uri, NEO4J_USERNAME: server.username, NEO4J_PASSWORD: server.password });
    expect(push.code, push.stderr).toBe(0);
    const conn = await connect(graph, server);
    try {
      const held = JSON.stringify(await dump(conn));
      expect(held).toContain(KEY);
      expect(leaked(held)).toEqual([]);
    } finally {
      await conn.close();
    }
  }, 300_000);
});
