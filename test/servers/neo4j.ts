// A throwaway Neo4j 5.26 community server for tests: the real server entry
// point from Maven Central jars (see scripts/test-servers/neo4j/), one fresh
// data directory per start, Bolt on a free loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';

export interface Neo4jServer {
  uri: string;
  username: string;
  password: string;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const setupScript = path.join(repoRoot, 'scripts', 'test-servers', 'neo4j', 'setup.sh');
const installDir = process.env.NEO4J_TEST_HOME ?? path.join(repoRoot, '.test-servers', 'neo4j');

const USERNAME = 'neo4j';
// A fresh store only knows neo4j/neo4j, flagged as expired; we replace it on
// first connect so tests exercise real authentication, as in production.
const INITIAL_PASSWORD = 'neo4j';
const PASSWORD = 'leakpath-test-password';

const envInt = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const START_TIMEOUT_MS = envInt('NEO4J_START_TIMEOUT_MS', 120_000);
// Clean shutdown takes well under a second with the config below; the store
// is discarded anyway, so a hang is cut short with SIGKILL.
const STOP_GRACE_MS = envInt('NEO4J_STOP_GRACE_MS', 5_000);
// Outlasts the script's own Maven timeout so its clearer message wins.
const SETUP_TIMEOUT_MS = (envInt('NEO4J_SETUP_TIMEOUT', 900) + 60) * 1000;
const MAX_PORT_ATTEMPTS = 3;

// The JVM runs under this bash wrapper so that it cannot outlive us: stdin is
// a pipe only this Node process writes to, and its EOF (we exited, crashed or
// were SIGKILLed) makes the watchdog kill the JVM. Without us nobody else
// would remove the run directory, so the wrapper does it then.
const WRAPPER = `
run_dir="$1"; shift
exec 3<&0
"$@" </dev/null &
jpid=$!
trap 'kill -TERM "$jpid" 2>/dev/null' TERM INT
( read -r _ <&3 || true; kill -KILL "$jpid" 2>/dev/null ) &
wpid=$!
exec 3<&-
rc=0
while :; do
  wait "$jpid"; rc=$?
  kill -0 "$jpid" 2>/dev/null || break
done
kill "$wpid" 2>/dev/null
if ! kill -0 "$PPID" 2>/dev/null; then rm -rf "$run_dir"; fi
exit "$rc"
`;

export async function startNeo4j(): Promise<Neo4jServer> {
  const external = process.env.NEO4J_URI;
  if (external) {
    return {
      uri: external,
      username: process.env.NEO4J_USERNAME ?? USERNAME,
      password: process.env.NEO4J_PASSWORD ?? '',
      stop: async () => {},
    };
  }

  await runSetup();
  const libDir = path.join(installDir, 'lib');
  if (!existsSync(libDir)) throw new Error(`neo4j: ${libDir} missing after setup; run ${setupScript}`);

  let lastError: unknown;
  for (let attempt = 1; attempt <= MAX_PORT_ATTEMPTS; attempt++) {
    try {
      return await launch(libDir);
    } catch (err) {
      lastError = err;
      // Another process can grab the port between our probe and the JVM's
      // bind; that alone deserves a retry, anything else is a real failure.
      if (!(err instanceof PortTakenError)) throw err;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

async function launch(libDir: string): Promise<Neo4jServer> {
  const t0 = Date.now();
  const port = await freeLoopbackPort();
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'leakpath-neo4j-'));
  const confDir = path.join(runDir, 'conf');
  mkdirSync(confDir);
  writeFileSync(path.join(confDir, 'neo4j.conf'), serverConfig(port));

  const consoleLog = path.join(runDir, 'console.log');
  const logFd = openSync(consoleLog, 'a');
  const javaArgs = [
    '-Xms128m',
    '-Xmx768m',
    '-XX:+ExitOnOutOfMemoryError',
    // Measured on 2 cores: serial GC plus C1-only JIT cut start-up from ~9 s
    // to ~5.5 s; test graphs are too small for C2's peak speed to pay off.
    // NEO4J_TEST_JAVA_OPTS comes later on the command line and can undo this.
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    // The flags Neo4j's own launcher passes; without them its native IO
    // helpers and Netty fall back to slower paths and log warnings.
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dlog4j2.disable.jmx=true',
    '-Dfile.encoding=UTF-8',
    ...(process.env.NEO4J_TEST_JAVA_OPTS?.split(/\s+/).filter(Boolean) ?? []),
    '-cp',
    path.join(libDir, '*'),
    'org.neo4j.server.CommunityEntryPoint',
    `--home-dir=${runDir}`,
    `--config-dir=${confDir}`,
    '--console-mode',
  ];
  let child: ChildProcess;
  try {
    child = spawn('bash', ['-c', WRAPPER, 'neo4j-wrapper', runDir, process.env.JAVA ?? 'java', ...javaArgs], {
      // Own process group: stop() signals the wrapper, watchdog and JVM at once.
      detached: true,
      stdio: ['pipe', logFd, logFd],
      cwd: runDir,
    });
  } finally {
    closeSync(logFd);
  }

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<true>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(true);
    });
  });
  child.once('error', () => {}); // spawn failures surface as 'exit' too
  child.unref();
  (child.stdin as NodeJS.WritableStream & { unref?: () => void }).unref?.();

  const pgid = child.pid!;
  const signalGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // ESRCH: already gone.
    }
  };
  const removeRunDir = (): void => rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  // 'exit' handlers must be synchronous: no graceful shutdown, just make sure
  // neither the JVM nor its files outlive a test run that dies early.
  const onProcessExit = (): void => {
    signalGroup('SIGKILL');
    try {
      removeRunDir();
    } catch {
      // Best effort only; the wrapper also cleans up once it sees us gone.
    }
  };
  process.on('exit', onProcessExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (!exited) {
        signalGroup('SIGTERM');
        if (!(await within(exitPromise, STOP_GRACE_MS))) {
          signalGroup('SIGKILL');
          await within(exitPromise, 10_000);
        }
      }
      child.stdin?.destroy();
      process.off('exit', onProcessExit);
      removeRunDir();
    })());

  const uri = `bolt://127.0.0.1:${port}`;
  const deadline = t0 + START_TIMEOUT_MS;
  try {
    await waitForBolt(uri, deadline, () => {
      if (exited) return `process exited early (code ${exited.code}, signal ${exited.signal})`;
      // A bad config throws from main() but leaves non-daemon threads alive,
      // so the JVM would otherwise sit there until the start-up timeout.
      return fileContains(consoleLog, 'Exception in thread "main"') ? 'server main() threw' : undefined;
    });
    await setPassword(uri);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const logs = logTail(runDir, consoleLog);
    await stop();
    if (exited && /address already in use/i.test(logs)) throw new PortTakenError(`neo4j: port ${port} taken`);
    throw new Error(`neo4j: server did not become ready: ${why}\n--- server log tail ---\n${logs}`);
  }
  if (process.env.NEO4J_TEST_VERBOSE) {
    console.error(`neo4j: ready on ${uri} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
  return { uri, username: USERNAME, password: PASSWORD, stop };
}

/**
 * NEO4J_TEST_CONF (`key=value` lines or `;`-separated) replaces or adds settings: the benchmark
 * sizes the page cache and heap like docker-compose.yml so its figures are what a user gets.
 */
function serverConfig(port: number): string {
  const overrides = new Map(
    (process.env.NEO4J_TEST_CONF ?? '')
      .split(/[;\n]/)
      .map((l) => l.trim())
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()] as const),
  );
  const lines = defaultConfig(port).map((l) => {
    const key = l.slice(0, l.indexOf('='));
    const value = overrides.get(key);
    if (value === undefined) return l;
    overrides.delete(key);
    return `${key}=${value}`;
  });
  return [...lines.filter(Boolean), ...[...overrides].map(([k, v]) => `${k}=${v}`), ''].join('\n');
}

function defaultConfig(port: number): string[] {
  return [
    'server.default_listen_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${port}`,
    `server.bolt.advertised_address=127.0.0.1:${port}`,
    'server.bolt.enabled=true',
    // Only Bolt is used by leakpath; the HTTP API would need another free port.
    'server.http.enabled=false',
    'server.https.enabled=false',
    'dbms.security.auth_enabled=true',
    // Defaults size caches from total machine RAM; tests share 2 cores and
    // a modest heap, and the graphs are tiny.
    'server.memory.pagecache.size=64m',
    'db.tx_log.preallocate=false',
    // Never phone home from a test run.
    'dbms.usage_report.enabled=false',
    // Without these, shutdown idles ~10 s in Netty's graceful drain. They are
    // internal settings: if a version bump drops them, strict config
    // validation fails start-up with "Unrecognized setting" in the log.
    'internal.dbms.bolt.netty_server_shutdown_quiet_period=0',
    'internal.dbms.bolt.netty_server_shutdown_timeout=1',
    'internal.server.bolt.connection_shutdown_wait_time=0s',
    'internal.server.bolt.thread_pool_shutdown_wait_time=0s',
  ];
}

