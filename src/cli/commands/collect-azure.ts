import type { Command } from 'commander';
import { SnapshotStore } from '../../store/store.js';
import { globals, log, parsePositiveInt, warn } from '../context.js';

interface AzureOptions {
  tenant?: string;
  clientId?: string;
  certificate?: string;
  managedIdentity?: boolean | string;
  authorityHost?: string;
  graphEndpoint?: string;
  armEndpoint?: string;
  subscriptions?: string;
  readSecretValues?: boolean;
  saveRaw?: string;
  maxRetries?: number;
}

/** `leakpath collect azure`: Entra ID through Microsoft Graph, Azure through ARM, into a snapshot. */
export function registerCollectAzure(collect: Command): void {
  collect
    .command('azure')
    .description('collect Entra ID (Microsoft Graph) and Azure (ARM); signs in with the Azure default credential chain unless told otherwise')
    .option('--tenant <id>', 'tenant id (default: AZURE_TENANT_ID)')
    .option('--client-id <id>', 'app (client) id to sign in as; the secret is read from AZURE_CLIENT_SECRET, never from the command line')
    .option('--certificate <pem>', 'sign in with this certificate (PEM with private key) instead of a secret')
    .option('--managed-identity [clientId]', 'sign in with the managed identity of this machine (optionally a user-assigned one)')
    .option('--authority-host <url>', 'Entra authority (sovereign clouds)')
    .option('--graph-endpoint <url>', 'Microsoft Graph endpoint', 'https://graph.microsoft.com')
    .option('--arm-endpoint <url>', 'Azure Resource Manager endpoint', 'https://management.azure.com')
    .option('--subscriptions <ids>', 'comma-separated subscription ids (default: all the identity can see)')
    .option('--read-secret-values', 'read key-vault secret values only to recognise which credential each holds; values are discarded at once, never stored')
    .option('--save-raw <dir>', 'also write every listing as an azure-raw/1 file; `leakpath ingest <dir>` reads them back')
    .option('--max-retries <n>', 'retries per request on throttling and transient errors', parsePositiveInt('--max-retries'))
    .action(async (opts: AzureOptions, cmd: Command) => {
      const { store } = globals(cmd);
      await new SnapshotStore(store).assertWritable();
      // The SDKs load only here: every other command starts without them.
      const [{ azureCredential }, { collectAzure }, { prepareAzureRawDir, saveAzureRaw }, { recordCollected }] = await Promise.all([
        import('../../../collectors/azure/live/auth.js'),
        import('../../../collectors/azure/live/collect.js'),
        import('../../../collectors/azure/live/save-raw.js'),
        import('../../ingest/ingest.js'),
      ]);
      if (opts.saveRaw) await prepareAzureRawDir(opts.saveRaw);
      const startedAt = new Date();
      const credential = azureCredential({
        tenantId: opts.tenant,
        clientId: opts.clientId,
        certificatePath: opts.certificate,
        managedIdentity: opts.managedIdentity,
        authorityHost: opts.authorityHost,
      });
      const collection = await collectAzure({
        credential,
        graphEndpoint: opts.graphEndpoint,
        armEndpoint: opts.armEndpoint,
        subscriptions: opts.subscriptions?.split(',').map((s) => s.trim()).filter(Boolean),
        readSecretValues: opts.readSecretValues === true,
        maxRetries: opts.maxRetries,
        progress: log,
      });
      if (opts.saveRaw) {
        await saveAzureRaw(opts.saveRaw, collection.files, collection.usage);
        log(`azure: ${collection.files.length} listings saved under ${opts.saveRaw}`);
      }
      const documents = [
        ...collection.files.map((f, i) => ({ file: `azure-live:${i + 1}-${f.kind}`, json: f as unknown })),
        ...collection.usage.map((u) => ({ file: `azure-live:usage-${u.report}`, json: u.json as unknown })),
      ];
      const { summary, snapshot } = await recordCollected(documents, { startedAt }, store, log);
      for (const w of snapshot.run.warnings) warn(w);
      const credentials = snapshot.graph.nodes.filter((n) => n.kind === 'Credential');
      const tierZero = snapshot.graph.nodes.filter((n) => n.tierZero);
      console.log(`snapshot ${summary.id} written to ${store}`);
      console.log(`  azure: tenant ${collection.tenantId}; ${collection.files.length} listings; ${collection.gaps.length} coverage gap(s)`);
      console.log(`  ${summary.nodes} nodes, ${summary.edges} edges; ${credentials.length} credentials; ${tierZero.length} tier-zero nodes`);
    });
}
