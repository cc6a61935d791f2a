import { readFile } from 'node:fs/promises';
import { looksLikeJwt } from '../analysis/kubernetes/jwt.js';
import { matchServiceAccountToken } from '../analysis/kubernetes/token-match.js';
import { UsageError } from '../errors.js';
import { SnapshotStore } from '../store/store.js';
import { globals, log } from './context.js';
import { readKeyFile } from './key-file.js';
import { quoted } from '../echo.js';

export interface StartOptions {
  /** A GCP service-account key file: only private_key_id and client_email are read. */
  keyFile?: string;
  /** A leaked Kubernetes service-account token (JWT). */
  tokenFile?: string;
  /** When to judge a token's expiry (ISO time); default now. */
  at?: string;
}

export interface StartingPoint {
  nodeId: string;
  /** Says what to add to the inventory when the start is not in it (a key file's key). */
  explain?: (e: UsageError) => UsageError;
}

/**
 * The node a blast starts from: the argument as given, a GCP key file's key, or the service
 * account a leaked token names (`--token-file`, or a JWT pasted as the argument). Key files and
 * tokens are read in memory only; nothing of them but identifiers is kept or printed.
 */
export async function startingPoint(argument: string | undefined, opts: StartOptions, g: ReturnType<typeof globals>): Promise<StartingPoint> {
  // `blast -`: the credential comes on stdin (`blast - < leaked.txt`), out of shell history and ps.
  const given = argument === '-' ? await readStdin() : argument;
  if (opts.keyFile !== undefined) {
    const key = readKeyFile(opts.keyFile);
    return {
      nodeId: key.nodeId,
      explain: (e) =>
        new UsageError(`${e.message}\nkey ${key.keyId} of ${key.clientEmail} is not in the inventory (add \`gcloud iam service-accounts keys list\` or the Cloud Asset export); to assume it is valid, blast gcp:sa:${key.clientEmail}`),
    };
  }
  const pasted = given !== undefined && looksLikeJwt(given) ? given : undefined;
  if (opts.tokenFile === undefined && pasted === undefined) return { nodeId: given! };
  let token = pasted;
  if (opts.tokenFile !== undefined) {
    try {
      token = await readFile(opts.tokenFile, 'utf8');
    } catch {
      throw new UsageError(`cannot read --token-file ${opts.tokenFile}`);
    }
  }
  const at = opts.at === undefined ? new Date() : new Date(opts.at);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at must be an ISO date-time, got ${quoted(opts.at!)}`);
  const snapshot = await new SnapshotStore(g.store).read(g.snapshot);
  const match = matchServiceAccountToken(token!, snapshot.inventories, at);
  for (const w of match.warnings) log(`leakpath: ${w}`);
  log(`leakpath: the token is service account ${match.claims.namespace}/${match.claims.serviceAccount} of cluster ${match.cluster}${match.claims.expiresAt ? ` (expires ${match.claims.expiresAt})` : ' (no expiry)'}`);
  return { nodeId: match.nodeId };
}

/** What was piped in, trimmed; a pasted secret never appears on the command line. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('`blast -` reads the credential from stdin: pipe or redirect it (`leakpath blast - < file`)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new UsageError('`blast -` expects one credential on stdin, got more than 1 MB');
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') throw new UsageError('`blast -` read nothing from stdin: pipe or redirect the credential');
  return text;
}
