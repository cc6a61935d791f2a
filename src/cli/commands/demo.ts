import type { Command } from 'commander';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from '../../ingest/ingest.js';
import { loadConfig } from '../../config/config.js';
import { EmbeddedEngine } from '../../query/embedded/engine.js';
import { globals, log } from '../context.js';
import { blastAll, renderReport } from './report.js';

/** Found from the installed package, whether run from sources (tsx) or from dist/. */
export function demoEstateDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = here.includes(`${path.sep}dist${path.sep}`) ? here.slice(0, here.lastIndexOf(`${path.sep}dist${path.sep}`)) : path.resolve(here, '../../..');
  return path.join(root, 'examples', 'demo-estate');
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('ingest the bundled sample estate (three AWS accounts) and report every credential; no cloud access needed')
    .action(async (_opts, cmd: Command) => {
      const options = globals(cmd);
      const dir = demoEstateDir();
      log(`leakpath demo: sample estate ${dir}`);
      const { summary, snapshot } = await ingest([dir], options.store, log);
      log(`snapshot ${summary.id} in ${options.store} (${summary.nodes} nodes, ${summary.edges} edges)\n`);
      // The snapshot just written is in hand: query it in memory rather than read it back.
      const config = await loadConfig(options.config ?? path.join(dir, '..', 'demo-config.yaml'));
      console.log(renderReport(await blastAll(new EmbeddedEngine(snapshot.graph, config)), 'text', 1));
      log('\nexplore further: leakpath blast <key id> | leakpath paths --from <key id> | leakpath who-can-reach <ARN>');
    });
}
