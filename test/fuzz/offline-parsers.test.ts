/**
 * Fuzzing the offline parsers with hostile variations of real exports (the examples and the
 * peer-project fixtures under test/fixtures): every case must end in an InputError (exit 2, the
 * file named, no stack trace, nothing huge echoed) or parse and analyse without throwing.
 * Seeded and bounded here; `npm run bench -- --fuzz` runs many more.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { InputError } from '../../src/errors.js';
import { parseDocuments, readInputs } from '../../src/ingest/read-inputs.js';
import { applyMutations, mutation, type Mutation } from './mutate.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.LEAKPATH_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.LEAKPATH_FUZZ_SEED ?? 1616);

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Seed documents by the format the parser recognises them as. */
function seedsByFormat(): Map<string, { file: string; json: unknown }[]> {
  const out = new Map<string, { file: string; json: unknown }[]>();
  for (const file of [...jsonFiles(path.join(ROOT, 'examples')), ...jsonFiles(path.join(ROOT, 'test/fixtures'))]) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    // Fixtures that are no export (JSON schemas, expected outputs) seed nothing.
    const format = parseDocuments([{ file, json, skippable: true }]).sources[0]?.format;
    if (format === undefined) continue;
    const group = format.includes('envelope') ? 'aws: envelope' : format;
    out.set(group, [...(out.get(group) ?? []), { file: path.relative(ROOT, file), json }]);
  }
  return out;
}

/** The outcome the CLI would show: handled, or a clear bad-input error. Anything else fails. */
export function judge(run: () => void): 'handled' | 'rejected' {
  try {
    run();
    return 'handled';
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`not a bad-input error: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}\n${(e.stack ?? '').split('\n').slice(1, 12).join('\n')}` : String(e)}`, { cause: e });
    expect(e.exitCode).toBe(2);
    expect(e.message.length, e.message.slice(0, 200)).toBeLessThan(4000);
    return 'rejected';
  }
}

const seeds = seedsByFormat();
const counted = { cases: 0, rejected: 0 };
afterAll(() => console.log(`parser fuzz: ${counted.cases} cases, ${counted.rejected} rejected as bad input, the rest handled`));

describe('offline parsers under hostile input (fast-check, seeded)', () => {
  // Formats with a single seed among many similar commands are fuzzed together.
  const groups = [...seeds.entries()].filter(([, docs]) => docs.length > 0);
  it('knows the formats it fuzzes', () => {
    for (const format of [/get-account-authorization-details/, /list-access-keys/, /envelope/, /AzureHound/]) expect(groups.some(([g]) => format.test(g)), String(format)).toBe(true);
  });

  for (const [group, docs] of groups) {
    it(`${group} (${docs.length} seed file${docs.length === 1 ? '' : 's'})`, { timeout: 600_000 }, () => {
      fc.assert(
        fc.property(fc.nat(docs.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i: number, mutations: Mutation[]) => {
          const seed = docs[i]!;
          const json = applyMutations(seed.json, mutations);
          counted.cases++;
          const outcome = judge(() => {
            const read = parseDocuments([{ file: seed.file, json }]);
            analyse(read.inventories);
          });
          if (outcome === 'rejected') counted.rejected++;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }
});

describe('files as bytes: truncated, invalid UTF-8, byte-order marks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const all = [...seeds.values()].flat();

  it('each file read from disk either parses or is refused as bad input', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(all.length - 1),
        fc.oneof(
          fc.record({ cut: fc.double({ min: 0, max: 1, noNaN: true }) }),
          fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => b.map((x) => x | 0x80)) }),
          fc.constant({ bom: true }),
        ),
        async (i, how) => {
          const seed = all[i]!;
          let bytes = Buffer.from(JSON.stringify(seed.json, null, 1));
          if ('cut' in how) bytes = bytes.subarray(0, Math.floor(bytes.length * how.cut));
          else if ('bytes' in how) {
            const at = Math.floor(bytes.length * how.at);
            bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(how.bytes), bytes.subarray(at)]);
          } else bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
          const file = path.join(dir, 'input.json');
          writeFileSync(file, bytes);
          counted.cases++;
          let outcome: 'handled' | 'rejected' = 'handled';
          try {
            analyse((await readInputs([file])).inventories);
          } catch (e) {
            outcome = judge(() => {
              throw e;
            });
          }
          if (outcome === 'rejected') counted.rejected++;
        },
      ),
      { numRuns: Math.round(RUNS / 2), seed: SEED },
    );
  });
});
