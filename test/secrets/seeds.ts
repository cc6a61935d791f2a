/**
 * Fake secret values seeded into scanner reports. Tests grep every output for them: none may
 * survive parsing. Shapes are real (so the classifier recognises them); values are made up.
 */
export const SEEDS = {
  /** An AWS secret access key paired with AWS_KEY_ID in the same file. */
  awsSecret: 'q8Zr1tLw0PbNf3VxK7mYd2Hs9GcJe4UaTo6RiE5y',
  githubPat: `ghp_${'Seed7Tok3nValue9'.padEnd(36, 'Q')}`,
  entraSecret: 'Ab38Q~SeedValueForAnEntraClientSecret01',
  slack: 'xoxb-000000000000-111111111111-SeedSlackValue000000000',
  gcpPrivateKey: '-----BEGIN PRIVATE KEY-----\\nMIIseedPRIVATEkeyMATERIALnotREAL==\\n-----END PRIVATE KEY-----\\n',
} as const;

export const ALL_SEEDS: readonly string[] = Object.values(SEEDS);

/** The parts a grep must not find: the seeds, and their distinctive middles (a value cut in half still leaks). */
export function leakedSeeds(text: string): string[] {
  return ALL_SEEDS.filter((s) => text.includes(s) || text.includes(s.slice(6, 26)));
}

export function jwt(payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', kid: 'seed' })}.${b64(payload)}.SeedSignatureNotReal0000`;
}

/** One gitleaks JSON finding with every field the reporter writes (report/finding.go). */
export const gitleaks = (f: { RuleID: string; Secret: string; File: string; StartLine: number; Commit?: string; Link?: string }) => ({
  Description: '',
  EndLine: f.StartLine,
  StartColumn: 1,
  EndColumn: 60,
  Match: `value = "${f.Secret}"`,
  SymlinkFile: '',
  Commit: '',
  Entropy: 4.2,
  Author: 'dev',
  Email: 'dev@example.com',
  Date: '2026-01-02T03:04:05Z',
  Message: 'add config',
  Tags: [],
  Fingerprint: `${f.Commit ? `${f.Commit}:` : ''}${f.File}:${f.RuleID}:${f.StartLine}`,
  ...f,
});
