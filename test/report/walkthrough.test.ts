import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/index.js';
import { readInputs } from '../../src/ingest/read-inputs.js';
import { TECHNIQUES } from '../../src/model/catalogue/index.js';
import { WALKTHROUGHS } from '../../src/model/catalogue/walkthroughs.js';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { blastMarkdown } from '../../src/report/markdown.js';
import { blastText } from '../../src/report/text.js';
import { azureEstate, demoEstate, ROOT } from './estates.js';

const IV = path.join(ROOT, 'test/fixtures/aws/iam-vulnerable');

describe('red-team walk-through', () => {
  it('every walk-through belongs to a catalogue technique and names only known placeholders', () => {
    const ids = new Set(TECHNIQUES.map((t) => t.id));
    const known = new Set(['from', 'to', 'fromName', 'toName', 'toScope', 'toBase', 'toBaseName', 'resource', 'resourceName', 'fromAppId', 'toAppId', 'toObjectId', 'toRoleTemplateId', 'vault', 'secretName']);
    for (const [id, templates] of Object.entries(WALKTHROUGHS)) {
      expect(ids.has(id), id).toBe(true);
      for (const t of templates) for (const [, key] of t.matchAll(/\{(\w+)\}/g)) expect(known.has(key!), `${id}: {${key}}`).toBe(true);
    }
    expect(TECHNIQUES.filter((t) => t.walkthrough).length).toBe(Object.keys(WALKTHROUGHS).length);
  });

  it('IAM Vulnerable (BishopFox) estate: a CreateAccessKey hop becomes the exact command on the target user', async () => {
    const read = await readInputs([path.join(IV, 'authorization-details.json'), path.join(IV, 'access-keys')]);
    const graph = analyse(read.inventories).graph;
    const engine = new EmbeddedEngine(graph, { crownJewels: [] });
    const edge = graph.edges.find((e) => e.technique === 'aws:iam:CreateAccessKey')!;
    const r = await engine.paths(edge.source, { to: edge.target, k: 1, maxHops: 1 });
    expect(r.paths[0]!.steps[0]!.walkthrough).toEqual([`aws iam create-access-key --user-name ${edge.target.split('/').pop()}`, expect.stringMatching(/^# export/)]);
  });

  it('demo estate: text and markdown show the commands per hop, never a secret value', async () => {
    const { graph, config } = await demoEstate();
    const r = await new EmbeddedEngine(graph, config).blast('AKIABTXV5AHDZRR7VQ35');
    const text = blastText(r);
    expect(text).toContain('run: aws sts assume-role --role-arn arn:aws:iam::333333333333:role/platform-admin --role-session-name leakpath');
    expect(text).toContain('AWS_SECRET_ACCESS_KEY=<the leaked secret>');
    const md = blastMarkdown(r);
    expect(md).toContain('**Walk-through**');
    expect(md).toMatch(/```sh\n# 1\. AKIABTXV5AHDZRR7VQ35 → ci-deploy \(aws:iam:AccessKey\)\nexport AWS_ACCESS_KEY_ID=AKIABTXV5AHDZRR7VQ35/);
    for (const j of r.crownJewels) for (const s of j.path) for (const c of s.walkthrough ?? []) expect(c).not.toMatch(/\{\w+\}/);
  });

  it('Azure: a client secret signs in with its appId and tenant; run command targets the VM from the evidence', async () => {
    const { graph, config } = await azureEstate();
    const engine = new EmbeddedEngine(graph, config);
    const secret = graph.edges.find((e) => e.technique === 'azure:entra:ClientSecret')!;
    const sp = graph.nodes.find((n) => n.id === secret.target)!;
    const [, appId] = /^azure:secret:([^:]+):/.exec(secret.source)!;
    const hop = (await engine.paths(secret.source, { to: secret.target, k: 1, maxHops: 1 })).paths[0]!.steps[0]!;
    expect(hop.walkthrough).toEqual([`az login --service-principal -u ${appId} -p <the leaked secret> --tenant ${sp.scope}`]);
    const run = graph.edges.find((e) => e.technique === 'azure:arm:VMRunCommand')!;
    const step = (await engine.paths(run.source, { to: run.target, k: 1, maxHops: 1 })).paths.find((p) => p.steps[0]!.technique === 'azure:arm:VMRunCommand')!.steps[0]!;
    expect(step.walkthrough![0]).toMatch(/^az vm run-command invoke --ids \/subscriptions\/[^ ]+\/virtualmachines\/vm-build --command-id RunShellScript/);
  });

  it('a technique without a walk-through gets none (negative)', async () => {
    const { graph, config } = await demoEstate();
    const edge = graph.edges.find((e) => e.technique === 'aws:ecs:RunTask')!;
    const r = await new EmbeddedEngine(graph, config).paths(edge.source, { to: edge.target, k: 5, maxHops: 1 });
    expect(r.paths.find((p) => p.steps[0]!.technique === 'aws:ecs:RunTask')!.steps[0]!.walkthrough).toBeUndefined();
  });
});
