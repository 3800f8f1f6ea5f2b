import ipaddr from "ipaddr.js";

/**
 * Classification of IP addresses for the SSRF guard.
 *
 * The rule is "public unicast only": an address is refused when it falls in any special-purpose range of
 * the IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890 and successors) or is otherwise not a
 * globally routable unicast address. Two independent tables decide: the explicit table below (which gives
 * the precise reason) and ipaddr.js's own `range()` classification (defence in depth: anything it does not
 * call plain "unicast" is refused too, except the IPv6 translation prefixes whose embedded IPv4 address we
 * check ourselves).
 *
 * Inputs are canonical address strings: dotted-decimal IPv4 (as the WHATWG URL parser and DNS answers
 * produce them) or IPv6 without brackets. Anything else is refused as unparseable, so a non-canonical form
 * can never slip through as "not an address".
 */

export type AddressCategory =
  | "unparseable"
  | "unspecified"
  | "loopback"
  | "private"
  | "carrier_grade_nat"
  | "link_local"
  | "metadata"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "benchmarking"
  | "documentation"
  | "unique_local"
  | "site_local"
  | "ipv4_embedded"
  | "translation"
  | "tunnel"
  | "not_global";

export interface AddressRefusal {
  category: AddressCategory;
  /** Human-readable explanation, e.g. "127.0.0.1 is loopback (127.0.0.0/8)". */
  reason: string;
}

type V4 = ipaddr.IPv4;
type V6 = ipaddr.IPv6;

/** Cloud / container metadata endpoints: refused with a specific reason (their ranges are refused anyway). */
const METADATA_ADDRESSES: Record<string, string> = {
  "169.254.169.254": "cloud instance metadata (AWS, GCP, Azure, OCI, DigitalOcean, OpenStack…)",
  "169.254.170.2": "AWS ECS task metadata / credentials",
  "169.254.170.23": "AWS EKS pod identity agent",
  "169.254.169.123": "AWS time sync service",
  "169.254.169.253": "AWS VPC DNS resolver",
  "100.100.100.200": "Alibaba Cloud instance metadata",
  "192.0.0.192": "Oracle Cloud instance metadata",
  "fd00:ec2::254": "AWS instance metadata (IPv6)",
  "fd00:ec2::23": "AWS EKS pod identity agent (IPv6)",
  "fd00:ec2::123": "AWS time sync service (IPv6)",
};

const V4_TABLE: [string, AddressCategory, string][] = [
  ["0.0.0.0/8", "unspecified", "'this network' / unspecified (0.0.0.0/8)"],
  ["10.0.0.0/8", "private", "private (RFC 1918, 10.0.0.0/8)"],
  ["100.64.0.0/10", "carrier_grade_nat", "carrier-grade NAT shared space (RFC 6598, 100.64.0.0/10)"],
  ["127.0.0.0/8", "loopback", "loopback (127.0.0.0/8)"],
  ["169.254.0.0/16", "link_local", "link-local (169.254.0.0/16)"],
  ["172.16.0.0/12", "private", "private (RFC 1918, 172.16.0.0/12)"],
  ["192.0.0.0/24", "reserved", "IETF protocol assignments (192.0.0.0/24)"],
  ["192.0.2.0/24", "documentation", "documentation TEST-NET-1 (192.0.2.0/24)"],
  ["192.31.196.0/24", "reserved", "AS112 (192.31.196.0/24)"],
  ["192.52.193.0/24", "reserved", "AMT (192.52.193.0/24)"],
  ["192.88.99.0/24", "reserved", "deprecated 6to4 relay anycast (192.88.99.0/24)"],
  ["192.168.0.0/16", "private", "private (RFC 1918, 192.168.0.0/16)"],
  ["192.175.48.0/24", "reserved", "AS112 direct delegation (192.175.48.0/24)"],
  ["198.18.0.0/15", "benchmarking", "benchmarking (RFC 2544, 198.18.0.0/15)"],
  ["198.51.100.0/24", "documentation", "documentation TEST-NET-2 (198.51.100.0/24)"],
  ["203.0.113.0/24", "documentation", "documentation TEST-NET-3 (203.0.113.0/24)"],
  ["224.0.0.0/4", "multicast", "multicast (224.0.0.0/4)"],
  ["255.255.255.255/32", "broadcast", "limited broadcast (255.255.255.255)"],
  ["240.0.0.0/4", "reserved", "reserved for future use (240.0.0.0/4)"],
];

