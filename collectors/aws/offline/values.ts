import { z } from 'zod';

/**
 * Environment variables, build variables and stack parameters hold configuration and, far too
 * often, credentials. leakpath keeps only their names; from a value it keeps the identifiers an
 * analyst may search for (AWS access key ids, which are not secret) and the fact that it looked
 * like a secret. The value itself is never stored, logged or saved.
 */

/**
 * What is left of a value after redaction. `--save-raw` writes this object in place of each value
 * so that re-ingesting a saved collection yields the same facts as the live run.
 */
export const redactedValueSchema = z
  .object({
    leakpath: z.literal('redacted'),
    credentialIds: z.array(z.string()).default([]),
    looksLikeSecret: z.string().optional(),
  })
  .strict();

export type RedactedValue = z.infer<typeof redactedValueSchema>;

/** A value as the CLI prints it, or as leakpath (or a careful user) redacted it. */
export const configValueSchema = z.union([z.string(), redactedValueSchema]);
export type ConfigValue = z.infer<typeof configValueSchema>;

const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g;

/** Pattern → the kind of secret it is; checked in order, first match wins. */
const SECRET_SHAPES: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key'],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{30,}/, 'GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'GitLab token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'Slack token'],
  [/\b[sr]k_live_[A-Za-z0-9]{16,}/, 'Stripe key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'Google API key'],
  [/\bsk-[A-Za-z0-9_-]{20,}/, 'API key (sk-…)'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/, 'JSON Web Token'],
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, 'URL with a password'],
];

/** 40 characters of base64 with mixed case and digits: the shape of an AWS secret access key. */
const AWS_SECRET = /^[A-Za-z0-9/+]{40}$/;
const SECRET_NAME = /secret|passw|pwd|token|api[_-]?key|private[_-]?key|credential|auth/i;
/** Values that point at a secret elsewhere rather than holding one. */
const REFERENCE = /^(?:arn:|\/|\{\{resolve:|\$\{|ssm:|secretsmanager:)/;

export function credentialIdsIn(value: string): string[] {
  return [...new Set(value.match(ACCESS_KEY_ID) ?? [])];
}

/** Why a value looks like a secret, or undefined. Uses the variable name as a hint. */
export function secretKind(name: string, value: string): string | undefined {
  for (const [pattern, kind] of SECRET_SHAPES) if (pattern.test(value)) return kind;
  if (AWS_SECRET.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value))
    return 'AWS secret access key';
  if (SECRET_NAME.test(name) && value.length >= 8 && !REFERENCE.test(value))
    return `value of a variable named like a secret`;
  return undefined;
}

export function redact(name: string, value: ConfigValue): RedactedValue {
  if (typeof value !== 'string') return value;
  const looksLikeSecret = secretKind(name, value);
  return {
    leakpath: 'redacted',
    credentialIds: credentialIdsIn(value),
    ...(looksLikeSecret ? { looksLikeSecret } : {}),
  };
}

export interface ConfigFacts {
  names: string[];
  /** Names whose value looked like a secret. */
  secretNames: string[];
  credentialIds: string[];
  warnings: string[];
}

/**
 * Name → value pairs → what may be kept. `where` names the record for warnings, which never quote
 * a value.
 */
export function inspectConfig(entries: readonly [string, ConfigValue][], where: string): ConfigFacts {
  const names: string[] = [];
  const secretNames: string[] = [];
  const credentialIds = new Set<string>();
  const warnings: string[] = [];
  for (const [name, value] of entries) {
    names.push(name);
    const r = redact(name, value);
    for (const id of r.credentialIds) credentialIds.add(id);
    if (r.looksLikeSecret) {
      secretNames.push(name);
      warnings.push(
        `${where}: variable ${name} holds what looks like a secret (${r.looksLikeSecret}); leakpath kept its name only, the value is stored nowhere`,
      );
    }
  }
  return {
    names: [...names].sort(),
    secretNames: [...secretNames].sort(),
    credentialIds: [...credentialIds].sort(),
    warnings,
  };
}
