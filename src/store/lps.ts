import { open, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseOrThrow } from '../ingest/validate.js';
import type { AttackGraph } from '../model/graph.js';
import type { Inventory } from '../model/inventory/index.js';
import { decodeValue, DecodeError, encodeValue } from './codec.js';
import { crc32 } from './crc32.js';
import type { RunRecord, Snapshot } from './snapshot.js';
import { checkGraph } from './validate.js';

/**
 * The snapshot file, `snapshots/<id>.lps`:
 *
 *   preamble  16 bytes   magic "\x89LPSNAP\n", u32 LE format version, u32 LE 0
 *   sections  …          the graph, then one per inventory, each a codec.ts value
 *   header    H bytes    JSON: id, createdAt, run record, counts, and per section its offset,
 *                        length and CRC-32
 *   trailer   24 bytes   u32 LE H, u32 LE CRC-32 of the header, u64 LE header offset,
 *                        magic "\x89LPSEND\n"
 *
 * The header comes last so that a writer streams one section at a time and never holds the whole
 * file (or one string of it) in memory; a reader reads the trailer, the header, and then only the
 * sections it needs, each checked against its CRC. A file cut short loses its trailer, so
 * truncation anywhere is caught before any section is decoded.
 */
export const LPS_FORMAT_VERSION = 1;
const MAGIC = Buffer.from('\x89LPSNAP\n', 'latin1');
const END_MAGIC = Buffer.from('\x89LPSEND\n', 'latin1');
const PREAMBLE = 16;
const TRAILER = 24;

export interface LpsSection {
  name: 'graph' | 'inventory';
  /** The inventory's provider, so a reader can pick inventories without decoding them. */
  provider?: string;
  offset: number;
  length: number;
  crc32: number;
}

/** What the header says about a snapshot: everything but the graph and the inventories. */
export interface LpsMeta {
  format: 'leakpath-snapshot';
  formatVersion: number;
  schemaVersion: number;
  id: string;
  createdAt: string;
  run: RunRecord;
  nodes: number;
  edges: number;
  sections: LpsSection[];
}

const metaSchema = z
  .object({
    format: z.literal('leakpath-snapshot'),
    formatVersion: z.number(),
    schemaVersion: z.number(),
    id: z.string().min(1),
    createdAt: z.string(),
    run: z.object({ kind: z.string(), sources: z.array(z.unknown()), warnings: z.array(z.unknown()) }).loose(),
    nodes: z.number().int().nonnegative(),
    edges: z.number().int().nonnegative(),
    sections: z.array(
      z.object({
        name: z.enum(['graph', 'inventory']),
        provider: z.string().optional(),
        offset: z.number().int().nonnegative(),
        length: z.number().int().nonnegative(),
        crc32: z.number().int().nonnegative(),
      }),
    ),
  })
  .loose();

/** Writes the whole file through `handle` (a temporary file: the caller renames it into place). */
export async function writeLps(handle: FileHandle, snapshot: Snapshot): Promise<void> {
  let offset = 0;
  const put = async (chunks: readonly Buffer[]): Promise<number> => {
    let crc = 0;
    for (const chunk of chunks) {
      crc = crc32(chunk, crc);
      for (let done = 0; done < chunk.length; ) {
        const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, offset);
        done += bytesWritten;
        offset += bytesWritten;
      }
    }
    return crc;
  };
  const preamble = Buffer.alloc(PREAMBLE);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt32LE(LPS_FORMAT_VERSION, 8);
  await put([preamble]);

  const sections: LpsSection[] = [];
  const section = async (name: LpsSection['name'], value: unknown, provider?: string) => {
    const start = offset;
    // Encoded one section at a time: memory holds the largest section's bytes, not the file's.
    const crc = await put(encodeValue(value));
    sections.push({ name, ...(provider !== undefined ? { provider } : {}), offset: start, length: offset - start, crc32: crc });
  };
  await section('graph', snapshot.graph);
  for (const inventory of snapshot.inventories) await section('inventory', inventory, inventory.provider);

  const meta: LpsMeta = {
    format: 'leakpath-snapshot',
    formatVersion: LPS_FORMAT_VERSION,
    schemaVersion: snapshot.schemaVersion,
    id: snapshot.id,
    createdAt: snapshot.createdAt,
    run: snapshot.run,
    nodes: snapshot.graph.nodes.length,
    edges: snapshot.graph.edges.length,
    sections,
  };
  const header = Buffer.from(JSON.stringify(meta), 'utf8');
  const headerOffset = offset;
  await put([header]);
  const trailer = Buffer.alloc(TRAILER);
  trailer.writeUInt32LE(header.length, 0);
  trailer.writeUInt32LE(crc32(header), 4);
  trailer.writeUInt32LE(headerOffset % 2 ** 32, 8);
  trailer.writeUInt32LE(Math.floor(headerOffset / 2 ** 32), 12);
  END_MAGIC.copy(trailer, 16);
  await put([trailer]);
}

