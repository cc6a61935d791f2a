// Vitest globalSetup: starts each external test server once per run and hands
// its connection details to tests through inject(). To add a server, append
// an entry to `servers` and its type to ProvidedContext below.
import type { TestProject } from 'vitest/node';
import { startMoto } from './moto.js';
import { startNeo4j } from './neo4j.js';

export interface Neo4jConnection {
  uri: string;
  username: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jConnection;
    moto: { endpoint: string };
  }
}

interface RunningServer {
  stop(): Promise<void>;
}

interface ServerEntry {
  name: string;
  start(project: TestProject): Promise<RunningServer>;
}

const servers: ServerEntry[] = [
  {
    name: 'neo4j',
    async start(project) {
      const server = await startNeo4j();
      project.provide('neo4j', { uri: server.uri, username: server.username, password: server.password });
      return server;
    },
  },
  {
    name: 'moto',
    async start(project) {
      const server = await startMoto();
      project.provide('moto', { endpoint: server.endpoint });
      return server;
    },
  },
];

/**
 * LEAKPATH_TEST_SERVERS=neo4j,moto (or `none`) limits which servers start, for quick runs of
 * unit tests that need none; unset, every server starts (as `npm test` and CI run).
 */
function wanted(): ServerEntry[] {
  const only = process.env.LEAKPATH_TEST_SERVERS;
  if (only === undefined || only.trim() === '') return servers;
  const names = new Set(only.split(',').map((s) => s.trim()));
  return servers.filter((s) => names.has(s.name));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = wanted();
  // Started in parallel: each is mostly waiting on its own process, and a
  // slow one should not serialise the others' start-up.
  const results = await Promise.allSettled(
    servers.map(async (entry) => {
      const t0 = Date.now();
      const running = await entry.start(project);
      if (process.env.LEAKPATH_TEST_SERVERS_VERBOSE) {
        console.error(`test servers: ${entry.name} ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      }
      return running;
    }),
  );
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const teardown = async (): Promise<void> => {
    await Promise.allSettled(started.map((s) => s.stop()));
  };

  const failures = results.flatMap((r, i) =>
    r.status === 'rejected'
      ? [`${servers[i]!.name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`]
      : [],
  );
  if (failures.length > 0) {
    // Vitest skips the teardown when setup throws; do not leak the ones that did start.
    await teardown();
    throw new Error(`test servers failed to start:\n${failures.join('\n\n')}`);
  }
  return teardown;
}
