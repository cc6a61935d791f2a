import type { UsageInventory } from '../../../src/model/inventory/index.js';

/** What one usage export contributes; merged per ingest into one usage inventory. */
export type UsagePart = Omit<UsageInventory, 'provider'> & { warnings: string[] };

/**
 * An ISO time as Date.parse takes it, or undefined. Microsoft's documented examples write
 * offsets as `-8:00`; they are padded (`-08:00`) rather than refused.
 */
export function isoTime(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const padded = value.replace(/([+-])(\d):(\d\d)$/, '$10$2:$3');
  const ms = Date.parse(padded);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export { later } from '../../../src/analysis/unused/window.js';