async function runSetup(): Promise<void> {
  const child = spawn('bash', [setupScript], {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true, // own group, so a timeout also ends Maven's JVM
  });
  const result = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  const code = await within(result, SETUP_TIMEOUT_MS);
  if (code === undefined) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    throw new Error(`neo4j: ${setupScript} did not finish within ${SETUP_TIMEOUT_MS / 1000}s`);
  }
  if (code !== 0) throw new Error(`neo4j: ${setupScript} failed (exit ${code}); see its output above`);
}

async function waitForBolt(uri: string, deadline: number, fatal: () => string | undefined): Promise<void> {
  let lastError = 'no attempt yet';
  for (;;) {
    const why = fatal();
    if (why) throw new Error(why);
    if (Date.now() > deadline)
      throw new Error(`timed out after ${START_TIMEOUT_MS / 1000}s; last error: ${lastError}`);
    const driver = neo4j.driver(uri, neo4j.auth.basic(USERNAME, INITIAL_PASSWORD), {
      connectionTimeout: 2_000,
    });
    try {
      await driver.verifyConnectivity();
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    } finally {
      await driver.close();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function setPassword(uri: string): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(USERNAME, INITIAL_PASSWORD));
  try {
    const session = driver.session({ database: 'system' });
    try {
      await session.run('ALTER CURRENT USER SET PASSWORD FROM $old TO $new', {
        old: INITIAL_PASSWORD,
        new: PASSWORD,
      });
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }
  const check = neo4j.driver(uri, neo4j.auth.basic(USERNAME, PASSWORD));
  try {
    await check.verifyConnectivity();
  } finally {
    await check.close();
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves to the promise's value, or to `undefined` once `ms` pass. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function fileContains(file: string, needle: string): boolean {
  try {
    return readFileSync(file, 'utf8').includes(needle);
  } catch {
    return false;
  }
}

function logTail(runDir: string, consoleLog: string): string {
  const tail = (file: string, lines: number): string => {
    try {
      return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(none)';
    }
  };
  return [
    `[console]`,
    tail(consoleLog, 40),
    `[debug.log]`,
    tail(path.join(runDir, 'logs', 'debug.log'), 20),
  ].join('\n');
}
