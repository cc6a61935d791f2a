import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '../../../bin/leakpath.js');

/** The built CLI run as a child (async, so the loopback replay in the same process can answer). */
export function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Node and edge ids of a store's (only) snapshot, with its run warnings and tier-zero nodes. */
export function graphOf(store: string): { nodes: string[]; edges: string[]; warnings: string[]; tierZero: string[] } {
  const dir = path.join(store, 'snapshots');
  const snap = JSON.parse(readFileSync(path.join(dir, readdirSync(dir).filter((f) => f.endsWith('.json'))[0]!), 'utf8'));
  return { nodes: snap.graph.nodes.map((n: { id: string }) => n.id).sort(), edges: snap.graph.edges.map((e: { id: string }) => e.id).sort(), warnings: snap.run.warnings, tierZero: snap.graph.nodes.filter((n: { tierZero?: boolean }) => n.tierZero).map((n: { id: string }) => n.id).sort() };
}

