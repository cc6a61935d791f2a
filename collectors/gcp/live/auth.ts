import { auth as googleAuth } from 'googleapis/build/src/apis/iam/index.js';
import { UsageError } from '../../../src/errors.js';

export interface GcpAuthOptions {
  /** A service-account key file; only google-auth-library reads it (its private key never passes through leakpath). */
  keyFile?: string;
  scopes: string[];
  /** Domain-wide delegation: the Workspace user the service account acts as. */
  subject?: string;
  env?: NodeJS.ProcessEnv;
}

export type GcpAuth = InstanceType<typeof googleAuth.GoogleAuth> | InstanceType<typeof googleAuth.OAuth2>;

/**
 * The credentials the collectors call Google with: an access token from GOOGLE_OAUTH_ACCESS_TOKEN
 * (as `gcloud auth print-access-token` prints it; the same variable Terraform's Google provider
 * reads), else a key file, else Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS,
 * gcloud's application-default login, the metadata server).
 */
export function gcpAuth(o: GcpAuthOptions): GcpAuth {
  const env = o.env ?? process.env;
  const token = env.GOOGLE_OAUTH_ACCESS_TOKEN;
  if (token) {
    if (o.keyFile) throw new UsageError('GOOGLE_OAUTH_ACCESS_TOKEN and --key-file are both set: use one');
    if (o.subject) throw new UsageError('--subject (domain-wide delegation) needs a service-account key (--key-file), not GOOGLE_OAUTH_ACCESS_TOKEN: the token already names its user');
    const client = new googleAuth.OAuth2();
    client.setCredentials({ access_token: token });
    return client;
  }
  return new googleAuth.GoogleAuth({
    ...(o.keyFile ? { keyFile: o.keyFile } : {}),
    scopes: o.scopes,
    ...(o.subject ? { clientOptions: { subject: o.subject } } : {}),
  });
}

export const READ_ONLY_CLOUD = 'https://www.googleapis.com/auth/cloud-platform.read-only';
