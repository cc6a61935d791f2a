/**
 * Large exports are read as streams (src/ingest/read-inputs.ts, threshold lowered to 0 here so
 * every file takes the streaming path): the inventory must be the one the whole-text path gives,
 * for GAAD, AzureHound, Cloud Asset (a JSON array, as `gcloud asset list --format=json` writes)
 * and JSON lines under a .json name (TruffleHog --json).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import { tempDir } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = tempDir('leakpath-stream-input-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function estate(): string {
  const root = path.join(dir, 'estate');
  mkdirSync(root, { recursive: true });
  for (const sub of ['demo-estate', 'azure']) {
    mkdirSync(path.join(root, sub), { recursive: true });
    const from = path.join(ROOT, 'examples', sub);
    for (const f of ['111111111111-dev-authorization-details.json', '222222222222-shared-authorization-details.json', '111111111111-dev-access-keys-ci-deploy.json', 'azurehound.json']) {
      try {
        copyFileSync(path.join(from, f), path.join(root, sub, f));
      } catch {
        // not in this folder
      }
    }
  }
  // Cloud Asset records as one JSON array instead of lines.
  const assets = readFileSync(path.join(ROOT, 'examples/gcp/resource.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  writeFileSync(path.join(root, 'cloud-assets.json'), JSON.stringify(assets));
  copyFileSync(path.join(ROOT, 'examples/gcp/iam-policy.jsonl'), path.join(root, 'iam-policy.jsonl'));
  // JSON lines under a .json name.
  copyFileSync(path.join(ROOT, 'test/secrets/fixtures/trufflehog-readme.jsonl'), path.join(root, 'trufflehog.json'));
  return root;
}

describe('streaming input', () => {
  it('gives the inventory the whole-text path gives (GAAD, AzureHound, Cloud Asset JSON, JSON lines)', async () => {
    const root = estate();
    const context = { salt: 'ab'.repeat(16) };
    const whole = await readInputs([root], {}, context);
    const streamed = await readInputs([root], { streamThreshold: 0 }, context);
    expect(whole.sources.map((s) => s.format)).toEqual(expect.arrayContaining([expect.stringMatching(/^aws/), expect.stringMatching(/^azure/), expect.stringMatching(/^gcp/), expect.stringMatching(/^secrets/)]));
    expect(streamed.sources).toEqual(whole.sources);
    expect(streamed.skipped).toEqual(whole.skipped);
    expect(streamed.warnings).toEqual(whole.warnings);
    expect(streamed.inventories).toStrictEqual(whole.inventories);
  });

  it('a truncated large file is an InputError naming it, its text not echoed', async () => {
    const file = path.join(dir, 'truncated.json');
    writeFileSync(file, '{"UserDetailList": [{"UserName": "AKIASTREAMSEED0000001"');
    const e = await readInputs([file], { streamThreshold: 0 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).file).toBe(file);
    expect((e as Error).message).not.toContain('AKIASTREAMSEED');
  });

  it('a large file of a directory that is not JSON is skipped from its first bytes', async () => {
    const root = path.join(dir, 'mixed');
    mkdirSync(root, { recursive: true });
    copyFileSync(path.join(ROOT, 'examples/demo-estate/111111111111-dev-authorization-details.json'), path.join(root, 'gaad.json'));
    writeFileSync(path.join(root, 'notes'), 'plain text, not an export\n'.repeat(100));
    const read = await readInputs([root], { streamThreshold: 0 });
    expect(read.skipped).toEqual([{ file: path.join(root, 'notes'), reason: 'not JSON' }]);
  });
});
