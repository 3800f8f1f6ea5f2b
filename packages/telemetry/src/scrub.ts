/**
 * Removes personal data and secrets from anything telemetry sends out (span attributes, error events):
 * e-mail addresses, IP addresses, bearer tokens, JWTs, API keys, credentials in query strings and in
 * URLs, and every field whose NAME says it holds a secret (authorization, cookie, token, password, …).
 * Applied last, to the whole payload, so a secret in an error message or a stray header never leaves.
 */

export const REDACTED = "[redacted]";

/** RFC 5322 atext local parts (`&`, `'`, `/` … are legal), dotted domains. */
const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const BEARER = /\b(Bearer|Basic)\s+(?:(?:Bearer|Basic)\s+)*[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** Forecourt publishable keys, OpenAI/Anthropic-style keys, Sentry/Slack-style tokens. */
const API_KEY =
  /\b(?:fc_(?:pk|sk)_[0-9A-Za-z]{8,}|sk-(?:ant-)?[A-Za-z0-9_-]{8,}|xox[abpr]-[A-Za-z0-9-]{8,})/g;
/** `name=value` where the name says credential: query strings, form bodies, log-style text. */
const CREDENTIAL_PAIR =
  /\b([A-Za-z0-9_-]*(?:token|secret|password|passwd|pwd|api[_-]?key|apikey|access[_-]?key|signature|sig|session|auth|code|key)[A-Za-z0-9_-]*)=([^&\s"';,]+)/gi;
/** user:password@ in URLs. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g;
const IPV6_CANDIDATE = /(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])/g;

/** Field names whose values are never sent. */
const SECRET_KEY =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[_-]?key|apikey|password|passwd|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|id[_-]?token|dsn|private[_-]?key|credentials?|session|x-sentry-auth)$|(?:secret|password|token|api[_-]?key)$/i;
/** Field names whose values are personal data and dropped (the value may be anything). */
const PII_KEY =
  /^(?:email|e-mail|ip|ip_address|ipaddress|remote_addr|x-forwarded-for|x-real-ip|cf-connecting-ip|true-client-ip|phone|username)$/i;

function isIpv6(candidate: string): boolean {
  const colons = candidate.split(":").length - 1;
  if (!/[0-9A-Fa-f]/.test(candidate)) return false;
  // "12:30:45" (a time) has two colons and no "::"; real addresses have ≥ 7 colons or a "::".
  return candidate.includes("::") ? colons >= 2 : colons === 7;
}

/** Scrubs one string. `ips: false` keeps IP addresses (server addresses in span attributes). */
export function scrubString(value: string, opts: { ips?: boolean } = {}): string {
  let out = value
    .replace(URL_USERINFO, "$1[redacted]@")
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(JWT, "[jwt]")
    .replace(API_KEY, "[api-key]")
    .replace(CREDENTIAL_PAIR, (_m, name: string) => `${name}=${REDACTED}`)
    .replace(EMAIL, "[email]");
  if (opts.ips !== false) {
    out = out.replace(IPV4, "[ip]").replace(IPV6_CANDIDATE, (m) => (isIpv6(m) ? "[ip]" : m));
  }
  return out;
}

/** True when a field of this name must not be sent at all (secret or personal). */
export function isSensitiveKey(key: string): boolean {
  return SECRET_KEY.test(key) || PII_KEY.test(key);
}

/**
 * Deep copy of `value` with secrets and personal data removed: sensitive keys are dropped (PII) or
 * redacted (secrets), every string is scrubbed. Cycles and depth are bounded.
 */
export function scrubValue<T>(
  value: T,
  opts: { ips?: boolean } = {},
  depth = 0,
  seen = new WeakSet<object>(),
): T {
  if (typeof value === "string") return scrubString(value, opts) as T;
  if (typeof value !== "object" || value === null) return value;
  if (depth > 12 || seen.has(value)) return "[truncated]" as T;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, opts, depth + 1, seen)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (PII_KEY.test(k)) continue;
    if (SECRET_KEY.test(k)) {
      if (v !== undefined && v !== null) out[k] = REDACTED;
      continue;
    }
    out[k] = scrubValue(v, opts, depth + 1, seen);
  }
  return out as T;
}

/** A URL for telemetry: scheme, host and path only (no credentials, no query, no fragment). */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${scrubString(u.pathname, { ips: false })}`;
  } catch {
    return "[invalid url]";
  }
}
