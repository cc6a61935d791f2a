import type { Inventory } from '../src/model/inventory/index.js';

/** What a parse may need besides the document: the store's salt for hashing secret values. */
export interface ParseContext {
  /** Hex; secret values found in a document are kept only as hashes under it (src/model/secret-hash.ts). */
  salt: string;
}

/** One export format a source understands, recognised by its shape. */
export interface OfflineFormat<Part> {
  name: string;
  /** Cheap shape test on parsed JSON; the full validation happens in parse. */
  detect(json: unknown): boolean;
  /** Validates and converts; throws InputError naming file, record and expectation. */
  parse(json: unknown, file: string, context: ParseContext): Part;
}

/**
 * A source (aws, azure, …) reads files into parts, then merges all parts of one ingest into one
 * inventory, because facts about one account are spread over several files.
 */
export interface OfflineSource<Part> {
  provider: Inventory['provider'];
  formats: readonly OfflineFormat<Part>[];
  merge(parts: readonly { file: string; part: Part }[]): { inventory: Inventory; warnings: string[] };
}

// Parts are opaque outside their source; the registry holds sources of any part type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOfflineSource = OfflineSource<any>;
