// Where a webhook may be delivered: only to globally reachable unicast addresses. Every address a receiver's name
// resolves to is checked against the IANA special-purpose address registries (IPv4 and IPv6), and an address
// that carries an IPv4 address inside it (IPv4-mapped, NAT64) is checked by that IPv4 address as well.
// See docs/security.md, "Webhooks: what they may reach, and how delivery is scheduled".
import ipaddr from 'ipaddr.js';

type Range = readonly [cidr: string, name: string];

// https://www.iana.org/assignments/iana-ipv4-special-registry, plus multicast (RFC 5771).
const IPV4_SPECIAL: readonly Range[] = [
  ['0.0.0.0/8', 'this network'],
  ['10.0.0.0/8', 'private use'],
  ['100.64.0.0/10', 'shared address space (CGNAT)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link local'],
  ['172.16.0.0/12', 'private use'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)'],
  ['192.31.196.0/24', 'AS112-v4'],
  ['192.52.193.0/24', 'AMT'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast'],
  ['192.168.0.0/16', 'private use'],
  ['192.175.48.0/24', 'direct delegation AS112 service'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'limited broadcast'],
  ['240.0.0.0/4', 'reserved'],
];

// https://www.iana.org/assignments/iana-ipv6-special-registry, plus multicast and what lies outside 2000::/3,
// the only block IANA allocates for global unicast. The two prefixes with an IPv4 address inside them that
// may be public (IPv4-mapped, the NAT64 well-known prefix) are handled by their embedded address below.
const IPV6_SPECIAL: readonly Range[] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b:1::/48', 'local-use IPv4/IPv6 translation'],
  ['100::/64', 'discard only'],
  ['100:0:0:1::/64', 'dummy prefix'],
  ['2001::/32', 'Teredo'],
  ['2001::/23', 'IETF protocol assignments'],
  ['2001:db8::/32', 'documentation'],
  ['2002::/16', '6to4'],
  ['2620:4f:8000::/48', 'direct delegation AS112 service'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'segment routing (SRv6) SIDs'],
  ['fc00::/7', 'unique local'],
  ['fe80::/10', 'link local'],
  ['fec0::/10', 'deprecated site local'],
  ['ff00::/8', 'multicast'],
];

const IPV4_EMBEDDING: readonly Range[] = [
  ['::ffff:0:0/96', 'IPv4-mapped'],
  ['64:ff9b::/96', 'NAT64'],
];

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

const parsedRanges = <T extends ipaddr.IPv4 | ipaddr.IPv6>(
  ranges: readonly Range[],
  parse: (cidr: string) => [T, number],
) => ranges.map(([cidr, name]) => ({ cidr, name, range: parse(cidr) }));

const v4Special = parsedRanges(IPV4_SPECIAL, (cidr) => ipaddr.IPv4.parseCIDR(cidr));
const v6Special = parsedRanges(IPV6_SPECIAL, (cidr) => ipaddr.IPv6.parseCIDR(cidr));
const v6Embedding = parsedRanges(IPV4_EMBEDDING, (cidr) => ipaddr.IPv6.parseCIDR(cidr));

/** The IPv4 address in the last 32 bits of an IPv6 address (RFC 4291 §2.5.5.2, RFC 6052 §2.2 for /96). */
const lastFourBytes = (address: ipaddr.IPv6): ipaddr.IPv4 =>
  new ipaddr.IPv4(address.toByteArray().slice(12) as [number, number, number, number]);

const ipv4Refusal = (address: ipaddr.IPv4): string | undefined => {
  const hit = v4Special.find(({ range }) => address.match(range));
  return hit ? `${address.toString()} is ${hit.name} (${hit.cidr})` : undefined;
};

const ipv6Refusal = (address: ipaddr.IPv6): string | undefined => {
  const embedding = v6Embedding.find(({ range }) => address.match(range));
  if (embedding) {
    const inner = ipv4Refusal(lastFourBytes(address));
    return inner ? `${address.toString()} is ${embedding.name}: ${inner}` : undefined;
  }
  const hit = v6Special.find(({ range }) => address.match(range));
  if (hit) return `${address.toString()} is ${hit.name} (${hit.cidr})`;
  if (!address.match(GLOBAL_UNICAST)) return `${address.toString()} is not global unicast (2000::/3)`;
  return undefined;
};

/** Whether `text` is an IP address literal (IPv4 dotted quad or IPv6, brackets allowed). */
export const isIpLiteral = (text: string): boolean => ipaddr.isValid(text.replace(/^\[(.*)\]$/, '$1'));

/**
 * Why a webhook must not be delivered to this IP address, or undefined when it is a public unicast address.
 * Anything that does not parse is refused.
 */
export const refusalOfAddress = (text: string): string | undefined => {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const canonical = bare.includes(':') ? canonicalIpv6(bare) : bare;
  if (canonical === undefined || !ipaddr.isValid(canonical)) return `${text} is not an IP address`;
  const address = ipaddr.parse(canonical);
  return address.kind() === 'ipv4'
    ? ipv4Refusal(address as ipaddr.IPv4)
    : ipv6Refusal(address as ipaddr.IPv6);
};

/**
 * The WHATWG URL parser's spelling of an IPv6 address (hex only). ipaddr.js reads a dotted tail after `::` as
 * IPv4-mapped (`::8.8.8.8` becomes `::ffff:808:808`), but it is the deprecated IPv4-compatible form in ::/96.
 */
const canonicalIpv6 = (text: string): string | undefined => {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
};

// https://www.iana.org/assignments/special-use-domain-names: names that never lead to a public receiver.
const SPECIAL_USE_NAMES = [
  'localhost',
  'local',
  'internal',
  'home.arpa',
  'invalid',
  'test',
  'example',
  'onion',
  'alt',
];

/** Why a host name (not an address) cannot be a public receiver, or undefined. */
export const refusalOfHostName = (hostname: string): string | undefined => {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (!name.includes('.')) return `${hostname} is not a fully qualified domain name`;
  const special = SPECIAL_USE_NAMES.find((suffix) => name === suffix || name.endsWith(`.${suffix}`));
  return special ? `${hostname} is under the special-use domain .${special}` : undefined;
};

/** A delivery the destination policy refused: permanent, not retried. */
export class RefusedDestination extends Error {
  override readonly name = 'RefusedDestination';
}

/**
 * Why this URL may not receive webhooks, or undefined. Checked when a webhook is registered and again before
 * every delivery (a URL stored before a rule was tightened is not trusted). Host names are resolved and their
 * addresses checked by the sender at delivery, since only then is the answer the one that will be used.
 */
export const refusalOfUrl = (raw: string, allowInsecure: boolean): string | undefined => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (allowInsecure)
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'must use https';
  if (url.protocol !== 'https:') return 'must use https';
  const refusal = isIpLiteral(url.hostname)
    ? refusalOfAddress(url.hostname)
    : refusalOfHostName(url.hostname);
  return refusal ? `must be a public host: ${refusal}` : undefined;
};
