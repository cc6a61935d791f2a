import type { OfflineFormat, OfflineSource } from '../../types.js';
import { looksLikeDetectSecrets, parseDetectSecrets } from './detect-secrets.js';
import { looksLikeGithubAlerts, parseGithubAlerts } from './github-alerts.js';
import { looksLikeGitleaks, parseGitleaks } from './gitleaks.js';
import { mergeSecretsParts } from './merge.js';
import type { SecretsPart } from './part.js';
import { looksLikeTrufflehog, parseTrufflehog } from './trufflehog.js';

const formats: OfflineFormat<SecretsPart>[] = [
  { name: 'gitleaks JSON report', detect: looksLikeGitleaks, parse: parseGitleaks },
  { name: 'TruffleHog v3 JSON lines', detect: looksLikeTrufflehog, parse: parseTrufflehog },
  { name: 'detect-secrets baseline', detect: looksLikeDetectSecrets, parse: parseDetectSecrets },
  { name: 'GitHub secret-scanning alerts', detect: looksLikeGithubAlerts, parse: parseGithubAlerts },
];

export const secretsOfflineSource: OfflineSource<SecretsPart> = {
  provider: 'secrets',
  formats,
  merge: mergeSecretsParts,
};
