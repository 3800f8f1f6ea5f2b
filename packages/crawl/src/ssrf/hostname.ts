import { classifyAddress } from "./address.ts";

/**
 * Classification of DNS host names (not IP literals) that can be decided without resolving them.
 *
 * Input is a hostname as the WHATWG URL parser serialises it: lower-case ASCII, IDNA-mapped (so fullwidth
 * letters, enclosed alphanumerics and ideographic full stops are already folded), percent-decoded. We still
 * defend against anything the parser of another runtime might leave behind: characters outside the DNS
 * alphabet, empty labels and numeric final labels (an IPv4 address in a notation the parser did not fold).
 */

export type HostnameCategory =
  | "invalid"
  | "localhost"
  | "internal_suffix"
  | "single_label"
  | "metadata"
  | "rebinding_service"
  | "embedded_address"
  | "numeric";

export interface HostnameRefusal {
  category: HostnameCategory;
  reason: string;
}

/** Special-use and de-facto private suffixes that must never be fetched (RFC 6761, 6762, 8375, ICANN). */
const INTERNAL_SUFFIXES = [
  "localhost", // RFC 6761: always loopback
  "local", // RFC 6762: mDNS
  "internal", // ICANN-reserved private-use TLD (GCP metadata.google.internal, AWS *.ec2.internal…)
  "localdomain",
  "home.arpa", // RFC 8375
  "arpa", // reverse-mapping and infrastructure zones
  "intranet",
  "lan",
  "home",
  "corp",
  "private",
  "svc", // Kubernetes service names (kubernetes.default.svc)
];

/** Names of cloud metadata services that are not under a refused suffix already. */
const METADATA_NAMES = [
  "metadata.azure.com",
  "metadata.packet.net",
  "metadata.platformequinix.com",
  "metadata.tencentyun.com",
  "metadata.oraclecloud.com",
  "metadata.google",
  "metadata.goog",
  "instance-data",
  "metadata",
  "rancher-metadata",
];

/**
 * Public wildcard-DNS and DNS-rebinding services whose names resolve to any address the name spells out
 * (127.0.0.1.nip.io → 127.0.0.1) or to loopback by design. No dealership website lives on them.
 */
const REBINDING_DOMAINS = [
  "nip.io",
  "sslip.io",
  "xip.io",
  "nip.direct",
  "traefik.me",
  "localtest.me",
  "lvh.me",
  "vcap.me",
  "fuf.me",
  "lacolhost.com",
  "localhost.direct",
  "local.gd",
  "1u.ms",
  "rbndr.us",
  "spoofed.burpcollaborator.net",
];

const DNS_CHARS = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const NUMERIC_LABEL = /^(0x[0-9a-f]*|[0-9]+)$/;
const DOTTED_IN_NAME = /(?:^|[.-])(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})(?=$|[.-])/g;

function endsWith(name: string, suffix: string): boolean {
  return name === suffix || name.endsWith(`.${suffix}`);
}

/** Strip trailing dots ("localhost." and "localhost.." name the same host as "localhost"). */
export function stripTrailingDots(name: string): string {
  return name.replace(/\.+$/, "");
}

/**
 * Classify a DNS host name. Returns null when nothing about the name itself forbids it (its DNS answers
 * still have to be checked), otherwise why it is refused.
 */
export function classifyHostname(input: string): HostnameRefusal | null {
  const name = stripTrailingDots(input.toLowerCase());
  if (name.length === 0) return { category: "invalid", reason: "empty host name" };
  if (name.length > 253) return { category: "invalid", reason: "host name longer than 253 characters" };
  if (!DNS_CHARS.test(name)) {
    return {
      category: "invalid",
      reason: `host name ${JSON.stringify(input)} has characters or empty labels DNS does not allow`,
    };
  }
  const labels = name.split(".");
  if (labels.some((l) => l.length > 63))
    return { category: "invalid", reason: "a host name label is longer than 63 characters" };
  const last = labels[labels.length - 1]!;
  if (NUMERIC_LABEL.test(last)) {
    return {
      category: "numeric",
      reason: `${input} ends in a numeric label: an IPv4 address in a non-canonical notation`,
    };
  }
  if (endsWith(name, "localhost"))
    return { category: "localhost", reason: `${input} is localhost (always loopback)` };
  for (const m of METADATA_NAMES) {
    if (endsWith(name, m))
      return { category: "metadata", reason: `${input} is a cloud metadata service name` };
  }
  for (const suffix of INTERNAL_SUFFIXES) {
    if (endsWith(name, suffix)) {
      const category =
        name.startsWith("metadata.") || name.includes("instance-data") ? "metadata" : "internal_suffix";
      return { category, reason: `${input} is under .${suffix}, a private or special-use name` };
    }
  }
  if (labels.length === 1) {
    return {
      category: "single_label",
      reason: `${input} is a single-label name (resolved through local search domains)`,
    };
  }
  for (const d of REBINDING_DOMAINS) {
    if (endsWith(name, d))
      return {
        category: "rebinding_service",
        reason: `${input} is under ${d}, a wildcard-DNS/rebinding service`,
      };
  }
  // Names that spell out a refused IPv4 address (10-0-0-1.example.com, ip-10-0-0-1.ec2…, 127.0.0.1.attacker.example):
  // the trick behind every wildcard-DNS service, refused whoever runs the zone.
  for (const m of name.matchAll(DOTTED_IN_NAME)) {
    const octets = [m[1], m[2], m[3], m[4]].map(Number);
    if (octets.every((o) => o <= 255)) {
      const ip = octets.join(".");
      const refusal = classifyAddress(ip);
      if (refusal)
        return { category: "embedded_address", reason: `${input} spells out ${ip}, and ${refusal.reason}` };
    }
  }
  return null;
}
