import type { Command } from 'commander';
import path from 'node:path';
import { loadConfig } from '../../config/config.js';
import { SnapshotStore } from '../../store/store.js';
import { globals, log } from '../context.js';
import { packageRoot } from '../package-root.js';
import { blastAll, renderReport } from './report.js';

/** The demo's own store, so that it never mixes with (or replaces the latest of) the user's. */
export const DEMO_STORE = '.leakpath-demo';

export function demoEstateDir(): string {
  return path.join(packageRoot(), 'examples', 'demo-estate');
}

export function demoConfigFile(): string {
  return path.join(packageRoot(), 'examples', 'demo-config.yaml');
}

/** Quotes a path for the suggested command line when it needs it. */
const shellWord = (s: string) => (/^[\w./:@=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(`ingest the bundled sample estate (three AWS accounts) into its own store (${DEMO_STORE}, or --store) and report every credential; no cloud access needed`)
    .action(async (_opts, cmd: Command) => {
      const options = globals(cmd);
      const explicitStore = cmd.getOptionValueSourceWithGlobals('store') === 'cli' || cmd.getOptionValueSourceWithGlobals('store') === 'env';
      const store = explicitStore ? options.store : DEMO_STORE;
      const configFile = options.config ?? demoConfigFile();
      const dir = demoEstateDir();
      await new SnapshotStore(store).assertWritable();
      const [{ ingest }, { EmbeddedEngine }, { analysisTime }] = await Promise.all([import('../../ingest/ingest.js'), import('../../query/embedded/engine.js'), import('../../snapshot/facts.js')]);
      log(`leakpath demo: sample estate ${dir}`);
      const { summary, snapshot } = await ingest([dir], store, log);
      console.log(`demo snapshot ${summary.id} in store ${store} (${summary.nodes} nodes, ${summary.edges} edges); crown jewels from ${configFile}\n`);
      // The snapshot just written is in hand: query it in memory rather than read it back.
      const config = await loadConfig(configFile);
      const results = await blastAll(new EmbeddedEngine(snapshot.graph, config, { at: analysisTime(snapshot) }));
      console.log(renderReport(results, 'text', { detail: 1, colour: true }));
      const worst = results[0];
      const again = `leakpath --store ${shellWord(store)} --config ${shellWord(configFile)}`;
      console.log(`\nexplore further (same store and config, so the scores agree):`);
      if (worst) console.log(`  ${again} blast ${worst.credential.name}`);
      console.log(`  ${again} report --all-credentials`);
      console.log(`  ${again} who-can-reach <ARN>`);
    });
}
