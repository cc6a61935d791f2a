/**
 * The piecewise JSON reader behind large-file ingest (collectors/stream/split-json.ts): whatever
 * the chunking and however small the pieces, it gives what JSON.parse gives, refuses what
 * JSON.parse refuses (every truncation of a valid document), keeps `__proto__` keys as data, and
 * stops deep nesting with a depth error instead of a stack overflow. Bounded runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStreamError, splitJson } from '../../collectors/stream/split-json.js';

async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  // Byte chunks split multi-byte characters too: the decoder must join them.
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const accepts = async (text: string, size: number, pieceLimit: number) => {
  try {
    await splitJson(chunks(text, size), { pieceLimit });
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(JsonStreamError);
    return false;
  }
};

describe('piecewise JSON reader', () => {
  it('gives what JSON.parse gives, whatever the chunks and piece size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 200 }), fc.boolean(), async (v, size, pieceLimit, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        expect(await splitJson(chunks(text, size), { pieceLimit })).toStrictEqual([JSON.parse(text)]);
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('joins characters split across chunks', async () => {
    const text = JSON.stringify({ name: 'Zoë 🔑 \\"quoted\\"', list: ['日本', 'ß'] });
    for (const size of [1, 2, 3, 5]) expect(await splitJson(chunks(text, size), { pieceLimit: 4 })).toStrictEqual([JSON.parse(text)]);
  });

  it('refuses every truncation JSON.parse refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }).filter((v) => typeof v === 'object' && v !== null), fc.integer({ min: 1, max: 10 }), async (v, size) => {
        const text = JSON.stringify(v);
        for (let cut = 1; cut < text.length; cut += Math.max(1, Math.floor(text.length / 40))) {
          let parses = true;
          try {
            JSON.parse(text.slice(0, cut));
          } catch {
            parses = false;
          }
          expect(await accepts(text.slice(0, cut), size, 3)).toBe(parses);
        }
      }),
      { numRuns: 100, seed: 16 },
    );
  });

  it('keeps __proto__ keys as own data and the last of duplicate keys, as JSON.parse does', async () => {
    const text = '{"a":[{"__proto__":{"x":1}},2],"__proto__":3,"b":1,"b":2}';
    const [v] = (await splitJson(chunks(text, 3), { pieceLimit: 2 })) as [Record<string, unknown>];
    expect(v).toStrictEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('stops deep nesting with a depth error, in one piece or opened', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const pieceLimit of [1, 2 ** 20]) {
      const e = await splitJson(chunks(deep, 4096), { pieceLimit }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(JsonStreamError);
      expect((e as JsonStreamError).kind).toBe('depth');
    }
  });

  it('reads JSON lines only when asked', async () => {
    const text = '{"a":1}\n{"b":2}\n';
    expect(await splitJson(chunks(text, 5), { lines: true })).toEqual([{ a: 1 }, { b: 2 }]);
    expect(await accepts(text, 5, 100)).toBe(false);
  });
});