const V6_TABLE: [string, AddressCategory, string][] = [
  ["::/128", "unspecified", "unspecified (::)"],
  ["::1/128", "loopback", "loopback (::1)"],
  ["100::/64", "reserved", "discard-only (100::/64)"],
  ["2001:2::/48", "benchmarking", "benchmarking (2001:2::/48)"],
  ["2001:db8::/32", "documentation", "documentation (2001:db8::/32)"],
  ["2001::/23", "reserved", "IETF protocol assignments (2001::/23)"],
  ["2620:4f:8000::/48", "reserved", "AS112 (2620:4f:8000::/48)"],
  ["3fff::/20", "documentation", "documentation (3fff::/20)"],
  ["5f00::/16", "reserved", "SRv6 segment identifiers (5f00::/16)"],
  ["fc00::/7", "unique_local", "unique local (fc00::/7)"],
  ["fe80::/10", "link_local", "link-local (fe80::/10)"],
  ["fec0::/10", "site_local", "deprecated site-local (fec0::/10)"],
  ["ff00::/8", "multicast", "multicast (ff00::/8)"],
];

const v4Table = V4_TABLE.map(([cidr, category, label]) => ({
  range: ipaddr.IPv4.parseCIDR(cidr),
  category,
  label,
}));
const v6Table = V6_TABLE.map(([cidr, category, label]) => ({
  range: ipaddr.IPv6.parseCIDR(cidr),
  category,
  label,
}));
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");
const NAT64_WKP = ipaddr.IPv6.parseCIDR("64:ff9b::/96");
const NAT64_LOCAL = ipaddr.IPv6.parseCIDR("64:ff9b:1::/48");
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR("2002::/16");
const TEREDO = ipaddr.IPv6.parseCIDR("2001::/32");
const V4_MAPPED = ipaddr.IPv6.parseCIDR("::ffff:0:0/96");
const V4_TRANSLATED = ipaddr.IPv6.parseCIDR("::ffff:0:0:0/96");
const V4_COMPATIBLE = ipaddr.IPv6.parseCIDR("::/96");

const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Is this string a canonical dotted-decimal IPv4 address (no leading zeros, no short forms)? */
export function isCanonicalIPv4(s: string): boolean {
  return DOTTED_QUAD.test(s);
}

/** Does this string look like an IPv6 address (bare, without brackets)? */
export function looksLikeIPv6(s: string): boolean {
  return s.includes(":");
}

