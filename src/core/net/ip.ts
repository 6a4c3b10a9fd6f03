import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP address parsing and classification for outbound request checks. Addresses are handled as byte
 * arrays (4 bytes for IPv4, 16 for IPv6) so that every textual form of one address (`::ffff:7f00:1`,
 * `::ffff:127.0.0.1`, `0:0:0:0:0:ffff:7f00:1`) is judged the same way.
 */
export interface IpAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

export interface IpRange {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** Why an address may not be reached without an allow-list entry. */
export type AddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'unique_local'
  | 'site_local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'metadata'
  | 'translation';

export type AddressVerdict =
  | { blocked: false }
  | { blocked: true; kind: AddressKind; range: string; label: string };

/** Strips brackets and an IPv6 zone id (`fe80::1%eth0`) before parsing. */
function bare(text: string): string {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const zone = t.indexOf('%');
  return zone >= 0 ? t.slice(0, zone) : t;
}

/** Parses a literal IPv4 or IPv6 address; undefined when `text` is not one (a host name, say). */
export function parseIp(text: string): IpAddress | undefined {
  const t = bare(text);
  if (isIPv4(t)) return { family: 4, bytes: Uint8Array.from(t.split('.').map(Number)) };
  if (!isIPv6(t)) return undefined;
  let head = t;
  let tailV4: number[] = [];
  const lastColon = t.lastIndexOf(':');
  if (t.slice(lastColon + 1).includes('.')) {
    tailV4 = t
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    head = `${t.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const words = [...l, ...new Array(8 - l.length - r.length).fill(0), ...r];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  if (tailV4.length === 4) bytes.set(tailV4, 12);
  return { family: 6, bytes };
}

/** Parses `10.0.0.0/8`, `fd00::/8` or a single address (a /32 or /128 range). */
export function parseRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash >= 0 ? text.slice(0, slash) : text);
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ...ip, prefix: max };
  const p = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(p) || Number(p) > max) return undefined;
  return { ...ip, prefix: Number(p) };
}

export function inRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.family !== range.family) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((ip.bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return Array.from(ip.bytes).join('.');
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2)
    words.push((((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0)).toString(16));
  // Compress the longest run of zero words, as RFC 5952 asks.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}

interface Rule {
  range: IpRange;
  text: string;
  kind: AddressKind;
  label: string;
}

function rule(text: string, kind: AddressKind, label: string): Rule {
  const range = parseRange(text);
  if (!range) throw new Error(`bad built-in range ${text}`);
  return { range, text, kind, label };
}

/**
 * Cloud metadata endpoints. Checked before the general ranges so the message names them, and opened
 * only by an allow-list entry naming the exact address (a broad range such as 169.254.0.0/16 does not).
 */
const metadataRules: Rule[] = [
  rule('169.254.169.254', 'metadata', 'cloud instance metadata (AWS, GCP, Azure, OpenStack)'),
  rule('169.254.170.2', 'metadata', 'AWS ECS task metadata'),
  rule('169.254.169.253', 'metadata', 'AWS DNS resolver'),
  rule('100.100.100.200', 'metadata', 'Alibaba Cloud metadata'),
  rule('168.63.129.16', 'metadata', 'Azure host (WireServer)'),
  rule('192.0.0.192', 'metadata', 'Oracle Cloud metadata'),
  rule('fd00:ec2::254', 'metadata', 'AWS instance metadata (IPv6)'),
  rule('fd00:ec2::23', 'metadata', 'AWS time sync (IPv6)'),
];

const v4Rules: Rule[] = [
  rule('0.0.0.0/8', 'unspecified', '"this network" (0.0.0.0/8)'),
  rule('10.0.0.0/8', 'private', 'private network (RFC 1918)'),
  rule('100.64.0.0/10', 'shared', 'carrier-grade NAT (RFC 6598)'),
  rule('127.0.0.0/8', 'loopback', 'loopback'),
  rule('169.254.0.0/16', 'link_local', 'link-local'),
  rule('172.16.0.0/12', 'private', 'private network (RFC 1918)'),
  rule('192.0.0.0/24', 'reserved', 'IETF protocol assignments'),
  rule('192.0.2.0/24', 'documentation', 'documentation (TEST-NET-1)'),
  rule('192.88.99.0/24', 'reserved', '6to4 relay anycast'),
  rule('192.168.0.0/16', 'private', 'private network (RFC 1918)'),
  rule('198.18.0.0/15', 'benchmarking', 'benchmarking'),
  rule('198.51.100.0/24', 'documentation', 'documentation (TEST-NET-2)'),
  rule('203.0.113.0/24', 'documentation', 'documentation (TEST-NET-3)'),
  rule('224.0.0.0/4', 'multicast', 'multicast'),
  rule('255.255.255.255/32', 'broadcast', 'broadcast'),
  rule('240.0.0.0/4', 'reserved', 'reserved (240.0.0.0/4)'),
];

const v6Rules: Rule[] = [
  rule('::/128', 'unspecified', 'unspecified address'),
  rule('::1/128', 'loopback', 'loopback'),
  rule('64:ff9b:1::/48', 'translation', 'local-use IPv4/IPv6 translation'),
  rule('100::/64', 'reserved', 'discard-only'),
  rule('2001::/32', 'translation', 'Teredo tunnelling (hides the real address)'),
  rule('2001:db8::/32', 'documentation', 'documentation'),
  rule('fc00::/7', 'unique_local', 'unique local address'),
  rule('fe80::/10', 'link_local', 'link-local'),
  rule('fec0::/10', 'site_local', 'site-local (deprecated)'),
  rule('ff00::/8', 'multicast', 'multicast'),
];

/**
 * IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64
 * (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::). The embedded address is judged as IPv4.
 */
export function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.family !== 6) return undefined;
  const b = ip.bytes;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return { family: 4, bytes: b.slice(12, 16) };
  if (zero(0, 12) && !(zero(12, 15) && (b[15] === 0 || b[15] === 1)))
    return { family: 4, bytes: b.slice(12, 16) };
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12))
    return { family: 4, bytes: b.slice(12, 16) };
  if (b[0] === 0x20 && b[1] === 0x02) return { family: 4, bytes: b.slice(2, 6) };
  return undefined;
}

/** Whether `ip` is a cloud metadata endpoint (in any IPv6 form of it, too). */
export function isMetadataAddress(ip: IpAddress): boolean {
  const v4 = embeddedIpv4(ip);
  return metadataRules.some((r) => inRange(ip, r.range) || (v4 !== undefined && inRange(v4, r.range)));
}

/** Judges an address: public (allowed) or one of the kinds that need an allow-list entry. */
export function classifyIp(ip: IpAddress): AddressVerdict {
  const v4 = embeddedIpv4(ip);
  for (const candidate of v4 ? [ip, v4] : [ip]) {
    const rules = [...metadataRules, ...(candidate.family === 4 ? v4Rules : v6Rules)];
    const hit = rules.find((r) => inRange(candidate, r.range));
    if (hit) {
      const via = candidate === ip ? '' : ` (embedded IPv4 ${formatIp(candidate)})`;
      return { blocked: true, kind: hit.kind, range: hit.text, label: `${hit.label}${via}` };
    }
  }
  return { blocked: false };
}
