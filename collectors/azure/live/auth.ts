import {
  ClientCertificateCredential,
  ClientSecretCredential,
  DefaultAzureCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { SourceUnreachableError, UsageError } from '../../../src/errors.js';

export interface AzureAuthOptions {
  tenantId?: string;
  clientId?: string;
  /** PEM file with the certificate and its private key. */
  certificatePath?: string;
  /** Use a managed identity; a string selects a user-assigned one by client id. */
  managedIdentity?: boolean | string;
  /** Entra authority for sovereign clouds (or a test server). */
  authorityHost?: string;
  /** Where secrets come from: the environment, never the command line (it shows in `ps` and shell history). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The credential the collector signs in with: an explicit certificate, client secret (from
 * AZURE_CLIENT_SECRET) or managed identity when asked for, else the default chain (environment,
 * workload identity, managed identity, Azure CLI…).
 */
export function azureCredential(o: AzureAuthOptions): TokenCredential {
  const env = o.env ?? process.env;
  const tenantId = o.tenantId ?? env.AZURE_TENANT_ID;
  const clientId = o.clientId ?? env.AZURE_CLIENT_ID;
  // A custom authority is not one Entra's instance discovery knows; without this MSAL refuses it.
  const authority = o.authorityHost ? { authorityHost: o.authorityHost, disableInstanceDiscovery: true } : {};

  if (o.managedIdentity) {
    return typeof o.managedIdentity === 'string' ? new ManagedIdentityCredential({ clientId: o.managedIdentity }) : new ManagedIdentityCredential();
  }
  if (o.certificatePath) {
    if (!tenantId || !clientId) throw new UsageError('--certificate needs --tenant and --client-id (or AZURE_TENANT_ID / AZURE_CLIENT_ID)');
    return new ClientCertificateCredential(tenantId, clientId, { certificatePath: o.certificatePath }, authority);
  }
  const secret = env.AZURE_CLIENT_SECRET;
  if (secret && tenantId && clientId) return new ClientSecretCredential(tenantId, clientId, secret, authority);
  return new DefaultAzureCredential({ ...(tenantId ? { tenantId } : {}), ...authority });
}

/** @azure/identity's errors when no credential of the chain could sign in (their messages list every attempt). */
const SIGN_IN_ERRORS = new Set(['CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationRequiredError']);

/**
 * One clear line, with what to do, instead of the chain's multi-line report; undefined when the
 * error is not a sign-in failure.
 */
export function signInFailure(e: unknown): SourceUnreachableError | undefined {
  const name = (e as { name?: unknown } | undefined)?.name;
  if (typeof name !== 'string' || !SIGN_IN_ERRORS.has(name)) return undefined;
  const err = new SourceUnreachableError(
    'could not sign in to Azure: no usable credential found. Run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or pass --managed-identity or --certificate (--debug shows every attempt)',
  );
  err.cause = e;
  return err;
}