/** An opened snapshot file: its header read and checked, its sections read on demand. */
export interface LpsFile {
  meta: LpsMeta;
  graph(): Promise<AttackGraph>;
  /** Inventories in the order they were written; `wanted` picks providers without decoding the rest. */
  inventories(wanted?: (provider: string | undefined) => boolean): Promise<Inventory[]>;
}

/**
 * Opens a snapshot file and checks its frame and header. Every problem is an InputError naming
 * the file and what was expected; nothing of the file's content is echoed.
 */
export async function openLps(file: string): Promise<LpsFile> {
  const bad = (expected: string): InputError => new InputError(file, '', `expected a leakpath snapshot file: ${expected}; the store may be damaged (re-ingest, or remove the snapshot)`);
  const { meta, size } = await withHandle(file, async (handle) => {
    const size = (await handle.stat()).size;
    if (size < PREAMBLE + TRAILER) throw bad(`the file is ${size} bytes, shorter than any snapshot (truncated?)`);
    const preamble = await readAt(handle, file, 0, PREAMBLE);
    if (!preamble.subarray(0, 8).equals(MAGIC)) throw bad('it does not start with the snapshot signature');
    const version = preamble.readUInt32LE(8);
    if (version !== LPS_FORMAT_VERSION) throw bad(`format version ${LPS_FORMAT_VERSION}, found ${version} (written by another leakpath version?)`);
    if (preamble.readUInt32LE(12) !== 0) throw bad('zero in bytes 12–15');
    const trailer = await readAt(handle, file, size - TRAILER, TRAILER);
    if (!trailer.subarray(16).equals(END_MAGIC)) throw bad(`it does not end with the snapshot trailer (${size} bytes: truncated, or appended to?)`);
    const headerLength = trailer.readUInt32LE(0);
    const headerOffset = trailer.readUInt32LE(8) + trailer.readUInt32LE(12) * 2 ** 32;
    if (headerOffset < PREAMBLE || headerOffset + headerLength + TRAILER !== size) throw bad(`a header of ${headerLength} bytes at ${headerOffset} ending where the trailer starts (${size - TRAILER})`);
    const header = await readAt(handle, file, headerOffset, headerLength);
    if (crc32(header) !== trailer.readUInt32LE(4)) throw bad('a header matching its checksum');
    let json: unknown;
    try {
      json = JSON.parse(header.toString('utf8'));
    } catch {
      throw bad('a JSON header');
    }
    parseOrThrow(metaSchema, json, file, 'the header of a leakpath snapshot');
    const meta = json as LpsMeta;
    let at = PREAMBLE;
    meta.sections.forEach((s, i) => {
      if (s.offset !== at) throw new InputError(file, `sections[${i}]`, `expected section ${i} at byte ${at}, found ${s.offset}`);
      at = s.offset + s.length;
    });
    if (at !== headerOffset) throw bad(`sections ending at the header (${headerOffset}), found ${at}`);
    if (meta.sections.filter((s) => s.name === 'graph').length !== 1) throw bad('one graph section');
    return { meta, size };
  });

  const read = async (sections: LpsSection[]): Promise<unknown[]> =>
    withHandle(file, async (handle) => {
      if ((await handle.stat()).size !== size) throw bad('the same file the header was read from (it changed while being read)');
      const values: unknown[] = [];
      for (const s of sections) {
        const where = s.name === 'graph' ? 'the graph section' : `the ${s.provider ?? ''} inventory section`;
        const bytes = await readAt(handle, file, s.offset, s.length);
        if (crc32(bytes) !== s.crc32) throw new InputError(file, where, `expected ${s.length} bytes matching the section's checksum: the file is damaged`);
        try {
          values.push(decodeValue(bytes));
        } catch (e) {
          if (e instanceof DecodeError || e instanceof RangeError) throw new InputError(file, where, `expected an encoded snapshot section: ${e.message}`);
          throw e;
        }
      }
      return values;
    });

  return {
    meta,
    async graph() {
      const [graph] = await read(meta.sections.filter((s) => s.name === 'graph'));
      if (typeof graph !== 'object' || graph === null || !Array.isArray((graph as AttackGraph).nodes) || !Array.isArray((graph as AttackGraph).edges)) {
        throw new InputError(file, 'the graph section', 'expected the graph: nodes and edges');
      }
      checkGraph(graph as AttackGraph, file);
      return graph as AttackGraph;
    },
    async inventories(wanted = () => true) {
      const picked = meta.sections.filter((s) => s.name === 'inventory' && wanted(s.provider));
      const values = await read(picked);
      values.forEach((v, i) => {
        if (typeof v !== 'object' || v === null || typeof (v as { provider?: unknown }).provider !== 'string') {
          throw new InputError(file, `the ${picked[i]!.provider ?? ''} inventory section`, 'expected an inventory with a provider');
        }
      });
      return values as Inventory[];
    },
  };
}

async function withHandle<T>(file: string, fn: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** Exactly `length` bytes at `position` (a read may return fewer: loop). */
async function readAt(handle: FileHandle, file: string, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; ) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new InputError(file, '', `expected ${length} bytes at ${position}: the file ends before (truncated while being read?)`);
    done += bytesRead;
  }
  return buf;
}
