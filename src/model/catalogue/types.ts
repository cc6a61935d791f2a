import type { Provider } from '../graph.js';

/** BloodHound-style documentation, written once and rendered into docs/edges.md. */
export interface EntryDocs {
  /** What the edge or technique means. */
  general: string;
  /** What must hold for it to exist. */
  precondition: string;
  /** How an attacker uses it. */
  abuse: string;
  /** What using it leaves behind (logs, alerts). */
  opsec?: string;
  /** How to remove it. */
  fix: string;
  references: string[];
}

export interface EdgeKindSpec {
  kind: string;
  /** base = raw fact from the inventory; attack = derived, "whoever controls source obtains target". */
  layer: 'base' | 'attack';
  /** Only traversable kinds are walked by path, blast and reach queries. */
  traversable: boolean;
  from: string;
  to: string;
  docs: EntryDocs;
}

export interface TechniqueSpec {
  /** Stable name, `<provider>:<service>:<Action or name>`. Part of the JSON contract. */
  id: string;
  provider: Provider;
  edgeKind: string;
  title: string;
  docs: EntryDocs;
  /** OWASP Non-Human Identities Top 10 (2025) and MITRE ATT&CK ids. */
  tags: { owaspNhi: string[]; mitre: string[] };
  /**
   * Red-team walk-through: command templates that exercise one hop (placeholders in
   * walkthroughs.ts), where they can be stated accurately from the graph.
   */
  walkthrough?: readonly string[];
}
