/**
 * The account id is encoded in an access key id (AKIA…/ASIA…): base32 of the characters after
 * the 4-letter prefix, account = bits 1..40 of the first 6 bytes. Lets `list-access-keys` output,
 * which names no account, be joined to the right account when user names repeat across accounts.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function accountFromAccessKeyId(accessKeyId: string): string | undefined {
  if (!/^(AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z2-7]{12,}$/.test(accessKeyId)) return undefined;
  let bits = 0n;
  // 10 base32 chars = 50 bits, enough to cover the 48 bits (6 bytes) we need.
  for (const ch of accessKeyId.slice(4, 14)) bits = (bits << 5n) | BigInt(BASE32.indexOf(ch));
  const sixBytes = bits >> 2n;
  const account = (sixBytes & 0x7fffffffff80n) >> 7n;
  return account.toString().padStart(12, '0');
}
