import { describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../src/query/embedded/engine.js';
import { findChokepoints } from '../../src/query/chokepoints/chokepoints.js';
import { blastHtml, chokepointsHtml, pathsHtml, reportHtml } from '../../src/report/html/index.js';
import { blastView } from '../../src/report/html/view.js';
import type { BlastResult } from '../../src/query/types.js';
import { demoEstate } from './estates.js';

const dataOf = (html: string) => JSON.parse(/<script type="application\/json" id="leakpath-data">(.*?)<\/script>/s.exec(html)![1]!);

/** A report of n credentials, each one path cred → user → shared admin (a synthetic estate for the size limit). */
function manyResults(n: number): BlastResult[] {
  return Array.from({ length: n }, (_v, i) => {
    const cred = { id: `aws:access-key:K${i}`, name: `K${i}`, kind: 'Credential' as const, type: 'aws:iam:access-key', provider: 'aws' as const };
    const user = { id: `arn:aws:iam::111111111111:user/u${i}`, name: `u${i}`, kind: 'Identity' as const, type: 'aws:iam:user', provider: 'aws' as const };
    const ev = { summary: 's', refs: [] };
    return {
      schemaVersion: '1.2',
      maxHops: null,
      truncated: false,
      credential: { ...cred, owner: user.id, status: 'Active' },
      startIdentities: [user],
      tierZero: true,
      crownJewels: [
        {
          id: 'arn:aws:iam::111111111111:role/admin', name: 'admin', kind: 'Identity', type: 'aws:iam:role', provider: 'aws', reason: 'tier zero: admin', hops: 2, conditional: false,
          tags: { owaspNhi: [], mitre: [] },
          path: [
            { from: cred.id, to: user.id, edge: 'AUTHENTICATES_AS', technique: 'aws:iam:AccessKey', evidence: ev, conditional: false },
            { from: user.id, to: 'arn:aws:iam::111111111111:role/admin', edge: 'CAN_ASSUME', technique: 'aws:sts:AssumeRole', evidence: ev, conditional: i % 2 === 0 },
          ],
        },
      ],
      reachable: { identities: [{ ...user, hops: 1, conditional: false, tierZero: false }], resources: [], credentials: [], secretLocations: [] },
      risk: { level: 'critical', score: 70, reasons: [], factors: [], weights: {} },
    };
  });
}

describe('HTML report (structure)', () => {
  it('is one self-contained file: cytoscape and data inline, no external URL to load, a CSP that forbids the network', async () => {
    const { graph, config } = await demoEstate();
    const r = await new EmbeddedEngine(graph, config).blast('AKIABTXV5AHDZRR7VQ35');
    const html = blastHtml(r);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(html).toContain('The Cytoscape Consortium');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(http|fonts\.googleapis/);
    const data = dataOf(html);
    expect(data.nodes.map((n: { label: string }) => n.label).sort()).toEqual(['AKIABTXV5AHDZRR7VQ35', 'ci-deploy', 'deploy-hub', 'payments-db-admin', 'platform-admin', 'prod-deployer']);
    expect(data.paths).toHaveLength(2);
    const credential = data.nodes.find((n: { start: boolean }) => n.start);
    const admin = data.nodes.find((n: { label: string }) => n.label === 'platform-admin');
    expect(admin).toMatchObject({ tierZero: true, jewel: expect.stringMatching(/^tier zero/) });
    expect(admin.x).toBeGreaterThan(credential.x); // left to right from the credential
    const hop = data.edges.find((e: { technique: string; target: string }) => e.technique === 'aws:sts:AssumeRole' && e.target.endsWith('role/platform-admin'));
    expect(hop.refs[0]).toContain('trust-policy arn:aws:iam::333333333333:role/platform-admin trust policy statement #0');
    expect(hop.docs.fix.length).toBeGreaterThan(0);
    expect(hop.walkthrough[0]).toContain('aws sts assume-role');
  });

  it('report, paths and chokepoints render too; conditional edges are marked', async () => {
    const { graph, config } = await demoEstate();
    const engine = new EmbeddedEngine(graph, config);
    const all = await Promise.all((await engine.credentials()).map((c) => engine.blast(c.id)));
    expect(dataOf(reportHtml(all)).paths).toHaveLength(4);
    const paths = await engine.paths('AKIABTXV5AHDZRR7VQ35', { k: 2, maxHops: 8 });
    expect(dataOf(pathsHtml(paths)).paths.length).toBe(paths.paths.length);
    const choke = dataOf(chokepointsHtml(await findChokepoints(graph, config, { top: 3 })));
    expect(choke.paths).toHaveLength(3);
    expect(choke.paths[0].label).toMatch(/^1\. Remove or narrow statement #0 of the inline policy ci-assume/);
    expect(dataOf(reportHtml(manyResults(4))).edges.filter((e: { conditional: boolean }) => e.conditional).length).toBe(2);
  });

  it('collapses beyond the node limit and says so', () => {
    const view = blastView(manyResults(3000), 'big', 1500);
    expect(view.nodes.length).toBeLessThanOrEqual(1500);
    expect(view.notice).toMatch(/^Showing \d+ of 6001 nodes: the first \d+ of 3000 paths/);
    expect(blastView(manyResults(10), 'small').notice).toBeUndefined();
  });

  it('data cannot break out of its script element (negative)', () => {
    const results = manyResults(1);
    results[0]!.crownJewels[0]!.path[1]!.evidence = { summary: '</script><script>alert(1)</script>', refs: [] };
    const html = reportHtml(results);
    expect(html).not.toContain('</script><script>alert(1)');
    expect(dataOf(html).edges[1].summary).toBe('</script><script>alert(1)</script>');
  });
});
