import type { Inventory } from '../../../src/model/inventory/index.js';
import type { UsagePart } from './part.js';

/** Every usage export of one ingest → one inventory; observations are combined by the analysis. */
export function mergeUsageParts(parts: readonly { file: string; part: UsagePart }[]): { inventory: Inventory; warnings: string[] } {
  return {
    inventory: {
      provider: 'usage',
      identities: parts.flatMap((p) => p.part.identities),
      credentials: parts.flatMap((p) => p.part.credentials),
      sources: parts.flatMap((p) => p.part.sources),
    },
    warnings: parts.flatMap((p) => p.part.warnings),
  };
}
