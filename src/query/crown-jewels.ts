import type { Config, Selector } from '../config/config.js';
import type { GraphNode } from '../model/graph.js';
import { globMatch } from '../glob.js';

/**
 * Selector globs: `*` is any run of characters, `/` and `:` included (ARNs are not file paths),
 * `?` is one character. Case-sensitive, like the ids they match. Matched without a regex: a glob
 * of thousands of `*` made the backtracking regex hang on every node.
 */
function globTest(glob: string, ignoreCase = false): (text: string) => boolean {
  if (!ignoreCase) return (text) => globMatch(glob, text);
  const lower = glob.toLowerCase();
  return (text) => globMatch(lower, text.toLowerCase());
}

/** Entra and ARM ids are case-insensitive (and stored lower-cased); AWS ARNs are not. */
const CASE_INSENSITIVE_IDS = new Set(['azure']);

type Matcher = (node: GraphNode) => boolean;

function compile(selector: Selector): Matcher {
  const id = selector.id === undefined ? undefined : { exact: globTest(selector.id), anyCase: globTest(selector.id, true) };
  const name = selector.name === undefined ? undefined : globTest(selector.name);
  const type = selector.type === undefined ? undefined : globTest(selector.type);
  const [tagKey, tagValue] = selector.tag === undefined ? [] : (selector.tag.split('=', 2) as [string, string | undefined]);
  return (node) => {
    if (id && !(CASE_INSENSITIVE_IDS.has(node.provider) ? id.anyCase : id.exact)(node.id)) return false;
    if (name && !name(node.name)) return false;
    if (type && !type(node.type)) return false;
    if (selector.kind && node.kind !== selector.kind) return false;
    if (selector.provider && node.provider !== selector.provider) return false;
    if (tagKey !== undefined) {
      if (!(tagKey in node.tags)) return false;
      if (tagValue !== undefined && node.tags[tagKey] !== tagValue) return false;
    }
    return true;
  };
}

/** Selectors are compiled once per config: crownJewelReason runs for every node a query reaches. */
const compiled = new WeakMap<Config, Matcher[]>();

function matchersOf(config: Config): Matcher[] {
  let m = compiled.get(config);
  if (!m) compiled.set(config, (m = config.crownJewels.map(compile)));
  return m;
}

/** Crown jewels: every tier-zero node, plus whatever the config selects. */
export function crownJewelReason(node: GraphNode, config: Config): string | undefined {
  if (node.tierZero) return `tier zero: ${node.tierZero.reason}`;
  const i = matchersOf(config).findIndex((matches) => matches(node));
  if (i < 0) return undefined;
  return config.crownJewels[i]!.reason ?? `config crownJewels[${i}]`;
}
