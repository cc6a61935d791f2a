import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { subjectFields, type KubeconfigAuth, type KubeconfigUser } from '../analysis/kubernetes/kubeconfig.js';
import { UsageError } from '../errors.js';

const userSchema = z
  .object({
    token: z.string().optional(),
    tokenFile: z.string().optional(),
    'client-certificate-data': z.string().optional(),
    'client-certificate': z.string().optional(),
    exec: z.object({ command: z.string().optional() }).loose().optional(),
    'auth-provider': z.object({ name: z.string().optional() }).loose().optional(),
    username: z.string().optional(),
  })
  .loose()
  .nullish();

const kubeconfigSchema = z
  .object({
    users: z.array(z.object({ name: z.string(), user: userSchema }).loose()).nullish().transform((v) => v ?? []),
    contexts: z.array(z.object({ name: z.string(), context: z.object({ cluster: z.string(), user: z.string() }).loose() }).loose()).nullish().transform((v) => v ?? []),
    'current-context': z.string().nullish(),
  })
  .loose();

/**
 * The credential of one kubeconfig context's user, read in memory. Only the user name, cluster
 * name and context name ever reach a message; token and key stay here (the private key is not
 * even read: the certificate's subject is enough).
 */
export function readKubeconfigUser(file: string, context: string | undefined): KubeconfigUser {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read --kubeconfig ${file}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new UsageError(`${file}: not YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}; expected a kubeconfig`);
  }
  const parsed = kubeconfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}; expected a kubeconfig (clusters, users, contexts)`);
  }
  const kc = parsed.data;
  const name = context ?? kc['current-context'] ?? undefined;
  if (!name) throw new UsageError(`${file}: no current-context; pass --context (contexts: ${kc.contexts.map((c) => c.name).join(', ') || 'none'})`);
  const ctx = kc.contexts.find((c) => c.name === name);
  if (!ctx) throw new UsageError(`${file}: no context "${name}" (contexts: ${kc.contexts.map((c) => c.name).join(', ') || 'none'})`);
  const user = kc.users.find((u) => u.name === ctx.context.user);
  if (!user) throw new UsageError(`${file}: context "${name}" names user "${ctx.context.user}", which is not in users`);
  return { context: name, cluster: ctx.context.cluster, userName: user.name, auth: authOf(file, user.name, user.user ?? {}) };
}

function authOf(file: string, userName: string, u: NonNullable<z.infer<typeof userSchema>>): KubeconfigAuth {
  const rel = (p: string) => path.resolve(path.dirname(file), p);
  const read = (p: string, what: string) => {
    try {
      return readFileSync(rel(p), 'utf8');
    } catch {
      throw new UsageError(`${file}: user "${userName}": cannot read its ${what} ${p}`);
    }
  };
  if (u.token !== undefined) return { kind: 'token', token: u.token.trim() };
  if (u.tokenFile !== undefined) return { kind: 'token', token: read(u.tokenFile, 'tokenFile').trim() };
  const pem = u['client-certificate-data'] !== undefined ? Buffer.from(u['client-certificate-data'], 'base64').toString('utf8') : u['client-certificate'] !== undefined ? read(u['client-certificate'], 'client-certificate') : undefined;
  if (pem !== undefined) {
    let subject: string;
    try {
      subject = new X509Certificate(pem).subject;
    } catch {
      throw new UsageError(`${file}: user "${userName}": client certificate is not a PEM X.509 certificate`);
    }
    const { cn, o } = subjectFields(subject);
    if (!cn) throw new UsageError(`${file}: user "${userName}": the client certificate's subject has no CN (the Kubernetes user name)`);
    return { kind: 'certificate', user: cn, groups: o };
  }
  if (u.exec) {
    return { kind: 'unsupported', how: `an exec plugin (${u.exec.command ?? 'command not named'})`, need: 'leakpath does not run credential plugins: run it yourself and blast what it yields (--token-file for a service-account token), or blast the cloud identity it maps to (EKS: the IAM role or user in the aws-auth ConfigMap / access entry; GKE and AKS: the Google or Entra account)' };
  }
  if (u['auth-provider']) return { kind: 'unsupported', how: `the ${u['auth-provider'].name ?? ''} auth-provider`, need: 'blast the cloud or OIDC identity it signs in as' };
  if (u.username !== undefined) return { kind: 'unsupported', how: 'basic authentication (username/password)', need: 'blast k8s:<cluster>:user:<username> for its RBAC rights' };
  return { kind: 'unsupported', how: 'no credential', need: 'a token, tokenFile or client certificate' };
}
