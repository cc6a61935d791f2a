// Runs moto's standalone server (a local emulator of the AWS APIs) for tests.
// The server is installed into a private venv by scripts/test-servers/moto/setup.sh,
// so the only machine prerequisite is python3.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MotoServer {
  /** Base URL to hand to AWS SDK clients as `endpoint`. */
  endpoint: string;
  stop(): Promise<void>;
  /** Drops every resource in every account/region of this moto server. */
  reset(): Promise<void>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const setupScript = join(repoRoot, 'scripts', 'test-servers', 'moto', 'setup.sh');
const venvDir = process.env.MOTO_VENV ?? join(repoRoot, '.test-servers', 'moto-venv');

// A cold install (pip resolving ~40 wheels) takes ~30 s here; the script caps
// pip itself at 600 s, so this only guards against the script wedging.
const SETUP_TIMEOUT_MS = 660_000;
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const LOG_TAIL_LINES = 40;

/** POSTs moto's reset hook; exported so test files that only know the endpoint can use it. */
export async function resetMoto(endpoint: string): Promise<void> {
  const res = await fetch(new URL('/moto-api/reset', endpoint), {
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) {
    throw new Error(`moto reset at ${endpoint} failed: HTTP ${res.status} ${await res.text()}`);
  }
}

export async function startMoto(): Promise<MotoServer> {
  const external = process.env.AWS_ENDPOINT_URL;
  if (external) {
    // Someone else owns this server's lifetime (CI service, a developer's own moto).
    return { endpoint: external, stop: async () => {}, reset: () => resetMoto(external) };
  }

  await runSetup();

  // Another process can grab the port between probing and moto binding it;
  // a couple of retries make that race harmless.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(await freePort());
    } catch (err) {
      lastError = err;
      if (!(err instanceof PortInUseError)) throw err;
    }
  }
  throw lastError;
}

class PortInUseError extends Error {}

async function runSetup(): Promise<void> {
  const output: string[] = [];
  const child = spawn('bash', [setupScript], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOTO_VENV: venvDir },
  });
  // Forwarded live so a first-time install does not look like a hang.
  const forward = (chunk: Buffer) => {
    output.push(chunk.toString());
    process.stderr.write(chunk);
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);

  const code = await new Promise<number | null>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`moto setup (${setupScript}) did not finish within ${SETUP_TIMEOUT_MS / 1000}s`));
    }, SETUP_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${setupScript}: ${err.message}`));
    });
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolvePromise(exitCode);
    });
  });
  if (code !== 0) {
    throw new Error(`moto setup failed (exit ${code}):\n${output.join('').trim()}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolvePromise(port) : reject(new Error('no free port'))));
    });
  });
}

// Python prelude exec'd in place of moto_server: on Linux it asks the kernel to
// SIGKILL the server when the Node thread that spawned it dies, which covers
// the cases no 'exit' handler sees (SIGKILL/SIGTERM of Node, a crashed worker).
// Elsewhere it degrades to a plain exec.
const PRELUDE = `
import os, sys
if sys.platform.startswith("linux"):
    import ctypes, signal
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != int(sys.argv[1]):
        sys.exit("moto: parent exited before the server started")
os.execv(sys.argv[2], sys.argv[2:])
`;

async function launch(port: number): Promise<MotoServer> {
  const python = join(venvDir, 'bin', 'python');
  const motoServer = join(venvDir, 'bin', 'moto_server');
  if (!existsSync(motoServer)) {
    throw new Error(`${motoServer} is missing after setup; rerun ${setupScript}`);
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const logTail: string[] = [];
  const child = spawn(
    python,
    ['-c', PRELUDE, String(process.pid), motoServer, '-H', '127.0.0.1', '-p', String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        // Attack paths hinge on AWS-managed policies (AdministratorAccess, ...);
        // without this moto rejects attaching them. Costs ~1 s on each account's
        // first IAM call, so an explicit MOTO_IAM_LOAD_MANAGED_POLICIES=false wins.
        MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
        ...process.env,
        PYTHONUNBUFFERED: '1',
      },
    },
  );
  const keepTail = (chunk: Buffer) => {
    logTail.push(...chunk.toString().split('\n').filter(Boolean));
    if (logTail.length > LOG_TAIL_LINES) logTail.splice(0, logTail.length - LOG_TAIL_LINES);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  // A caller that never calls stop() must not keep Node alive forever; the
  // 'exit' hook below still takes the server down with it.
  child.unref();
  (child.stdout as Socket | null)?.unref();
  (child.stderr as Socket | null)?.unref();

  // Last resort for a normal-but-unplanned Node exit (uncaught error, process.exit
  // from a reporter) where stop() was never awaited; must be synchronous.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let exited = false;
  const exitPromise = new Promise<void>((resolvePromise) => {
    child.once('exit', () => {
      exited = true;
      process.removeListener('exit', killOnExit);
      resolvePromise();
    });
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    if (await settlesWithin(exitPromise, STOP_GRACE_MS)) return;
    child.kill('SIGKILL');
    if (!(await settlesWithin(exitPromise, STOP_GRACE_MS))) {
      throw new Error(`moto server pid ${child.pid} did not exit after SIGKILL`);
    }
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`could not start ${motoServer}: ${spawnError.message}`);
    if (exited) {
      const tail = logTail.join('\n');
      if (/address already in use/i.test(tail)) throw new PortInUseError(`port ${port} taken`);
      throw new Error(`moto server exited during startup (code ${child.exitCode}); log tail:\n${tail}`);
    }
    if (await answers(endpoint)) {
      return { endpoint, stop, reset: () => resetMoto(endpoint) };
    }
    await sleep(150);
  }
  await stop().catch(() => {});
  throw new Error(
    `moto server on ${endpoint} did not answer HTTP within ${READY_TIMEOUT_MS / 1000}s; log tail:\n` +
      logTail.join('\n'),
  );
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    // Any HTTP status means the WSGI app is serving; only connection errors mean "not yet".
    const res = await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

function settlesWithin(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
