import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { Config } from './schema.js';

export type { Config, Selector } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'leakpath.config.yaml';

export const EMPTY_CONFIG: Config = { crownJewels: [] };

/**
 * Loads the config. With no explicit path, `leakpath.config.yaml` in the working directory is
 * used when present, and an empty config otherwise; an explicit path must exist. The YAML parser
 * and the schema load only when there is a file to parse: a query without one starts faster.
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
  const { parseConfig } = await import('./schema.js');
  return parseConfig(text, target);
}
