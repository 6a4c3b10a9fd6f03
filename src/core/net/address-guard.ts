import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { AppError } from '../errors.js';
import { type AllowList, normaliseHostname } from './allow-list.js';
import { classifyIp, formatIp, type IpAddress, isMetadataAddress, parseIp } from './ip.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Turns a host name into addresses. Injected in tests so a "public" name can resolve anywhere. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address, in the order given. */
export const systemResolver: Resolver = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Names that only ever mean a metadata service, refused before any resolution. */
const metadataHostnames = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'instance-data.ec2.internal',
]);

function blockedError(hostname: string, ip: IpAddress, label: string): AppError {
  const address = formatIp(ip);
  const metadata = isMetadataAddress(ip);
  const how = metadata
    ? `add the exact address "${address}" to FETCH_ALLOW_HOSTS (ranges never open metadata addresses)`
    : `add "${address}"${hostname !== address ? ` or "${hostname}"` : ''} (or a CIDR range) to FETCH_ALLOW_HOSTS`;
  return new AppError(
    'fetch.blocked_address',
    403,
    `refused to connect to ${hostname} (${address}): ${label} addresses are blocked for outbound requests; if this is intended, ${how}`,
    { host: hostname, address, reason: label },
  );
}

/**
 * Decides whether `ip`, reached through `hostname`, may be connected to; throws `fetch.blocked_address`
 * when not. Metadata addresses need an exact address entry; other private addresses open through a
 * host name, address or range entry.
 */
export function assertAddressAllowed(allowList: AllowList, hostname: string, ip: IpAddress): void {
  const verdict = classifyIp(ip);
  if (!verdict.blocked) return;
  if (allowList.allowsAddress(ip)) return;
  if (verdict.kind !== 'metadata' && !isMetadataAddress(ip) && allowList.allowsHost(hostname)) return;
  throw blockedError(hostname, ip, verdict.label);
}

/** Checks a URL's host before any connection: IP literals and metadata names are judged here. */
export function assertHostAllowed(allowList: AllowList, hostname: string): void {
  const host = normaliseHostname(hostname);
  const literal = parseIp(host);
  if (literal) {
    assertAddressAllowed(allowList, host, literal);
    return;
  }
  if (metadataHostnames.has(host) && !allowList.allowsHost(host)) {
    throw new AppError(
      'fetch.blocked_address',
      403,
      `refused to connect to ${host}: it names a cloud metadata service; add "${host}" to FETCH_ALLOW_HOSTS if this is intended`,
      { host, reason: 'cloud metadata host name' },
    );
  }
}

/**
 * Resolves `hostname` and keeps only the addresses that may be reached. A name with some public and
 * some private addresses connects to the public ones only; a name with none allowed is refused, naming
 * the first blocked address.
 */
export async function resolveAllowed(
  resolver: Resolver,
  allowList: AllowList,
  hostname: string,
): Promise<ResolvedAddress[]> {
  const host = normaliseHostname(hostname);
  assertHostAllowed(allowList, host);
  const literal = parseIp(host);
  if (literal) return [{ address: formatIp(literal), family: literal.family }];
  let found: ResolvedAddress[];
  try {
    found = await resolver(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'fetch.dns_failed',
      502,
      `cannot resolve ${host}${code ? ` (${code})` : ''}: check the address is spelled right and the host exists`,
      { host, ...(code ? { cause: code } : {}) },
    );
  }
  if (found.length === 0) {
    throw new AppError('fetch.dns_failed', 502, `${host} has no addresses`, { host });
  }
  let firstRefusal: AppError | undefined;
  const allowed: ResolvedAddress[] = [];
  for (const a of found) {
    const ip = parseIp(a.address);
    if (!ip) continue;
    try {
      assertAddressAllowed(allowList, host, ip);
      allowed.push({ address: a.address, family: ip.family });
    } catch (error) {
      firstRefusal ??= error as AppError;
    }
  }
  if (allowed.length === 0) {
    throw firstRefusal ?? new AppError('fetch.dns_failed', 502, `${host} resolved to no usable address`);
  }
  return allowed;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `net.connect` / `tls.connect` that resolves through `resolver` and hands the socket
 * only addresses that passed the checks. Because the socket connects to exactly what this returns,
 * a DNS answer that changes between a check and the connection (rebinding) cannot reach a private host.
 */
export function guardedLookup(resolver: Resolver, allowList: AllowList) {
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: LookupCallback,
  ) => {
    resolveAllowed(resolver, allowList, hostname).then(
      (addresses) => {
        const family =
          options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family) || 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) {
          const err: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${family} address allowed`);
          err.code = 'ENOTFOUND';
          callback(err, options.all ? [] : '', undefined);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0]?.address ?? '', usable[0]?.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : '', undefined),
    );
  };
}
