import type { Config, Selector } from '../config/config.js';
import type { GraphNode } from '../model/graph.js';


/**
 * Selector globs: `*` is any run of characters, `/` and `:` included (ARNs are not file paths),
 * `?` is one character. Case-sensitive, like the ids they match.
 */
function globRegex(glob: string, ignoreCase = false): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'i' : '');
}

/** Entra and ARM ids are case-insensitive (and stored lower-cased); AWS ARNs are not. */
const CASE_INSENSITIVE_IDS = new Set(['azure']);

type Matcher = (node: GraphNode) => boolean;

function compile(selector: Selector): Matcher {
  const id = selector.id === undefined ? undefined : { exact: globRegex(selector.id), anyCase: globRegex(selector.id, true) };
  const name = selector.name === undefined ? undefined : globRegex(selector.name);
  const type = selector.type === undefined ? undefined : globRegex(selector.type);
  const [tagKey, tagValue] = selector.tag === undefined ? [] : (selector.tag.split('=', 2) as [string, string | undefined]);
  return (node) => {
    if (id && !(CASE_INSENSITIVE_IDS.has(node.provider) ? id.anyCase : id.exact).test(node.id)) return false;
    if (name && !name.test(node.name)) return false;
    if (type && !type.test(node.type)) return false;
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
