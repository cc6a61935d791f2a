import { describe, expect, it } from 'vitest';
import { accessKeys, ADMIN, gaad, user } from '../helpers/aws-estate.js';
import { analyseExports, hasEdge } from '../helpers/analyse.js';
import { inputError } from '../helpers/inputs.js';
import { githubRaw } from './fixtures/org.js';

const A = '111111111111';
const KEY = 'AKIAYAAAAAAAAAAAAAAA';
const links = (scope: string, secret: string) => ({ leakpath: 'github-secret-links/1', org: 'acme', links: [{ scope, secret, credential: { type: 'aws-access-key', accessKeyId: KEY } }] });
const aws = { 'gaad.json': gaad({ users: [user(A, 'ci', { attached: [ADMIN] })] }), 'keys.json': accessKeys('ci', { id: KEY }) };

describe('github-secret-links/1: an Actions secret holds a cloud credential', () => {
  it('positive: the pwn-request job reads the secret, which exposes the AWS key (anyone → admin)', () => {
    const { graph } = analyseExports({ ...aws, 'gh.json': githubRaw(), 'links.json': links('acme/website', 'supersecret') });
    const e = hasEdge(graph, 'EXPOSES', 'github:actions-secret:acme/website/SUPERSECRET', `aws:access-key:${KEY}`)!;
    expect(e.technique).toBe('github:actions:SecretHoldsCredential');
    expect(e.evidence.refs[0]!.source).toBe('links.json');
  });

  it('negative: a link to a secret the repository does not have draws nothing', () => {
    const { graph, warnings } = analyseExports({ ...aws, 'gh.json': githubRaw(), 'links.json': links('acme/website', 'NOT_THERE') });
    expect(graph.edges.some((e) => e.technique === 'github:actions:SecretHoldsCredential')).toBe(false);
    expect(warnings.some((w) => w.includes('dropped'))).toBe(true);
  });

  it('a link holding a value is refused', () => {
    const bad = { leakpath: 'github-secret-links/1', org: 'acme', links: [{ scope: 'org', secret: 'X', credential: { type: 'aws-access-key', accessKeyId: KEY, secretAccessKey: 'q8Zr1tLw0PbNf3VxK7mYd2Hs9GcJe4UaTo6RiE5y' } }] };
    const e = inputError({ 'links.json': bad });
    expect(e.message).toMatch(/links\.json: at links\[0\]\.credential/);
    expect(e.message).not.toContain('q8Zr1tLw0PbNf3VxK7mYd2Hs9GcJe4UaTo6RiE5y');
  });
});

describe('scoped credentials: negatives', () => {
  it('a read-only deploy key and an expired fine-grained token run no job', () => {
    const raw = githubRaw({
      extraResponses: {
        'GET /repos/acme/infra/keys': [{ id: 7, title: 'ci-pusher', read_only: true }],
        'GET /orgs/acme/personal-access-tokens': [{ id: 25381, owner: { login: 'alice' }, repository_selection: 'all', permissions: { repository: { contents: 'write' } }, token_expired: true }],
      },
    });
    const { graph } = analyseExports({ 'gh.json': raw });
    expect(graph.edges.some((e) => e.source === 'github:deploy-key:acme/infra:7#session' && e.kind === 'CAN_EXECUTE_AS')).toBe(false);
    expect(hasEdge(graph, 'AUTHENTICATES_AS', 'github:fine-grained-pat:25381', 'github:fine-grained-pat:25381#session')).toBeUndefined();
  });
});
