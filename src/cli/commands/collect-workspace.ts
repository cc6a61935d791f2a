import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { SnapshotStore } from '../../store/store.js';
import { globals, log, parsePositiveInt, warn } from '../context.js';

interface WorkspaceOptions {
  keyFile?: string;
  subject?: string;
  customer: string;
  rootUrl?: string;
  saveRaw?: string;
  with?: string;
  maxWait: number;
  timeout: number;
}

/** `leakpath collect workspace`: Google Workspace through the Admin SDK, read-only. */
export function registerCollectWorkspace(collect: Command): void {
  collect
    .command('workspace')
    .description('collect Google Workspace (users, admin roles, OAuth grants, domain-wide delegation events) with the Admin SDK, read-only: a service account with domain-wide delegation acting as --subject, or GOOGLE_OAUTH_ACCESS_TOKEN of an administrator')
    .option('--key-file <file>', 'service-account key file (default: Application Default Credentials); only google-auth-library reads it')
    .option('--subject <email>', 'the Workspace administrator the service account acts as (domain-wide delegation of the read-only scopes in docs/gcp.md)')
    .option('--customer <id>', 'Workspace customer id', 'my_customer')
    .option('--with <dir>', 'also read this GCP export or --save-raw directory, so delegation meets the service accounts it names')
    .option('--root-url <url>', 'root URL of the Admin SDK (a test server)')
    .option('--save-raw <dir>', 'also write every Admin SDK response (pages joined); `leakpath ingest <dir>` reads them back')
    .option('--max-wait <seconds>', 'longest wait on a throttled request before recording a coverage gap', parsePositiveInt('--max-wait'), 120)
    .option('--timeout <seconds>', 'per-request timeout', parsePositiveInt('--timeout'), 60)
    .action(async (opts: WorkspaceOptions, cmd: Command) => {
      const { store, quiet } = globals(cmd);
      await new SnapshotStore(store).assertWritable();
      if (!opts.subject && !process.env.GOOGLE_OAUTH_ACCESS_TOKEN) throw new UsageError('give --subject admin@your-domain (a service account with domain-wide delegation acts as that administrator), or set GOOGLE_OAUTH_ACCESS_TOKEN to an administrator\'s token');
      const startedAt = new Date();
      const [{ gcpAuth }, { collectWorkspace, WORKSPACE_SCOPES }, { prepareRawDir, saveRawFiles, savedName }, { recordCollected }, { readDocuments }, { startProgress }] = await Promise.all([
        import('../../../collectors/gcp/live/auth.js'),
        import('../../../collectors/workspace/live/collect.js'),
        import('../../../collectors/gcp/live/save-raw.js'),
        import('../../ingest/ingest.js'),
        import('../../ingest/read-inputs.js'),
        import('../progress.js'),
      ]);
      if (opts.saveRaw) await prepareRawDir(opts.saveRaw);
      const alongside = opts.with ? await readDocuments([opts.with]) : [];
      const auth = gcpAuth({ keyFile: opts.keyFile, subject: opts.subject, scopes: WORKSPACE_SCOPES });
      const progress = startProgress('workspace: users', { quiet, minimum: 50 });
      const collection = await collectWorkspace({
        auth,
        rootUrl: opts.rootUrl,
        customer: opts.customer,
        maxWaitMs: opts.maxWait * 1000,
        timeoutMs: opts.timeout * 1000,
        log: quiet ? () => {} : log,
        onUser: (done, total) => progress.update(done, total),
      });
      progress.stop();
      if (opts.saveRaw) {
        await saveRawFiles(opts.saveRaw, 'workspace', collection.files);
        log(`workspace: ${collection.files.length} files saved under ${opts.saveRaw}`);
      }
      const { summary, snapshot } = await recordCollected([...alongside, ...collection.files.map((f, i) => ({ file: `workspace-live:${savedName(f, i)}`, json: f.json }))], { startedAt }, store, log);
      for (const w of snapshot.run.warnings) warn(w);
      console.log(`snapshot ${summary.id} written to ${store}`);
      console.log(`  workspace: ${collection.users} user(s); ${collection.tokens} OAuth grant(s); ${collection.files.length} files; ${collection.gaps.length} coverage gap(s)`);
      console.log(`  ${summary.nodes} nodes, ${summary.edges} edges; ${snapshot.graph.nodes.filter((n) => n.tierZero).length} tier-zero nodes`);
    });
}
