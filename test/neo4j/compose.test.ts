import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('docker-compose.yml and the Browser style', () => {
  it('is valid YAML: pinned Neo4j community, Browser and Bolt on loopback, a data volume, the password from the environment only', () => {
    const doc = parseDocument(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
    expect(doc.errors).toEqual([]);
    const compose = doc.toJS() as {
      services: {
        neo4j: { image: string; ports: string[]; environment: Record<string, string>; volumes: string[] };
      };
      volumes: Record<string, unknown>;
    };
    const neo4j = compose.services.neo4j;
    expect(neo4j.image).toMatch(/^neo4j:5\.26\.\d+-community$/);
    expect(neo4j.ports).toEqual(['127.0.0.1:7474:7474', '127.0.0.1:7687:7687']);
    expect(neo4j.environment.NEO4J_AUTH).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD:\?/);
    expect(neo4j.volumes).toContain('neo4j-data:/data');
    expect(Object.keys(compose.volumes)).toContain('neo4j-data');
  });

  it('the style gives every node kind its own colour and caption', () => {
    const grass = readFileSync(path.join(ROOT, 'queries/browser-style.grass'), 'utf8');
    const colours = new Set<string>();
    for (const kind of ['Credential', 'Identity', 'Resource', 'SecretLocation']) {
      const block = new RegExp(`node\\.${kind} \\{([\\s\\S]*?)\\n\\}`).exec(grass);
      expect(block, kind).not.toBeNull();
      expect(block![1]).toMatch(/caption: "\{name\}";/);
      colours.add(/\n {2}color: (#[0-9A-F]{6});/.exec(block![1]!)![1]!);
    }
    expect(colours.size).toBe(4);
  });
});