function v4FromWords(hi: number, lo: number): V4 {
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function classifyV4(addr: V4): AddressRefusal | null {
  const text = addr.toString();
  const metadata = METADATA_ADDRESSES[text];
  if (metadata) return { category: "metadata", reason: `${text} is ${metadata}` };
  for (const row of v4Table) {
    if (addr.match(row.range)) return { category: row.category, reason: `${text} is ${row.label}` };
  }
  const range = addr.range();
  if (range !== "unicast") return { category: "reserved", reason: `${text} is special-purpose (${range})` };
  return null;
}

function embedded(
  addr: V6,
  v4: V4,
  category: AddressCategory,
  what: string,
  refuseAlways: boolean,
): AddressRefusal | null {
  const inner = classifyV4(v4);
  if (inner) {
    return {
      category: inner.category === "metadata" ? "metadata" : category,
      reason: `${addr.toString()} is ${what} embedding ${v4.toString()}, and ${inner.reason}`,
    };
  }
  if (refuseAlways) {
    return { category, reason: `${addr.toString()} is ${what} embedding ${v4.toString()}` };
  }
  return null;
}

function classifyV6(addr: V6): AddressRefusal | null {
  const text = addr.toString();
  const metadata = METADATA_ADDRESSES[text];
  if (metadata) return { category: "metadata", reason: `${text} is ${metadata}` };
  const w = addr.parts;
  // IPv4-embedding forms first, so the reason names the embedded address.
  if (addr.match(V4_MAPPED)) {
    return embedded(addr, v4FromWords(w[6]!, w[7]!), "ipv4_embedded", "an IPv4-mapped IPv6 address", true);
  }
  if (addr.match(V4_TRANSLATED)) {
    return embedded(
      addr,
      v4FromWords(w[6]!, w[7]!),
      "ipv4_embedded",
      "an IPv4-translated IPv6 address",
      true,
    );
  }
  if (addr.match(V4_COMPATIBLE) && !(w[6] === 0 && (w[7] === 0 || w[7] === 1))) {
    return embedded(
      addr,
      v4FromWords(w[6]!, w[7]!),
      "ipv4_embedded",
      "a deprecated IPv4-compatible IPv6 address",
      true,
    );
  }
  if (addr.match(NAT64_WKP)) {
    // Well-known NAT64 prefix: routable through a NAT64 gateway to the embedded IPv4 address.
    return embedded(addr, v4FromWords(w[6]!, w[7]!), "translation", "a NAT64 (64:ff9b::/96) address", false);
  }
  if (addr.match(NAT64_LOCAL)) {
    return { category: "translation", reason: `${text} is a local-use NAT64 address (64:ff9b:1::/48)` };
  }
  if (addr.match(SIX_TO_FOUR)) {
    return embedded(addr, v4FromWords(w[1]!, w[2]!), "tunnel", "a 6to4 (2002::/16) address", false);
  }
  if (addr.match(TEREDO)) {
    // Teredo: server IPv4 in bits 32-63, client IPv4 (bit-inverted) in bits 96-127. Deprecated tunnelling;
    // no dealer website lives on one, so refuse outright and say what it embeds.
    const client = v4FromWords(w[6]! ^ 0xffff, w[7]! ^ 0xffff);
    const server = v4FromWords(w[2]!, w[3]!);
    return {
      category: "tunnel",
      reason: `${text} is a Teredo tunnel address (2001::/32; server ${server.toString()}, client ${client.toString()})`,
    };
  }
  for (const row of v6Table) {
    if (addr.match(row.range)) return { category: row.category, reason: `${text} is ${row.label}` };
  }
  const range = addr.range();
  if (range !== "unicast" && range !== "rfc6052" && range !== "6to4") {
    return { category: "reserved", reason: `${text} is special-purpose (${range})` };
  }
  if (!addr.match(GLOBAL_UNICAST_V6)) {
    return { category: "not_global", reason: `${text} is outside global unicast space (2000::/3)` };
  }
  return null;
}

/**
 * Classify an IP address. Returns null when it is a public unicast address that may be fetched, otherwise
 * why not. Accepts canonical dotted-decimal IPv4 or IPv6 (optionally in brackets); anything else, including
 * IPv6 zone ids, is refused as unparseable.
 */
export function classifyAddress(input: string): AddressRefusal | null {
  let s = input.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  if (isCanonicalIPv4(s)) return classifyV4(ipaddr.IPv4.parse(s));
  if (looksLikeIPv6(s)) {
    if (s.includes("%")) return { category: "unparseable", reason: `${input} has an IPv6 zone id` };
    if (!ipaddr.IPv6.isValid(s))
      return { category: "unparseable", reason: `${input} is not a valid IPv6 address` };
    return classifyV6(ipaddr.IPv6.parse(s));
  }
  return { category: "unparseable", reason: `${JSON.stringify(input)} is not a canonical IP address` };
}

/** True when `input` is a public unicast IP address. */
export function isPublicAddress(input: string): boolean {
  return classifyAddress(input) === null;
}
