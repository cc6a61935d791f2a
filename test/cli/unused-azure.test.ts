import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leakpath, tempDir } from '../helpers/cli.js';

/** `leakpath unused` on an Azure estate with an activity-log export: the narrowing, by the built CLI. */

const AZUREHOUND = path.resolve(import.meta.dirname, '../../examples/azure/azurehound.json');
const AT = '2025-07-01T00:00:00Z';
const SUB = '/subscriptions/55555555-0000-4000-8000-000000000001';
const VM = `${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-build`;
/** Token fields and an address the export carries and leakpath must not keep. */
const SEEDED = ['203.0.113.77', 'SEEDEDaioVALUEnotKEPT000', 'SEEDEDutiVALUE'];

const line = (time: string, action: string, scope: string, resultType = 'Success') =>
  JSON.stringify({
    time,
    resourceId: scope,
    operationName: action,
    category: 'Administrative',
    resultType,
    callerIpAddress: SEEDED[0],
    identity: {
      authorization: { action, scope },
      claims: { appid: 'cccccccc-0000-4000-8000-000000000010', idtyp: 'app', aio: SEEDED[1], uti: SEEDED[2], 'http://schemas.microsoft.com/identity/claims/objectidentifier': 'eeeeeeee-0000-4000-8000-000000000010' },
    },
  });

describe('leakpath unused with an Azure activity log (CLI)', () => {
  const inputs = tempDir('leakpath-unused-az-in-');
  cpSync(AZUREHOUND, path.join(inputs, 'azurehound.json'));
  // A storage-account archive blob: one record per line.
  writeFileSync(
    path.join(inputs, 'PT1H.json'),
    [line('2025-04-02T00:00:00Z', 'Microsoft.Resources/tags/write', SUB, 'Failure'), line('2025-06-20T10:00:00Z', 'Microsoft.Compute/virtualMachines/start/action', VM), line('2025-06-21T10:00:00Z', 'Microsoft.Compute/virtualMachines/write', VM)].join('\n') + '\n',
  );
  const store = tempDir('leakpath-unused-az-store-');
  const ingest = leakpath(['--store', store, 'ingest', inputs, '--at', AT]);

  it('markdown: the used operations, the narrower role and scope with the az commands, proven safe; no claim but the ids kept', () => {
    expect(ingest.code, ingest.stderr).toBe(0);
    const r = leakpath(['--store', store, 'unused', '--format', 'markdown', '--identity', 'CONTRIBUTOR-APP']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('## CONTRIBUTOR-APP');
    expect(r.stdout).toContain('### Proposed role assignments');
    expect(r.stdout).toContain(`Contributor at ${SUB} → Virtual Machine Contributor at ${VM.toLowerCase()} + Reader at ${SUB}`);
    expect(r.stdout).toContain("`az role assignment delete --ids '/subscriptions/55555555-0000-4000-8000-000000000001/providers/microsoft.authorization/roleassignments/ra-contrib'`");
    expect(r.stdout).toMatch(/proven safe: 2 used operation\(s\) still allowed/);
    const json = JSON.parse(leakpath(['--store', store, 'unused', '--format', 'json', '--identity', 'CONTRIBUTOR-APP']).stdout) as { identities: { proposal: { kind: string; verification: object } }[] };
    expect(json.identities[0]!.proposal).toMatchObject({ kind: 'narrow-grants', verification: { usedStillAllowed: true, narrowsOnly: true, pathsGone: true } });
    const everything = [r.stdout, r.stderr, ...readdirSync(store, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(path.join(e.parentPath, e.name)).toString('latin1'))].join('\n');
    for (const s of SEEDED) expect(everything).not.toContain(s);
  });

  it('a record whose time is not a time: exit 2 naming the file and line, the store untouched', () => {
    const bad = tempDir('leakpath-unused-az-bad-');
    writeFileSync(path.join(bad, 'PT1H.json'), `${line('2025-06-20T10:00:00Z', 'Microsoft.Compute/virtualMachines/write', VM)}\n${line('not a time', 'Microsoft.Compute/virtualMachines/write', VM)}\n`);
    const before = readdirSync(store, { recursive: true }).sort();
    const r = leakpath(['--store', store, 'ingest', bad, '--at', AT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PT1H\.json: at \[1\]\.time: an ISO 8601 time/);
    expect(readdirSync(store, { recursive: true }).sort()).toEqual(before);
  });
});
