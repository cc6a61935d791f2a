/**
 * `npm run bench -- --dense [--scales 1k,10k] [--azure 2k] [--cloud 1k,10k] [--neo4j]`: each dense scale in a child process
 * (bench/dense-run.ts) so peak memory is per scale, then one table. Builds dist/ first when it is
 * missing so the whole-process `leakpath blast` figure is the installed CLI's, not tsx's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function option(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i > 0 && argv[i + 1] ? argv[i + 1]! : fallback;
}

const f = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? '—' : x.toFixed(digits));

export function runDense(argv: readonly string[]): void {
  const scales = option(argv, '--scales', '1k,10k').split(',').filter((s) => s !== 'none');
  const azure = option(argv, '--azure', '2k');
  // bench/dense-cloud-estate.ts: group-wide Azure RBAC and project-wide GCP impersonation (`--cloud none` skips).
  const cloud = option(argv, '--cloud', '1k');
  const bin = path.join(root, 'bin/leakpath.js');
  if (!existsSync(path.join(root, 'dist/src/cli/main.js'))) {
    console.log('building dist/ for the whole-process figures…');
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  }
  const rows: Record<string, unknown>[] = [];
  const clouds = cloud === 'none' ? [] : cloud.split(',').flatMap((c) => [`azure-dense-${c}`, `gcp-dense-${c}`]);
  for (const scale of [...scales, ...(azure === 'none' ? [] : [`azure-${azure}`]), ...clouds]) {
    const out = execFileSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', path.join(root, 'bench/dense-run.ts'), scale, '--leakpath', bin], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const row = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | null>;
    rows.push(row);
    console.log(
      `dense ${String(row.scale).padEnd(10)} roles=${row.roles} nodes=${row.nodes} edges before folding ${row.edgesUnfolded}, after ${row.edges} (${row.hubs} hubs) | parse ${f(row.parseMs)} ms | analysis ${f(row.analyseMs)} ms (CPU ${f(row.analyseCpuMs)} ms) | peak RSS ${f(row.maxRssMiB)} MiB (heap ${f(row.heapAfterAnalysisMiB)}) | snapshot ${row.writeMs === null ? `write failed (${String(row.snapshotError)})` : `${f((row.snapshotBytes ?? 0) / 2 ** 20, 1)} MiB write ${f(row.writeMs)} ms read ${f(row.readMs)} ms (graph only ${f(row.readGraphMs)} ms)`} | blast p50 ${f(row.blastP50, 1)} ms p95 ${f(row.blastP95, 1)} ms | leakpath blast process ${f(row.processBlastMs)} ms (CPU ${f(row.processBlastCpuMs)} ms)`,
    );
  }
  // Neo4j push rate on the same estates (needs the test server or NEO4J_URI): `--neo4j`.
  if (argv.includes('--neo4j')) {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/neo4j.ts'), '--dense', scales.join(',')], { cwd: root, stdio: 'inherit' });
  }
}
