import { AppError } from '../errors.js';
import { type IpAddress, type IpRange, inRange, isMetadataAddress, parseIp, parseRange } from './ip.js';

/**
 * The outbound allow-list (`FETCH_ALLOW_HOSTS`): host names, addresses and CIDR ranges that may be reached
 * even though they are private. Each entry opens exactly what it names:
 * - `intranet.local` opens that host name (whatever it resolves to), not its subdomains;
 * - `127.0.0.1` or `::1` opens that one address, whatever name led to it;
 * - `10.0.0.0/8` opens every address of the range.
 * Cloud metadata addresses are opened only by an entry naming the exact address, never by a range.
 */
export interface AllowList {
  readonly entries: readonly string[];
  /** True when the host name itself is listed. */
  allowsHost(hostname: string): boolean;
  /** True when a resolved address is covered by a listed address or range. */
  allowsAddress(ip: IpAddress): boolean;
}

/** Lowercases a host name and drops the trailing dot of a fully qualified name. */
export function normaliseHostname(hostname: string): string {
  return hostname.trim().toLowerCase().replace(/\.$/, '');
}

const hostnamePattern =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Why an allow-list entry cannot be used, or undefined when it is fine. */
export function allowEntryProblem(entry: string): string | undefined {
  const e = entry.trim();
  if (e.includes('/')) return parseRange(e) ? undefined : `"${e}" is not a valid CIDR range`;
  if (parseIp(e)) return undefined;
  if (hostnamePattern.test(normaliseHostname(e))) return undefined;
  return `"${e}" is neither a host name, an IP address nor a CIDR range`;
}

export function createAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: IpRange[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const problem = allowEntryProblem(entry);
    if (problem)
      throw new AppError('fetch.invalid_allow_list', 500, `FETCH_ALLOW_HOSTS: ${problem}`, { entry });
    const range = entry.includes('/') || parseIp(entry) ? parseRange(entry) : undefined;
    if (range) ranges.push(range);
    else hosts.add(normaliseHostname(entry));
  }
  const exact = (r: IpRange) => r.prefix === (r.family === 4 ? 32 : 128);
  return {
    entries: [...entries],
    allowsHost: (hostname) => hosts.has(normaliseHostname(hostname)),
    allowsAddress(ip) {
      const metadata = isMetadataAddress(ip);
      return ranges.some((r) => (!metadata || exact(r)) && inRange(ip, r));
    },
  };
}
