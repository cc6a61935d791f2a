import type { GithubInventory, Inventory } from '../../../src/model/inventory/index.js';
import type { OfflineFormat, OfflineSource } from '../../types.js';
import { LINKS_FORMAT, looksLikeGithubLinks, parseGithubLinks } from './links.js';
import { RAW_FORMAT, looksLikeGithubRaw, parseGithubRaw } from './raw.js';
import { appendAll } from '../../../src/model/append.js';

export type GithubPart =
  | { kind: 'raw'; inventory: GithubInventory; warnings: string[] }
  | { kind: 'links'; org: string; links: GithubInventory['secretLinks'] };

const formats: OfflineFormat<GithubPart>[] = [
  { name: `leakpath ${RAW_FORMAT} (collect github --save-raw)`, detect: looksLikeGithubRaw, parse: (json, file) => ({ kind: 'raw', ...parseGithubRaw(json, file) }) },
  { name: `leakpath ${LINKS_FORMAT}`, detect: looksLikeGithubLinks, parse: (json, file) => ({ kind: 'links', ...parseGithubLinks(json, file) }) },
];

/**
 * One inventory per ingest (the Inventory union has one per source): organisations side by side,
 * each repo keyed by its full name. Link files join their organisation.
 */
function merge(parts: readonly { file: string; part: GithubPart }[]): { inventory: Inventory; warnings: string[] } {
  const warnings: string[] = [];
  const raws = parts.flatMap(({ part }) => (part.kind === 'raw' ? [part] : []));
  for (const r of raws) appendAll(warnings, r.warnings);
  const first = raws[0]?.inventory;
  const inv: GithubInventory = first
    ? { ...first, repos: [], teams: [], orgSecrets: [], installations: [], fineGrainedPats: [], credentialAuthorizations: [], secretLinks: [], coverageGaps: [] }
    : { provider: 'github', org: parts[0]!.part.kind === 'links' ? parts[0]!.part.org : '', repos: [], teams: [], orgSecrets: [], installations: [], fineGrainedPats: [], credentialAuthorizations: [], secretLinks: [], coverageGaps: [] };
  for (const { inventory: o } of raws) {
    if (o.org.toLowerCase() !== inv.org.toLowerCase()) warnings.push(`github: organisations ${inv.org} and ${o.org} in one ingest; both are kept, org-level settings are ${inv.org}'s`);
    for (const r of o.repos) if (!inv.repos.some((x) => x.fullName.toLowerCase() === r.fullName.toLowerCase())) inv.repos.push(r);
    appendAll(inv.teams, o.teams);
    appendAll(inv.orgSecrets, o.orgSecrets);
    appendAll(inv.installations, o.installations);
    appendAll(inv.fineGrainedPats, o.fineGrainedPats);
    appendAll(inv.credentialAuthorizations, o.credentialAuthorizations);
    appendAll(inv.coverageGaps, o.coverageGaps);
  }
  for (const { part } of parts) if (part.kind === 'links') appendAll(inv.secretLinks, part.links);
  return { inventory: inv, warnings };
}

export const githubOfflineSource: OfflineSource<GithubPart> = { provider: 'github', formats, merge };
