import path from 'node:path';
import type { Inventory, UsageSourceRef } from '../../../src/model/inventory/index.js';
import type { UsagePart } from './part.js';

/**
 * A source is named by its file's base name: a live collection (`aws-live:…`) and the ingest of its
 * `--save-raw` files then hold the same inventory, and the run record keeps the full paths.
 */
const named = (ref: UsageSourceRef): UsageSourceRef => ({ ...ref, file: path.basename(ref.file) });

/** Every usage export of one ingest → one inventory; observations are combined by the analysis. */
export function mergeUsageParts(parts: readonly { file: string; part: UsagePart }[]): { inventory: Inventory; warnings: string[] } {
  return {
    inventory: {
      provider: 'usage',
      identities: parts.flatMap((p) => p.part.identities.map((i) => ({ ...i, source: named(i.source) }))),
      credentials: parts.flatMap((p) => p.part.credentials.map((c) => ({ ...c, source: named(c.source) }))),
      sources: parts.flatMap((p) => p.part.sources.map(named)),
    },
    warnings: parts.flatMap((p) => p.part.warnings),
  };
}
