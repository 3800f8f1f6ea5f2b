/**
 * SSRF policy: which targets the crawler may fetch besides the public internet.
 *
 * There is deliberately no switch that turns the guard off. The only exception mechanism is a dev-only
 * allow-list of exact `host:port` pairs (e.g. the local demo dealership at 127.0.0.1:8790). It is empty by
 * default and `policyFromConfig` refuses to build a production or staging policy that has one.
 */

export interface SsrfPolicy {
  /** Dev-only exact `host:port` pairs that may be fetched although private/loopback or on a non-standard port. */
  readonly allowHosts: readonly string[];
  /** Reserved: private targets are never allowed; the type admits only `false`. */
  readonly allowPrivate: false;
}

/** The production policy: public internet only. */
export const DEFAULT_POLICY: SsrfPolicy = Object.freeze({
  allowHosts: Object.freeze([]) as readonly string[],
  allowPrivate: false,
});

/** Environments in which a dev allow-list may be configured. Every other value counts as production. */
export const DEV_ENVIRONMENTS: readonly string[] = ["development", "test"];

export class SsrfPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SsrfPolicyError";
  }
}

/**
 * Canonical form of an allow-list entry, `hostname:port`, using the WHATWG URL parser so that
 * "127.1:8790", "LOCALHOST:8790" and "[0:0::1]:8790" compare equal to what a fetched URL parses to.
 * Returns null for anything that is not exactly a host and a port.
 */
export function canonicalAllowEntry(entry: string): string | null {
  const trimmed = entry.trim();
  if (trimmed.length === 0 || /[\s/\\?#@*]/.test(trimmed)) return null;
  let u: URL;
  try {
    u = new URL(`http://${trimmed}`);
  } catch {
    return null;
  }
  if (u.username || u.password || u.pathname !== "/" || u.search || u.hash) return null;
  // An entry must name its port explicitly: "127.0.0.1:80" is fine, "127.0.0.1" is ambiguous.
  if (!/:\d+$/.test(trimmed)) return null;
  const host = u.hostname.replace(/\.+$/, "");
  if (host.length === 0) return null;
  return `${host}:${u.port || "80"}`;
}

/** Canonical `hostname:port` key of a parsed URL, as compared against the allow-list. */
export function urlAllowKey(url: URL): string {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.hostname.replace(/\.+$/, "")}:${port}`;
}

const canonicalCache = new WeakMap<readonly string[], Set<string>>();

/** The policy's allow-list in canonical form (invalid entries match nothing). */
export function allowSet(policy: SsrfPolicy): Set<string> {
  const list = policy.allowHosts;
  let set = canonicalCache.get(list);
  if (!set) {
    set = new Set();
    for (const entry of list) {
      const c = canonicalAllowEntry(entry);
      if (c) set.add(c);
    }
    canonicalCache.set(list, set);
  }
  return set;
}

export interface PolicyConfig {
  /** The deployment environment ("development", "test", "staging", "production"). */
  environment: string;
  /** Dev allow-list: an array of `host:port`, or a comma/space separated string (as in a Worker var). */
  devAllowHosts?: string | readonly string[] | null;
}

/**
 * Build the SSRF policy from configuration. Throws `SsrfPolicyError` when:
 * - a dev allow-list is configured in any environment other than development/test (production, staging,
 *   or an unknown/misspelt environment name: unknown counts as production);
 * - an entry is not an exact `host:port` (no wildcards, paths, schemes or user info).
 */
export function policyFromConfig(config: PolicyConfig): SsrfPolicy {
  const raw = config.devAllowHosts;
  const entries = (typeof raw === "string" ? raw.split(/[\s,]+/) : (raw ?? []))
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0) return DEFAULT_POLICY;
  if (!DEV_ENVIRONMENTS.includes(config.environment)) {
    throw new SsrfPolicyError(
      `The crawler's dev allow-list (${entries.join(", ")}) is only allowed in ${DEV_ENVIRONMENTS.join("/")}, ` +
        `not in environment ${JSON.stringify(config.environment)}: remove it from this deployment's configuration.`,
    );
  }
  const bad = entries.filter((e) => canonicalAllowEntry(e) === null);
  if (bad.length > 0) {
    throw new SsrfPolicyError(
      `Invalid crawler allow-list entries ${bad.map((b) => JSON.stringify(b)).join(", ")}: each must be an exact host:port such as 127.0.0.1:8790.`,
    );
  }
  return Object.freeze({
    allowHosts: Object.freeze(entries.map((e) => canonicalAllowEntry(e)!)),
    allowPrivate: false,
  });
}
