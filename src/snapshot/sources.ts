import { fromIni } from '@aws-sdk/credential-providers';
import path from 'node:path';
import { collectAws } from '../../collectors/aws/live/collect.js';
import { prepareRawDir, saveRaw } from '../../collectors/aws/live/save-raw.js';
import { azureCredential } from '../../collectors/azure/live/auth.js';
import { collectAzure } from '../../collectors/azure/live/collect.js';
import { prepareAzureRawDir, saveAzureRaw } from '../../collectors/azure/live/save-raw.js';
import type { SourceConfig } from '../config/sources.js';
import { UsageError } from '../errors.js';
import { readDocuments } from '../ingest/read-inputs.js';

/** What one configured source yielded: documents for the parsers, and what it could not read. */
export interface SourceYield {
  documents: { file: string; json: unknown }[];
  gaps: string[];
}

/** Paths in the config are relative to the config file, so a config works from any directory. */
const resolve = (baseDir: string, p: string) => path.resolve(baseDir, p);

/** Runs one source: reads offline paths, or collects live with the referenced credentials. */
export async function runSource(source: SourceConfig, baseDir: string, progress: (line: string) => void): Promise<SourceYield> {
  if ('offline' in source) {
    const paths = (Array.isArray(source.offline) ? source.offline : [source.offline]).map((p) => resolve(baseDir, p));
    return { documents: await readDocuments(paths), gaps: [] };
  }
  if ('aws' in source) {
    const o = source.aws;
    const credentials = o.profile || o.credentialsFile ? fromIni({ ...(o.profile ? { profile: o.profile } : {}), ...(o.credentialsFile ? { filepath: resolve(baseDir, o.credentialsFile) } : {}) }) : undefined;
    const collection = await collectAws({
      ...(o.regions ? { regions: o.regions } : {}),
      ...(o.assumeRole ? { assumeRole: o.assumeRole } : {}),
      ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}),
      ...(credentials ? { credentials } : {}),
      progress,
    });
    if (o.saveRaw) {
      const dir = resolve(baseDir, o.saveRaw);
      await prepareRawDir(dir);
      await saveRaw(dir, collection.files);
    }
    return { documents: collection.files.map((f) => ({ file: `aws-live:${f.path}`, json: f.envelope })), gaps: collection.warnings };
  }
  const o = source.azure;
  const env = { ...process.env };
  if (o.clientSecretEnv) {
    const secret = process.env[o.clientSecretEnv];
    if (secret === undefined) throw new UsageError(`environment variable ${o.clientSecretEnv} (clientSecretEnv) is not set`);
    env.AZURE_CLIENT_SECRET = secret;
  }
  const credential = azureCredential({
    ...(o.tenant ? { tenantId: o.tenant } : {}),
    ...(o.clientId ? { clientId: o.clientId } : {}),
    ...(o.certificateFile ? { certificatePath: resolve(baseDir, o.certificateFile) } : {}),
    ...(o.managedIdentity !== undefined ? { managedIdentity: o.managedIdentity } : {}),
    ...(o.authorityHost ? { authorityHost: o.authorityHost } : {}),
    env,
  });
  const collection = await collectAzure({
    credential,
    ...(o.graphEndpoint ? { graphEndpoint: o.graphEndpoint } : {}),
    ...(o.armEndpoint ? { armEndpoint: o.armEndpoint } : {}),
    ...(o.subscriptions ? { subscriptions: o.subscriptions } : {}),
    ...(o.maxRetries ? { maxRetries: o.maxRetries } : {}),
    progress,
  });
  if (o.saveRaw) {
    const dir = resolve(baseDir, o.saveRaw);
    await prepareAzureRawDir(dir);
    await saveAzureRaw(dir, collection.files);
  }
  return {
    documents: collection.files.map((f, i) => ({ file: `azure-live:${i + 1}-${f.kind}`, json: f })),
    gaps: collection.gaps.map((g) => `tenant ${g.tenantId}: ${g.what}: ${g.reason}`),
  };
}
