/**
 * A Kubernetes API server that accepts a request and never answers: the collector aborts the
 * request after its timeout (short here through the option) instead of hanging. Nothing listed
 * yet: the server is unreachable (exit 3, saying so); a later kind: a coverage gap, the rest kept.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectKubernetes } from '../../../collectors/kubernetes/live/collect.js';
import { leakpathAsync } from '../../helpers/cli.js';
import { sa } from '../helpers.js';
import { kubeconfig, startApiServer, type ApiServer } from './api-server.js';

const TOKEN = 'replay-bearer-token-not-real';
const STALL = { status: 'stall' as const, times: Infinity };
const servers: ApiServer[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-k8s-timeout-'));

async function cluster(name: string, lists: Parameters<typeof startApiServer>[1]['lists']): Promise<{ server: ApiServer; config: string }> {
  const home = path.join(dir, name);
  mkdirSync(home);
  const server = await startApiServer(home, { token: TOKEN, lists });
  servers.push(server);
  const config = path.join(home, 'kubeconfig');
  writeFileSync(config, kubeconfig(server, TOKEN));
  return { server, config };
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('collect k8s: per-request timeout', () => {
  it('a server that never answers the first list is unreachable: exit 3, naming the timeout; the store is untouched', async () => {
    const { config } = await cluster('stalled', { '/api/v1/namespaces': STALL });
    const store = path.join(dir, 'store-stalled');
    const run = await leakpathAsync(['--store', store, 'collect', 'k8s', '--kubeconfig', config, '--context', 'replay-ctx', '--request-timeout', '0.3'], { env: { KUBECONFIG: '' } });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/cannot list Namespace from https:\/\/127\.0\.0\.1:\d+: no answer within 300 ms \(request timeout\)/);
    expect(run.stderr).not.toContain(TOKEN);
    expect(existsSync(path.join(store, 'snapshots'))).toBe(false);
  }, 20_000);

  it('a kind whose list stalls later in the run is a coverage gap; what was listed is kept', async () => {
    const { config, server } = await cluster('late', {
      '/api/v1/namespaces': { kind: 'NamespaceList', apiVersion: 'v1', items: [{ metadata: { name: 'dev' } }] },
      '/api/v1/serviceaccounts': { kind: 'ServiceAccountList', apiVersion: 'v1', items: [sa('dev', 'ci')].map(({ apiVersion: _a, kind: _k, ...o }) => o) },
      '/api/v1/secrets': STALL,
    });
    const got = await collectKubernetes({ kubeconfig: config, context: 'replay-ctx', cluster: { provider: 'other' }, requestTimeoutMs: 300, maxRetries: 0 });
    expect(got.counts.Namespace).toBe(1);
    expect(got.counts.ServiceAccount).toBe(1);
    expect(got.counts.Secret).toBeUndefined();
    expect(got.warnings.join('\n')).toMatch(/coverage gap: replay: listing Secret: list failed \(no answer within 300 ms \(request timeout\)\)/);
    // The kinds after the stalled one were still asked for.
    expect(server.requests.some((r) => r.startsWith('GET /api/v1/pods'))).toBe(true);
  }, 20_000);
});
