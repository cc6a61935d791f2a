import type { Config, Selector } from '../config/config.js';
import type { GraphNode } from '../model/graph.js';


/**
 * Selector globs: `*` is any run of characters, `/` and `:` included (ARNs are not file paths),
 * `?` is one character. Case-sensitive, like the ids they match.
 */
function globMatcher(glob: string | undefined, ignoreCase = false): ((s: string) => boolean) | undefined {
  if (glob === undefined) return undefined;
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'i' : '');
  return (s) => re.test(s);
}

/** Entra and ARM ids are case-insensitive (and stored lower-cased); AWS ARNs are not. */
const CASE_INSENSITIVE_IDS = new Set(['azure']);

function selectorMatches(selector: Selector, node: GraphNode): boolean {
  const id = globMatcher(selector.id, CASE_INSENSITIVE_IDS.has(node.provider));
  const name = globMatcher(selector.name);
  const type = globMatcher(selector.type);
  if (id && !id(node.id)) return false;
  if (name && !name(node.name)) return false;
  if (type && !type(node.type)) return false;
  if (selector.kind && node.kind !== selector.kind) return false;
  if (selector.provider && node.provider !== selector.provider) return false;
  if (selector.tag) {
    const [key, value] = selector.tag.split('=', 2) as [string, string | undefined];
    if (!(key in node.tags)) return false;
    if (value !== undefined && node.tags[key] !== value) return false;
  }
  return true;
}

/** Crown jewels: every tier-zero node, plus whatever the config selects. */
export function crownJewelReason(node: GraphNode, config: Config): string | undefined {
  if (node.tierZero) return `tier zero: ${node.tierZero.reason}`;
  const i = config.crownJewels.findIndex((s) => selectorMatches(s, node));
  if (i < 0) return undefined;
  return config.crownJewels[i]!.reason ?? `config crownJewels[${i}]`;
}
