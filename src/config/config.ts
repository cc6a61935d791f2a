import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { NODE_KINDS } from '../model/graph.js';
import { parseOrThrow } from '../ingest/validate.js';
import { neo4jTargetSchema, refuseInlineSecrets, retentionSchema, sourceSchema } from './sources.js';

export const DEFAULT_CONFIG_FILE = 'leakpath.config.yaml';

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

const configSchema = z
  .object({
    crownJewels: z.array(selectorSchema).default([]),
    // `leakpath snapshot` / `schedule` (src/config/sources.ts).
    sources: z.array(sourceSchema).optional(),
    retention: retentionSchema.optional(),
    neo4j: neo4jTargetSchema.optional(),
  })
  .strict();

export type Selector = z.infer<typeof selectorSchema>;
export type Config = z.infer<typeof configSchema>;

export const EMPTY_CONFIG: Config = { crownJewels: [] };

/**
 * Loads the config. With no explicit path, `leakpath.config.yaml` in the working directory is
 * used when present, and an empty config otherwise; an explicit path must exist.
 */
export async function loadConfig(file?: string): Promise<Config> {
  const target = file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch {
    if (file) throw new InputError(file, '', 'expected a readable YAML config file');
    return EMPTY_CONFIG;
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (e) {
    throw new InputError(target, '', `expected YAML: ${(e as Error).message}`);
  }
  refuseInlineSecrets(raw, target);
  return parseOrThrow(configSchema, raw, target, 'a leakpath config (crownJewels: [selectors]; sources, retention, neo4j: docs/snapshots.md)');
}
