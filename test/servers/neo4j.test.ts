import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

describe('neo4j test server', () => {
  let driver: Driver;

  beforeAll(() => {
    const { uri, username, password } = inject('neo4j');
    driver = neo4j.driver(uri, neo4j.auth.basic(username, password));
  });

  afterAll(async () => {
    await driver?.close();
  });

  it('runs Cypher writes and reads them back', async () => {
    const { records } = await driver.executeQuery('CREATE (n:Probe {x: 1}) RETURN n.x AS x');
    expect(records).toHaveLength(1);
    expect(neo4j.integer.toNumber(records[0]!.get('x'))).toBe(1);
    await driver.executeQuery('MATCH (n:Probe) DETACH DELETE n');
  });

  it('is a Neo4j 5.26 server', async () => {
    const { records } = await driver.executeQuery(
      'CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition',
    );
    const kernel = records.map((r) => r.toObject()).find((c) => c.name === 'Neo4j Kernel');
    expect(kernel, 'dbms.components() lists the kernel').toBeDefined();
    // An external NEO4J_URI may well be enterprise; only the version line matters.
    expect(kernel!.versions[0]).toMatch(/^5\.26\./);
  });
});
