import { z } from 'zod';
import { InputError } from '../errors.js';
import { recordPath } from '../ingest/validate.js';

/**
 * The `sources:`, `retention:` and `neo4j:` sections of leakpath.config.yaml, read by
 * `leakpath snapshot` and `leakpath schedule`. Authentication is only ever referenced (an
 * environment variable's name, a file's path, a profile), never written inline.
 */

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = z.string().regex(ENV_NAME, 'expected an environment variable name');
const name = z.string().min(1).regex(/^[\w.-]+$/, 'expected letters, digits, ".", "_" or "-"').optional();

const offlineSource = z
  .object({
    name,
    /** Files or directories of exports, relative to the config file. */
    offline: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  })
  .strict();

const awsSource = z
  .object({
    name,
    aws: z
      .object({
        regions: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).optional(),
        assumeRole: z.string().min(1).optional(),
        maxAttempts: z.number().int().positive().optional(),
        /** A profile of the shared config / credentials files; default the SDK's chain (AWS_PROFILE, AWS_ACCESS_KEY_ID…). */
        profile: z.string().min(1).optional(),
        /** A shared credentials file to read the profile from, instead of ~/.aws/credentials. */
        credentialsFile: z.string().min(1).optional(),
        saveRaw: z.string().min(1).optional(),
      })
      .strict(),
  })
  .strict();

const azureSource = z
  .object({
    name,
    azure: z
      .object({
        tenant: z.string().min(1).optional(),
        clientId: z.string().min(1).optional(),
        /** The environment variable holding the client secret (default AZURE_CLIENT_SECRET when clientId is set). */
        clientSecretEnv: envName.optional(),
        /** A PEM file with the certificate and its private key. */
        certificateFile: z.string().min(1).optional(),
        managedIdentity: z.union([z.boolean(), z.string().min(1)]).optional(),
        authorityHost: z.string().url().optional(),
        graphEndpoint: z.string().url().optional(),
        armEndpoint: z.string().url().optional(),
        subscriptions: z.array(z.string().min(1)).optional(),
        maxRetries: z.number().int().positive().optional(),
        saveRaw: z.string().min(1).optional(),
      })
      .strict(),
  })
  .strict();

export const sourceSchema = z.union([offlineSource, awsSource, azureSource]);

export const retentionSchema = z
  .object({
    /** Keep the newest N snapshots. */
    keepLast: z.number().int().positive().optional(),
    /** Keep snapshots taken within D days of the newest. */
    keepDays: z.number().positive().optional(),
  })
  .strict();

export const neo4jTargetSchema = z
  .object({
    push: z.boolean().default(true),
    uri: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    database: z.string().min(1).optional(),
    graph: z.string().min(1).optional(),
    /** The environment variable holding the password (default NEO4J_PASSWORD). */
    passwordEnv: envName.optional(),
  })
  .strict();

export type SourceConfig = z.infer<typeof sourceSchema>;
export type RetentionConfig = z.infer<typeof retentionSchema>;
export type Neo4jTarget = z.infer<typeof neo4jTargetSchema>;

export function sourceName(s: SourceConfig, i: number): string {
  return s.name ?? ('offline' in s ? `offline-${i + 1}` : 'aws' in s ? `aws-${i + 1}` : `azure-${i + 1}`);
}

export function sourceType(s: SourceConfig): 'offline' | 'aws' | 'azure' {
  return 'offline' in s ? 'offline' : 'aws' in s ? 'aws' : 'azure';
}

/** Keys whose value is a secret itself (compared without case, `-` or `_`). */
const SECRET_KEYS = new Set([
  'secret', 'password', 'passwd', 'pass', 'token', 'apikey', 'privatekey', 'clientsecret', 'secretaccesskey',
  'accesskey', 'accesskeyid', 'sessiontoken', 'awssecretaccesskey', 'awsaccesskeyid', 'connectionstring', 'credentials', 'credential',
]);

/** Values that look like credentials whatever their key: key ids, provider secret formats, keys, tokens. */
const SECRET_VALUES: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^(AKIA|ASIA)[A-Z0-9]{16}$/,
  /^[A-Za-z0-9/+]{40}$/, // AWS secret access key
  /^[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}$/, // Entra client secret
  /^eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*$/, // JWT
  /^gh[pousr]_[A-Za-z0-9]{30,}$/,
  /^github_pat_\w{30,}$/,
  /^xox[abprs]-[\w-]{10,}$/,
  /^sk-[A-Za-z0-9_-]{20,}$/,
  /^AIza[\w-]{35}$/,
];

/**
 * Refuses a config that carries a secret inline, naming where it is and never what it is: a
 * config file is committed, copied into images and shown in reviews.
 */
export function refuseInlineSecrets(raw: unknown, file: string, at: PropertyKey[] = []): void {
  if (Array.isArray(raw)) {
    raw.forEach((v, i) => refuseInlineSecrets(v, file, [...at, i]));
    return;
  }
  if (raw !== null && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) refuseInlineSecrets(v, file, [...at, k]);
    return;
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') return;
  const key = typeof at[at.length - 1] === 'string' ? (at[at.length - 1] as string).toLowerCase().replace(/[-_]/g, '') : '';
  const value = String(raw);
  if (SECRET_KEYS.has(key) || SECRET_VALUES.some((r) => r.test(value.trim()))) {
    throw new InputError(
      file,
      recordPath(at),
      'no inline secret: leakpath never reads credentials from its config. Reference them instead: an environment variable by name (clientSecretEnv, passwordEnv), a file by path (certificateFile, credentialsFile) or an AWS profile',
    );
  }
}
