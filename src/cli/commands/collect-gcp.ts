import type { Command } from 'commander';
import { SnapshotStore } from '../../store/store.js';
import { globals, log, parsePositiveInt, warn } from '../context.js';

interface GcpOptions {
  keyFile?: string;
  projects?: string;
  rootUrl?: string;
  saveRaw?: string;
  maxWait: number;
  timeout: number;
  usage?: boolean;
}

/** `leakpath collect gcp`: a Google Cloud organisation (or the projects the caller sees) through the official clients. */
export function registerCollectGcp(collect: Command): void {
  collect
    .command('gcp')
    .description('collect Google Cloud (hierarchy, allow and deny policies, service accounts and keys, custom roles, workload identity pools, Cloud Asset policy search, usage: last authentication and policy insights) with Application Default Credentials, --key-file, or GOOGLE_OAUTH_ACCESS_TOKEN')
    .option('--key-file <file>', 'service-account key file to call Google as (only google-auth-library reads it; the private key is never printed or stored)')
    .option('--projects <ids>', 'comma-separated project ids or numbers (default: every project the caller can see)')
    .option('--root-url <url>', 'one root URL for every Google API (Private Service Connect endpoint, or a test server)')
    .option('--save-raw <dir>', 'also write every response in the formats `leakpath ingest <dir>` reads (gcloud JSON shapes and gcp-raw/1)')
    .option('--max-wait <seconds>', 'longest wait on a throttled request (429 / 503, honouring Retry-After) before recording a coverage gap', parsePositiveInt('--max-wait'), 120)
    .option('--timeout <seconds>', 'per-request timeout', parsePositiveInt('--timeout'), 60)
    .option('--no-usage', "skip each project's usage reads (Policy Intelligence last authentication of service accounts and keys, IAM policy insights: three paged listings per project)")
    .action(async (opts: GcpOptions, cmd: Command) => {
      const { store, quiet } = globals(cmd);
      await new SnapshotStore(store).assertWritable();
      const startedAt = new Date();
      // The Google clients load only here: every other command starts without them.
      const [{ gcpAuth, READ_ONLY_CLOUD }, { collectGcp }, { prepareRawDir, saveRawFiles, savedName }, { recordCollected }, { startProgress }] = await Promise.all([
        import('../../../collectors/gcp/live/auth.js'),
        import('../../../collectors/gcp/live/collect.js'),
        import('../../../collectors/gcp/live/save-raw.js'),
        import('../../ingest/ingest.js'),
        import('../progress.js'),
      ]);
      if (opts.saveRaw) await prepareRawDir(opts.saveRaw);
      const auth = gcpAuth({ keyFile: opts.keyFile, scopes: [READ_ONLY_CLOUD] });
      const progress = startProgress('gcp: projects', { quiet, minimum: 10 });
      const collection = await collectGcp({
        auth,
        rootUrl: opts.rootUrl,
        projects: opts.projects?.split(',').map((s) => s.trim()).filter(Boolean),
        maxWaitMs: opts.maxWait * 1000,
        timeoutMs: opts.timeout * 1000,
        usage: opts.usage !== false,
        log: quiet ? () => {} : log,
        onProject: (done, total) => progress.update(done, total),
      });
      progress.stop();
      if (opts.saveRaw) {
        await saveRawFiles(opts.saveRaw, 'gcp', collection.files);
        log(`gcp: ${collection.files.length} files saved under ${opts.saveRaw}`);
      }
      // Named as --save-raw writes them (gcp/NNNN-….json): usage sources carry the base name, so a
      // live run and the ingest of its saved files give the same usage report.
      const { summary, snapshot } = await recordCollected(collection.files.map((f, i) => ({ file: `gcp-live:gcp/${savedName(f, i)}`, json: f.json })), { startedAt }, store, log);
      for (const w of snapshot.run.warnings) warn(w);
      const credentials = snapshot.graph.nodes.filter((n) => n.kind === 'Credential');
      console.log(`snapshot ${summary.id} written to ${store}`);
      console.log(`  gcp: ${collection.organizations.length ? `organization(s) ${collection.organizations.join(', ')}; ` : ''}${collection.projects} project(s); ${collection.files.length} files; ${collection.gaps.length} coverage gap(s)`);
      console.log(`  ${summary.nodes} nodes, ${summary.edges} edges; ${credentials.length} credentials; ${snapshot.graph.nodes.filter((n) => n.tierZero).length} tier-zero nodes`);
    });
}
