import type { Snapshot } from './snapshot.js';

/** Objects and arrays this shallow are written member by member; deeper ones as one string each. */
const STREAM_DEPTH = 4;
const PIECE = 1 << 16;

/**
 * A snapshot as the JSON a store held before the binary format (`JSON.stringify(snapshot)`, same
 * keys and order), produced piece by piece: a snapshot too large for one string (V8 caps a string
 * near 512 MiB) still exports. Yields strings of about 64 KiB.
 */
export function* snapshotJson(snapshot: Snapshot): Generator<string> {
  const ordered: Snapshot = { schemaVersion: snapshot.schemaVersion, id: snapshot.id, createdAt: snapshot.createdAt, run: snapshot.run, inventories: snapshot.inventories, graph: snapshot.graph };
  let piece = '';
  for (const s of pieces(ordered, 0)) {
    piece += s;
    if (piece.length >= PIECE) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}\n`;
}

function* pieces(value: unknown, depth: number): Generator<string> {
  const v = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  if (depth >= STREAM_DEPTH || v === null || typeof v !== 'object') {
    yield JSON.stringify(v) ?? 'null';
    return;
  }
  if (Array.isArray(v)) {
    yield '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) yield ',';
      yield* pieces(v[i], depth + 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [k, member] of Object.entries(v as Record<string, unknown>)) {
    // What JSON.stringify leaves out of an object: undefined, functions, symbols.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    yield* pieces(member, depth + 1);
  }
  yield '}';
}
