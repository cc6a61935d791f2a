import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { NODE_KINDS } from '../model/graph.js';
import { parseOrThrow } from '../ingest/validate.js';
import { neo4jTargetSchema, refuseInlineSecrets, retentionSchema, sourceSchema } from './sources.js';

/** Selects nodes: every field given must match (globs on id, name and type; `tag` is `key` or `key=value`). */
const selectorSchema = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    kind: z.enum(NODE_KINDS).optional(),
    type: z.string().optional(),
    provider: z.string().optional(),
    tag: z.string().optional(),
    reason: z.string().optional(),
  })
  .strict()
  .refine((s) => s.id ?? s.name ?? s.kind ?? s.type ?? s.provider ?? s.tag, {
    message: 'a selector needs at least one of id, name, kind, type, provider, tag',
  });

export const configSchema = z
  .object({
    // `crownJewels:` with nothing under it is YAML null: an empty list, as the user meant.
    crownJewels: z
      .array(selectorSchema)
      .nullish()
      .transform((v) => v ?? []),
    // `leakpath snapshot` / `schedule` (src/config/sources.ts).
    sources: z.array(sourceSchema).optional(),
    retention: retentionSchema.optional(),
    neo4j: neo4jTargetSchema.optional(),
  })
  .strict();

export type Selector = z.infer<typeof selectorSchema>;
export type Config = z.infer<typeof configSchema>;


/** Parses a config file's text: YAML, then the schema. */
export function parseConfig(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (e) {
    // The parser's message ends with the offending lines: only where, never the text (a secret?).
    throw new InputError(file, '', `expected YAML: ${(e as Error).message.split('\n')[0]!.replace(/:$/, '')}`);
  }
  refuseInlineSecrets(raw, file);
  return parseOrThrow(configSchema, raw, file, 'a leakpath config (crownJewels: [selectors]; sources, retention, neo4j: docs/snapshots.md)');
}
