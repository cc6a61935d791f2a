import type { Command } from 'commander';
import { SnapshotStore } from '../../store/store.js';
import { globals, log, parsePositiveInt, warn } from '../context.js';
import { registerCollectAzure } from './collect-azure.js';
import { registerCollectGcp } from './collect-gcp.js';
import { registerCollectGithub } from './collect-github.js';
import { registerCollectK8s } from './collect-k8s.js';
import { registerCollectWorkspace } from './collect-workspace.js';

/** The AWS SDK's own warning that its 2027 releases need Node 22 takes eight lines; say it in one. */
export function quietSdkNodeWarning(env: NodeJS.ProcessEnv = process.env, version = process.versions.node): void {
  const SILENCE = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  if (env[SILENCE] !== undefined || Number(version.split('.')[0]) >= 22) return;
  env[SILENCE] = 'true';
  warn(`Node ${version}: collect aws works, but AWS SDK releases from January 2027 need Node 22 or later; upgrade Node to keep getting them`);
}

/**
 * `leakpath collect <source>`: one subcommand per live source. Each fetches, then hands what it
 * fetched to the same parsers as `ingest`, so a live run and the ingest of its --save-raw files
 * agree.
 */
export function registerCollect(program: Command): void {
  const collect = program
    .command('collect')
    .description("collect live from a source's APIs into a new snapshot");

  collect
    .command('aws')
    .description(
      'collect AWS with the SDK credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID…); honours AWS_ENDPOINT_URL',
    )
    .option(
      '--regions <list>',
      'comma-separated regions, or "all" for every enabled region (default: the configured region)',
    )
    .option(
      '--assume-role <name>',
      'also collect every active account of the organization by assuming this role in it',
    )
    .option(
      '--save-raw <dir>',
      'also write every response as an aws-cli/1 envelope file; `leakpath ingest <dir>` reads them back',
    )
    .option(
      '--max-attempts <n>',
      'attempts per request (adaptive retry on throttling)',
      parsePositiveInt('--max-attempts'),
    )
    .option(
      '--no-last-accessed',
      'skip the service/action last-accessed report of each user and role (one IAM job per identity, polled)',
    )
    .action(
      async (
        opts: { regions?: string; assumeRole?: string; saveRaw?: string; maxAttempts?: number; lastAccessed?: boolean },
        cmd: Command,
      ) => {
        const { store } = globals(cmd);
        await new SnapshotStore(store).assertWritable();
        quietSdkNodeWarning();
        // The SDKs load only here: every other command starts without them.
        const [{ collectAws }, { prepareRawDir, saveRaw }, { recordCollected }] = await Promise.all([
          import('../../../collectors/aws/live/collect.js'),
          import('../../../collectors/aws/live/save-raw.js'),
          import('../../ingest/ingest.js'),
        ]);
        if (opts.saveRaw) await prepareRawDir(opts.saveRaw);
        const startedAt = new Date();
        const regions =
          opts.regions === 'all'
            ? 'all'
            : opts.regions
                ?.split(',')
                .map((r) => r.trim())
                .filter(Boolean);
        const collection = await collectAws({
          regions,
          assumeRole: opts.assumeRole,
          maxAttempts: opts.maxAttempts,
          lastAccessed: opts.lastAccessed !== false,
          progress: log,
        });
        if (opts.saveRaw) {
          await saveRaw(opts.saveRaw, collection.files);
          log(`aws: ${collection.files.length} responses saved under ${opts.saveRaw}`);
        }
        const { summary, snapshot } = await recordCollected(collection.files.map((f) => ({ file: `aws-live:${f.path}`, json: f.envelope })), { startedAt, warnings: collection.warnings }, store, log);
        for (const w of snapshot.run.warnings) warn(w);
        const credentials = snapshot.graph.nodes.filter((n) => n.kind === 'Credential');
        const tierZero = snapshot.graph.nodes.filter((n) => n.tierZero);
        console.log(`snapshot ${summary.id} written to ${store}`);
        console.log(
          `  aws: account(s) ${collection.accounts.join(', ')}; region(s) ${collection.regions.join(', ')}; ${collection.files.length} responses`,
        );
        console.log(
          `  ${summary.nodes} nodes, ${summary.edges} edges; ${credentials.length} credentials; ${tierZero.length} tier-zero identities`,
        );
        console.log(credentials[0] ? `next: leakpath blast ${credentials[0].aliases?.[0] ?? credentials[0].id}` : 'next: leakpath report --principals');
      },
    );

  registerCollectAzure(collect);
  registerCollectGcp(collect);
  registerCollectGithub(collect);
  registerCollectK8s(collect);
  registerCollectWorkspace(collect);
}
