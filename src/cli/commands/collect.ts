import type { Command } from 'commander';
import { collectAws } from '../../../collectors/aws/live/collect.js';
import { prepareRawDir, saveRaw } from '../../../collectors/aws/live/save-raw.js';
import { recordRun } from '../../ingest/ingest.js';
import { parseDocuments } from '../../ingest/read-inputs.js';
import { globals, log, parsePositiveInt } from '../context.js';
import { registerCollectAzure } from './collect-azure.js';
import { registerCollectGithub } from './collect-github.js';
import { registerCollectK8s } from './collect-k8s.js';

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
    .action(
      async (
        opts: { regions?: string; assumeRole?: string; saveRaw?: string; maxAttempts?: number },
        cmd: Command,
      ) => {
        const { store } = globals(cmd);
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
          progress: log,
        });
        if (opts.saveRaw) {
          await saveRaw(opts.saveRaw, collection.files);
          log(`aws: ${collection.files.length} responses saved under ${opts.saveRaw}`);
        }
        const read = parseDocuments(
          collection.files.map((f) => ({ file: `aws-live:${f.path}`, json: f.envelope })),
        );
        const { summary, snapshot } = await recordRun(
          { kind: 'collect', startedAt, read, warnings: collection.warnings },
          store,
          log,
        );
        for (const w of snapshot.run.warnings) log(`warning: ${w}`);
        const credentials = snapshot.graph.nodes.filter((n) => n.kind === 'Credential');
        const tierZero = snapshot.graph.nodes.filter((n) => n.tierZero);
        console.log(`snapshot ${summary.id} written to ${store}`);
        console.log(
          `  aws: account(s) ${collection.accounts.join(', ')}; region(s) ${collection.regions.join(', ')}; ${collection.files.length} responses`,
        );
        console.log(
          `  ${summary.nodes} nodes, ${summary.edges} edges; ${credentials.length} credentials; ${tierZero.length} tier-zero identities`,
        );
        if (credentials[0]) console.log(`next: leakpath blast ${credentials[0].name}`);
      },
    );

  registerCollectAzure(collect);
  registerCollectGithub(collect);
  registerCollectK8s(collect);
}
