/**
 * Typed comparisons behind the Numeric*, Date* and IpAddress condition operators. A value that does
 * not parse as the operator's type never matches (compare functions return undefined).
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(v: string): number | undefined {
  const t = v.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

export function compareNumbers(actual: string, expected: string): number | undefined {
  const a = parseNumber(actual);
  const e = parseNumber(expected);
  return a === undefined || e === undefined ? undefined : Math.sign(a - e);
}

/** ISO 8601 dates, or epoch seconds as IAM accepts them for `aws:EpochTime`-style values. */
function parseDate(v: string): number | undefined {
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

export function compareDates(actual: string, expected: string): number | undefined {
  const a = parseDate(actual);
  const e = parseDate(expected);
  return a === undefined || e === undefined ? undefined : Math.sign(a - e);
}

interface Address {
  bits: 32 | 128;
  value: bigint;
}

function parseIpv4(v: string): bigint | undefined {
  const parts = v.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out = (out << 8n) | BigInt(Number(p));
  }
  return out;
}

function parseIpv6(v: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(v) || v.split('::').length > 2) return undefined;
  const [head, tail] = v.includes('::') ? v.split('::') : [v, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  let h = groups(head);
  let t = groups(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const last = (tail !== undefined ? t : h).at(-1);
  let v4: bigint | undefined;
  if (last?.includes('.')) {
    v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    if (tail !== undefined) t = t.slice(0, -1);
    else h = h.slice(0, -1);
  }
  const width = v4 === undefined ? 8 : 6;
  const fill = tail === undefined ? 0 : width - h.length - t.length;
  if (fill < 0 || (tail === undefined && h.length !== width)) return undefined;
  const all = [...h, ...Array<string>(fill).fill('0'), ...t];
  let out = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out = (out << 16n) | BigInt(parseInt(g, 16));
  }
  return v4 === undefined ? out : (out << 32n) | v4;
}

function parseAddress(v: string): Address | undefined {
  const v4 = parseIpv4(v);
  if (v4 !== undefined) return { bits: 32, value: v4 };
  const v6 = parseIpv6(v);
  return v6 === undefined ? undefined : { bits: 128, value: v6 };
}

/** Whether `ip` lies in `cidr` (a bare address means a single host). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const address = parseAddress(ip.trim());
  const [base, lengthText] = cidr.trim().split('/');
  const network = parseAddress(base ?? '');
  if (!address || !network || address.bits !== network.bits) return false;
  const length = lengthText === undefined ? network.bits : Number(lengthText);
  if (!Number.isInteger(length) || length < 0 || length > network.bits || !/^\d*$/.test(lengthText ?? '')) return false;
  const shift = BigInt(network.bits - length);
  return address.value >> shift === network.value >> shift;
}
