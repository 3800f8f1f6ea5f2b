import { classifyAddress, isCanonicalIPv4 } from "./address.ts";
import { classifyHostname, stripTrailingDots } from "./hostname.ts";
import { allowSet, type SsrfPolicy, urlAllowKey } from "./policy.ts";
import type { Resolver } from "./resolve.ts";

/**
 * The URL half of the SSRF guard: decides from the URL alone (no network) whether it may be fetched.
 *
 * Approach: parse with the WHATWG URL parser, exactly as `fetch` in workerd and Node will, then classify
 * what it produced. The parser already folds decimal/octal/hex/short IPv4 forms ("2130706433", "0177.1",
 * "0x7f.1", "127.1"), percent-encoding, fullwidth and enclosed characters and ideographic full stops, and
 * it drops tabs/newlines. Classifying its output, not the raw string, means a trick has to fool the same
 * parser that the request will use. On top of that we refuse raw input the parser would silently repair
 * (control characters, "@" in the authority).
 */

export type SsrfRefusalCode =
  /** Not a parseable absolute URL, too long, or containing control characters. */
  | "invalid_url"
  /** Not http: or https:. */
  | "bad_scheme"
  /** User info ("user:pass@") in the authority. */
  | "userinfo"
  /** A port other than 80/443 (or the scheme default) not named on the dev allow-list. */
  | "bad_port"
  /** A host name refused without resolving it (localhost, *.internal, metadata names, rebinding services…). */
  | "blocked_hostname"
  /** An IP literal in a refused range. */
  | "blocked_address"
  /** A DNS answer for the host is in a refused range. */
  | "dns_blocked"
  /** The host could not be resolved (resolver error, or no A/AAAA answer): fail closed. */
  | "dns_failed";

export type CheckResult =
  | { ok: true; url: URL /** True when the dev allow-list admitted it. */; allowListed: boolean }
  | { ok: false; code: SsrfRefusalCode; reason: string };

/** Longest URL we will fetch; longer ones are refused (also bounds the work of every check). */
export const MAX_URL_LENGTH = 4096;

const STANDARD_PORTS = new Set(["", "80", "443"]);
/** C0 controls, DEL, C1 controls, and invisible/bidi formatting characters. */
function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      c <= 0x1f ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0xad ||
      c === 0x61c ||
      (c >= 0x200b && c <= 0x200f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2060 && c <= 0x206f) ||
      c === 0xfeff
    ) {
      return true;
    }
  }
  return false;
}
// Scheme, then any slashes/backslashes (special schemes accept both), then the raw authority.
const RAW_AUTHORITY = /^[a-zA-Z][a-zA-Z0-9+.-]*:[/\\]*([^/\\?#]*)/;

function refuse(code: SsrfRefusalCode, reason: string): CheckResult {
  return { ok: false, code, reason };
}

/** Is this URL's host an IP literal (the parser serialises every IPv4 form to dotted-decimal)? */
export function isIpLiteralHost(hostname: string): boolean {
  return hostname.startsWith("[") || isCanonicalIPv4(hostname);
}

/**
 * Check a URL against the policy without any network access. Never throws.
 * Leading/trailing ASCII whitespace is tolerated (as in an href attribute); anything else odd is refused.
 */
export function checkUrl(input: string | URL, policy: SsrfPolicy): CheckResult {
  const raw = typeof input === "string" ? input.trim() : input.href;
  if (typeof raw !== "string" || raw.length === 0) return refuse("invalid_url", "empty URL");
  if (raw.length > MAX_URL_LENGTH)
    return refuse("invalid_url", `URL longer than ${MAX_URL_LENGTH} characters`);
  if (hasControlChars(raw)) {
    return refuse("invalid_url", "URL contains control, whitespace-formatting or invisible characters");
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("invalid_url", `not a valid absolute URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return refuse(
      "bad_scheme",
      `scheme ${JSON.stringify(url.protocol)} is not allowed (only http: and https:)`,
    );
  }
  const authority = RAW_AUTHORITY.exec(raw)?.[1] ?? "";
  if (url.username !== "" || url.password !== "" || authority.includes("@")) {
    return refuse("userinfo", "URLs with user info (user:password@host) are not allowed");
  }
  const hostname = url.hostname;
  if (hostname.length === 0) return refuse("invalid_url", "URL has no host");

  if (allowSet(policy).has(urlAllowKey(url))) return { ok: true, url, allowListed: true };

  if (!STANDARD_PORTS.has(url.port)) {
    return refuse("bad_port", `port ${url.port} is not allowed (only 80 and 443)`);
  }
  if (isIpLiteralHost(hostname)) {
    const refusal = classifyAddress(hostname);
    if (refusal) return refuse("blocked_address", refusal.reason);
    return { ok: true, url, allowListed: false };
  }
  if (hostname.includes(":") || hostname.includes("[") || hostname.includes("]")) {
    return refuse("invalid_url", `malformed host ${JSON.stringify(hostname)}`);
  }
  const refusal = classifyHostname(hostname);
  if (refusal) return refuse("blocked_hostname", refusal.reason);
  return { ok: true, url, allowListed: false };
}

/**
 * `checkUrl`, then — for a host name that is not an IP literal and not allow-listed — resolve it and refuse
 * it when ANY answer is a refused address, or when it cannot be resolved at all (fail closed). With a
 * resolver whose `verifies` is false (the no-op resolver) only the URL check applies. Never throws.
 */
export async function checkUrlWithDns(
  input: string | URL,
  policy: SsrfPolicy,
  resolver: Resolver,
): Promise<CheckResult & { addresses?: string[] }> {
  const checked = checkUrl(input, policy);
  if (!checked.ok || checked.allowListed || isIpLiteralHost(checked.url.hostname)) return checked;
  const host = stripTrailingDots(checked.url.hostname);
  let answers: string[];
  try {
    answers = await resolver.resolve(host);
  } catch (err) {
    return refuse(
      "dns_failed",
      `could not resolve ${host}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!Array.isArray(answers)) return refuse("dns_failed", `resolver gave no answer list for ${host}`);
  if (answers.length === 0) {
    if (resolver.verifies === false) return checked;
    return refuse("dns_failed", `${host} has no A or AAAA records`);
  }
  for (const address of answers) {
    const refusal = classifyAddress(String(address));
    if (refusal) return refuse("dns_blocked", `${host} resolves to ${address}: ${refusal.reason}`);
  }
  return { ...checked, addresses: answers };
}
