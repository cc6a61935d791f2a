import type { OfflineFormat, OfflineSource } from '../../types.js';
import type { AzurePart } from '../part.js';
import { looksLikeAzureHound, parseAzureHound } from './azurehound.js';
import { looksLikeLinks, parseLinks, LINKS_FORMAT } from './links.js';
import { mergeAzureParts } from './merge.js';
import { looksLikeRaw, parseRaw, RAW_FORMAT } from './raw.js';

const azurehound: OfflineFormat<AzurePart> = { name: 'AzureHound JSON', detect: looksLikeAzureHound, parse: parseAzureHound };
const raw: OfflineFormat<AzurePart> = { name: `leakpath ${RAW_FORMAT} (collect azure --save-raw)`, detect: looksLikeRaw, parse: parseRaw };
const links: OfflineFormat<AzurePart> = { name: `leakpath ${LINKS_FORMAT}`, detect: looksLikeLinks, parse: parseLinks };

export const azureOfflineSource: OfflineSource<AzurePart> = {
  provider: 'azure',
  formats: [raw, links, azurehound],
  merge: mergeAzureParts,
};
