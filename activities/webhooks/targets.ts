// Where a webhook may point (SSRF guard). A department's administrator types a URL; the service then
// sends requests to it from inside the government network, so a URL must never reach the service's
// own host, the private network, link-local metadata endpoints (169.254.169.254; Alibaba Cloud's
// 100.100.100.200) or anything else that is not the public internet — unless an operator allow-lists
// that network (WEBHOOK_ALLOWED_NETWORKS). Checked when a webhook is registered or changed AND at
// every delivery: the name is resolved, every address checked, and the socket connects to exactly
// the address checked (a custom `lookup`), so a name that changes its answer (DNS rebinding) gains nothing.
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Every address a name resolves to (injectable: tests name hosts that resolve to private addresses). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface TargetPolicy {
  /** Networks allow-listed by the operator (WEBHOOK_ALLOWED_NETWORKS): their addresses pass. */
  allowed: BlockList;
  /** `http:` is accepted, for allow-listed targets only (development and tests). */
  allowHttp: boolean;
  resolve: Resolve;
}

/** Why a target is refused; the message is safe to show to the administrator who typed the URL. */
export class TargetRefused extends Error {
  override name = 'TargetRefused';
  constructor(
    /** scheme, credentials, fragment, address, unresolvable */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const RESOLVE_TIMEOUT_MS = 5_000;

export const systemResolve: Resolve = async (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`resolving ${hostname} took too long`), { code: 'ETIMEOUT' })), RESOLVE_TIMEOUT_MS);
  });
  try {
    const found = await Promise.race([dnsLookup(hostname, { all: true, verbatim: true }), timeout]);
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } finally {
    clearTimeout(timer);
  }
};

/** Address ranges that are not the public internet, each with the name a refusal gives. */
const NOT_PUBLIC: Array<[string, Array<[string, number, 'ipv4' | 'ipv6']>]> = [
  ['unspecified', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['loopback', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['private (RFC 1918)', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4']]],
  // 100.100.100.200 (Alibaba Cloud's instance metadata) lies here.
  ['shared address space (CGNAT, RFC 6598)', [['100.64.0.0', 10, 'ipv4']]],
  // 169.254.169.254 (instance metadata of most clouds) lies here.
  ['link-local', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  // fd00:ec2::254 (AWS's IPv6 metadata) lies here.
  ['unique local (IPv6)', [['fc00::', 7, 'ipv6']]],
  ['multicast', [['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']]],
  [
    'reserved',
    [
      ['192.0.0.0', 24, 'ipv4'],
      ['192.0.2.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['198.51.100.0', 24, 'ipv4'],
      ['203.0.113.0', 24, 'ipv4'],
      ['240.0.0.0', 4, 'ipv4'],
      ['::', 96, 'ipv6'], // IPv4-compatible (deprecated)
      ['100::', 64, 'ipv6'], // discard-only
      ['2001:db8::', 32, 'ipv6'], // documentation
      ['2001::', 32, 'ipv6'], // Teredo: tunnels to an address it hides
      ['fec0::', 10, 'ipv6'], // site-local (deprecated)
    ],
  ],
];

const RANGES = NOT_PUBLIC.map(([name, subnets]) => {
  const list = new BlockList();
  for (const [net, prefix, type] of subnets) list.addSubnet(net, prefix, type);
  return { name, list };
});

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted quad, if any). */
function groupsOf(v6: string): number[] {
  let s = v6.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16));
}

const quadOf = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 address stands for, where it carries one: IPv4-mapped (::ffff:a.b.c.d),
 * NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach that IPv4 host, so they are judged as it.
 */
function embeddedIPv4(v6: string): string | undefined {
  const g = groupsOf(v6);
  if (g.length !== 8 || g.some((x) => Number.isNaN(x))) return undefined;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return quadOf(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return quadOf(g[6]!, g[7]!);
  if (g[0] === 0x2002) return quadOf(g[1]!, g[2]!);
  return undefined;
}

/** Why an address is not a public one (undefined: it is, or the operator allow-listed it). */
export function refusedAddress(address: string, allowed: BlockList): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const v4 = family === 6 ? embeddedIPv4(bare) : undefined;
  if (allowed.check(bare, type) || (v4 !== undefined && allowed.check(v4, 'ipv4'))) return undefined;
  for (const { name, list } of RANGES) {
    if (list.check(bare, type) || (v4 !== undefined && list.check(v4, 'ipv4'))) return v4 ? `${name} (as ${v4})` : name;
  }
  return undefined;
}

/** True when the operator allow-listed this address (http may then be used, outside production). */
const isAllowListed = (address: string, allowed: BlockList): boolean => {
  const bare = address.replace(/^\[|\]$/g, '');
  const v4 = isIP(bare) === 6 ? embeddedIPv4(bare) : undefined;
  return allowed.check(bare, isIP(bare) === 4 ? 'ipv4' : 'ipv6') || (v4 !== undefined && allowed.check(v4, 'ipv4'));
};

/** The checked addresses of a URL's host: an IP literal as it is, a name resolved; throws TargetRefused. */
export async function checkedAddresses(url: URL, policy: TargetPolicy): Promise<ResolvedAddress[]> {
  // `localhost.` is `localhost`: a fully qualified name resolves as the name does.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  let addresses: ResolvedAddress[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) as 4 | 6 }];
  else {
    try {
      addresses = await policy.resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) throw new TargetRefused('unresolvable', `the host ${host} does not resolve`);
  }
  for (const a of addresses) {
    const why = refusedAddress(a.address, policy.allowed);
    if (why) throw new TargetRefused('address', `the host ${host} is (or resolves to) a ${why} address, which webhooks may not reach`);
  }
  if (url.protocol === 'http:' && !(policy.allowHttp && addresses.every((a) => isAllowListed(a.address, policy.allowed)))) {
    throw new TargetRefused('scheme', 'the URL must use https');
  }
  return addresses;
}

/** The URL parsed and checked for what a webhook target may be: https, no credentials, no fragment, a public host. */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('scheme', 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefused('scheme', 'the URL must use https');
  if (url.username || url.password) throw new TargetRefused('credentials', 'the URL may not carry credentials (the signature authenticates us)');
  if (url.hash || raw.includes('#')) throw new TargetRefused('fragment', 'the URL may not carry a fragment');
  await checkedAddresses(url, policy);
  return url;
}

/**
 * A `lookup` for http(s).request that resolves the name, refuses it unless every address passes,
 * and hands the socket exactly those addresses: what connects is what was checked.
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (err: Error | null, address: unknown, family?: number) => void) => {
    checkedAddresses(new URL(`https://${isIP(hostname) === 6 ? `[${hostname}]` : hostname}/`), { ...policy, allowHttp: true }).then(
      (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
      (err: Error) => callback(err, options.all ? [] : ''),
    );
  }) as LookupFunction;
}

/** The allow-list of WEBHOOK_ALLOWED_NETWORKS (IP addresses or CIDRs). */
export function allowList(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const n of networks) {
    const [address, prefix] = n.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** A valid WEBHOOK_ALLOWED_NETWORKS entry: an IP address, or one with a prefix length its family allows. */
export function isNetwork(n: string): boolean {
  const [address, prefix, ...rest] = n.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}
