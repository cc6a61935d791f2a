/**
 * The streaming reader for large exports (collectors/stream/read-json.ts) gives what JSON.parse
 * gives, for every example and fixture, when forced to stream (threshold 0); and hostile files end
 * in an InputError naming the file, never echoing its text.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonFile } from '../../collectors/stream/read-json.js';
import { InputError } from '../../src/errors.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'leakpath-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const jsonFiles = (d: string) =>
  readdirSync(d, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name));

describe('streaming JSON reader', () => {
  it('streams every example and fixture to the value JSON.parse gives', { timeout: 120_000 }, async () => {
    const files = [...jsonFiles(path.join(ROOT, 'examples')), ...jsonFiles(path.join(ROOT, 'test/fixtures'))];
    for (const file of files) expect(await readJsonFile(file, 0), file).toStrictEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('__proto__ keys stay own properties, as with JSON.parse', async () => {
    const file = path.join(dir, 'proto.json');
    writeFileSync(file, '{"__proto__": {"polluted": true}, "a": [1, {"constructor": 2}]}');
    const value = (await readJsonFile(file, 0)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(value).toStrictEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it('truncated, empty, two documents, too deep, invalid UTF-8: an InputError naming the file, nothing echoed', async () => {
    const secret = 'AKIAIOSFODNN7EXAMPLEwJalrXUtnFEMI';
    const cases: [string, Buffer][] = [
      ['truncated', Buffer.from(`{"UserDetailList": [{"UserName": "${secret}"`)],
      ['empty', Buffer.from('')],
      ['two', Buffer.from('{"a": 1} {"b": 2}')],
      ['deep', Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`)],
      ['secret', Buffer.from(`${secret} is not json`)],
      ['utf8', Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"')])],
    ];
    for (const [name, bytes] of cases) {
      const file = path.join(dir, `${name}.json`);
      writeFileSync(file, bytes);
      for (const threshold of [0, Infinity]) {
        const e = await readJsonFile(file, threshold).then(
          () => undefined,
          (err: unknown) => err,
        );
        if (name === 'utf8' && e === undefined) continue; // replaced by U+FFFD, as readFile does
        if (name === 'deep' && threshold === Infinity && e === undefined) continue; // JSON.parse takes 5,000 levels
        expect(e, `${name} threshold ${threshold}`).toBeInstanceOf(InputError);
        expect((e as InputError).file).toBe(file);
        expect((e as Error).message).not.toContain(secret.slice(0, 10));
      }
    }
  });
});
