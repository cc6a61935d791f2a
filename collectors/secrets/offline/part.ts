import type { SecretFinding } from '../../../src/model/inventory/index.js';

/** What one scanner report contributes: its findings, and the salt their hashes were made with. */
export interface SecretsPart {
  salt: string;
  findings: SecretFinding[];
}

/** Scanners without a fingerprint get one from the location; a repeat on one line gets `#2`, `#3`… */
export function uniqueFingerprints(findings: SecretFinding[]): SecretFinding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = (seen.get(f.fingerprint) ?? 0) + 1;
    seen.set(f.fingerprint, n);
    return n === 1 ? f : { ...f, fingerprint: `${f.fingerprint}#${n}` };
  });
}

/** `https://github.com/OWNER/REPO/blob/SHA/path#L12` and friends → `OWNER/REPO` (or the host path). */
export function repoFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /^https?:\/\/([^/]+)\/([^/]+)\/([^/#?]+?)(?:\.git)?(?:[/#?]|$)/.exec(url);
  if (!m) return undefined;
  return m[1] === 'github.com' ? `${m[2]}/${m[3]}` : `${m[1]}/${m[2]}/${m[3]}`;
}
