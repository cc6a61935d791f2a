import type { AwsAccessKey } from '../../../src/model/inventory/index.js';
import { parseOrThrow } from '../../../src/ingest/validate.js';
import { createAccessKeySchema, listAccessKeysSchema } from './schema.js';

export function looksLikeAccessKeys(json: unknown): boolean {
  return typeof json === 'object' && json !== null && ('AccessKeyMetadata' in json || 'AccessKey' in json);
}

export interface ParsedAccessKeys {
  keys: AwsAccessKey[];
  warnings: string[];
}

/**
 * `aws iam list-access-keys` or `aws iam create-access-key` output. The latter carries the secret:
 * it is dropped here, before anything else sees it, and only its presence is reported.
 */
export function parseAccessKeys(json: unknown, file: string): ParsedAccessKeys {
  const warnings: string[] = [];
  let records;
  if (typeof json === 'object' && json !== null && 'AccessKey' in json) {
    const parsed = parseOrThrow(createAccessKeySchema, json, file, 'create-access-key output');
    records = [parsed.AccessKey];
  } else {
    records = parseOrThrow(listAccessKeysSchema, json, file, 'list-access-keys output').AccessKeyMetadata;
  }
  const keys = records.map((r, i) => {
    if ('SecretAccessKey' in r) {
      warnings.push(
        `${file}: record ${i} (${r.AccessKeyId}) contains a SecretAccessKey; it was dropped and is stored nowhere. Rotate that key: the file itself holds a live secret.`,
      );
    }
    return {
      accessKeyId: r.AccessKeyId,
      userName: r.UserName,
      // An expired key authenticates nothing, like an inactive one.
      status: r.Status === 'Active' ? ('Active' as const) : ('Inactive' as const),
      createDate: r.CreateDate,
    };
  });
  return { keys, warnings };
}
