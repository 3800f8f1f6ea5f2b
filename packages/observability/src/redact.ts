/**
 * The redaction layer every log line goes through (packages/observability logger). Two nets:
 * - by KEY: a field whose name says it holds a credential (authorization, cookie, password, token,
 *   secret, api key, routing key, DSN, signature, …) is replaced whole, at any depth;
 * - by VALUE: credential-shaped substrings anywhere in any string (bearer tokens, JWTs, Forecourt
 *   `fc_pk_`/`pk_`/`sk_` keys, vendor keys — OpenAI, Anthropic, Stripe-style, AWS, GitHub, Slack,
 *   Google — passwords in URLs and secret-looking query parameters, PEM private keys) are masked.
 * Redaction is lossy by design: a false positive costs a log detail, a false negative leaks a secret.
 */

export const REDACTED = "[REDACTED]";

/** Field names (case/punctuation-insensitive, substring match) that always hold secrets. */
const SECRET_KEY_PARTS = [
  "authorization",
  "cookie",
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "xapikey",
  "accesskey",
  "privatekey",
  "routingkey",
  "integrationkey",
  "signature",
  "credential",
  "dsn",
  "sessionid",
  "webhookurl",
  "connectionstring",
  "databaseurl",
];

/** Exact normalized names that are secrets even though they are short. */
const SECRET_KEYS_EXACT = new Set(["key", "pass", "pwd", "auth", "sig", "jwt", "bearer"]);

/** Names that contain a secret-ish word but hold no secret (counters, ids, flags). */
const SAFE_KEYS = new Set([
  "keyid",
  "tokens",
  "inputtokens",
  "outputtokens",
  "totaltokens",
  "maxtokens",
  "tokenslimit",
  "tokencount",
  "secretset",
]);

const normalize = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");

export function isSecretKey(key: string): boolean {
  const n = normalize(key);
  if (SAFE_KEYS.has(n) || n.endsWith("tokens") || n.endsWith("count")) return false;
  if (SECRET_KEYS_EXACT.has(n)) return true;
  return SECRET_KEY_PARTS.some((p) => n.includes(p));
}

/** Value patterns; each replaces the secret part only, keeping context readable. */
const VALUE_PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // PEM private keys.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  // Authorization schemes with a credential.
  [
    /\b(Bearer|Basic|Token|ApiKey|Digest)\s+[A-Za-z0-9._~+/=:-]{6,}/gi,
    (_m, scheme) => `${scheme} ${REDACTED}`,
  ],
  // JWT / JWS / JWE compact serializations (base64url JSON header "eyJ").
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g, REDACTED],
  // Forecourt API keys (fc_pk_…, fc_sk_…) and generic pk_/sk_/rk_ keys (Stripe-style, live/test).
  [/\b(?:fc_)?(?:pk|sk|rk)_(?:live_|test_)?[A-Za-z0-9]{12,}\b/g, REDACTED],
  // OpenAI (sk-…, sk-proj-…), Anthropic (sk-ant-…), generic sk- keys.
  [/\bsk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g, REDACTED],
  // AWS access key ids and GitHub / GitLab / Slack / Google / SendGrid / Resend / Sentry tokens.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{30,}\b/g, REDACTED],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, REDACTED],
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bre_[A-Za-z0-9]{8,}_[A-Za-z0-9]{8,}/g, REDACTED],
  [/\bsntrys_[A-Za-z0-9+/=_-]{20,}/g, REDACTED],
  // Webhook URLs that ARE the credential (Slack, Discord, Teams): keep the host, drop the path.
  [/(https:\/\/hooks\.slack\.com\/)[^\s"'<>]+/gi, (_m, host) => `${host}${REDACTED}`],
  [/(https:\/\/(?:discord(?:app)?\.com)\/api\/webhooks\/)[^\s"'<>]+/gi, (_m, host) => `${host}${REDACTED}`],
  // user:password@ in any URL (postgres://, https://, redis://…).
  [
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@"'<>]*):([^\s@/"'<>]+)@/gi,
    (_m, scheme, user) => `${scheme}${user}:${REDACTED}@`,
  ],
  // A credential as the whole userinfo (Sentry DSN https://<key>@…, https://<token>@github.com/…).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[A-Za-z0-9._~%+-]{16,}@/gi, (_m, scheme) => `${scheme}${REDACTED}@`],
  // Secret-looking query/form parameters: ?token=…, &api_key=…, &sig=…, &password=…
  [
    /([?&;](?:access_token|refresh_token|id_token|token|api[_-]?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|auth|code|x-amz-signature|x-goog-signature|dsn|sentry_key)=)[^&#\s"'<>]+/gi,
    (_m, name) => `${name}${REDACTED}`,
  ],
  // "password": "…" / password=… inside free text (e.g. an error message echoing a config line).
  [
    /\b(password|passwd|secret|api[_-]?key|token|authorization)(["']?\s*[:=]\s*["']?)(?!\[REDACTED\])[^\s"',;&}]{4,}/gi,
    (_m, name, sep) => `${name}${sep}${REDACTED}`,
  ],
];

/** Masks every credential-shaped substring of `s`. */
export function redactString(s: string): string {
  let out = s;
  for (const [re, rep] of VALUE_PATTERNS) out = out.replace(re, rep as never);
  return out;
}

const MAX_DEPTH = 8;

/**
 * A redacted, JSON-safe copy of `value`: secret-named fields replaced, every string scanned, cycles and
 * depth cut, Errors and Headers/Maps turned into plain objects (so nothing escapes through toJSON).
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") {
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "function" || typeof value === "symbol") return undefined;
    return value;
  }
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Truncated]";
  seen.add(value);
  try {
    if (value instanceof Error) {
      const out: Record<string, unknown> = {
        name: value.name,
        message: redactString(value.message),
      };
      if (value.stack) out.stack = redactString(value.stack);
      const cause = (value as { cause?: unknown }).cause;
      if (cause !== undefined) out.cause = redact(cause, depth + 1, seen);
      return out;
    }
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (value instanceof URL) return redactString(value.toString());
    if (typeof Headers !== "undefined" && value instanceof Headers) {
      return redactEntries([...value.entries()], depth, seen);
    }
    if (value instanceof Map)
      return redactEntries(
        [...value.entries()].map(([k, v]) => [String(k), v]),
        depth,
        seen,
      );
    if (value instanceof Set) return [...value].map((v) => redact(v, depth + 1, seen));
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
    if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
    return redactEntries(Object.entries(value), depth, seen);
  } finally {
    seen.delete(value);
  }
}

function redactEntries(entries: [string, unknown][], depth: number, seen: WeakSet<object>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    if (isSecretKey(k) && v !== null && v !== undefined && v !== "" && typeof v !== "boolean") {
      out[k] = REDACTED;
    } else {
      out[k] = redact(v, depth + 1, seen);
    }
  }
  return out;
}
