/**
 * @forecourt/crawl — the crawler's network layer: SSRF guard (URL + DNS), guarded fetch with manual
 * redirects and byte/time budgets, robots.txt, and per-host politeness. Web APIs only (workerd and Node).
 */

export { decodeBody, metaCharset, sniffBinary } from "./body.ts";
export {
  ACCEPT_HTML,
  ACCEPT_TEXT,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  type FetchErrorCode,
  type FetchFailure,
  type FetchSuccess,
  type GuardedFetchOptions,
  type GuardedFetchResult,
  guardedFetch,
  type RobotsGate,
} from "./guarded-fetch.ts";
export { hostKey, PolitenessLimiter, type PolitenessOptions } from "./politeness.ts";
export {
  DEFAULT_MAX_CRAWL_DELAY_MS,
  ROBOTS_MAX_BYTES,
  RobotsCache,
  type RobotsOptions,
  RobotsRules,
  type RobotsState,
} from "./robots.ts";
export {
  type AddressCategory,
  type AddressRefusal,
  classifyAddress,
  isPublicAddress,
} from "./ssrf/address.ts";
export {
  type CheckResult,
  checkUrl,
  checkUrlWithDns,
  MAX_URL_LENGTH,
  type SsrfRefusalCode,
} from "./ssrf/check.ts";
export { classifyHostname, type HostnameCategory, type HostnameRefusal } from "./ssrf/hostname.ts";
export {
  canonicalAllowEntry,
  DEFAULT_POLICY,
  DEV_ENVIRONMENTS,
  type PolicyConfig,
  policyFromConfig,
  type SsrfPolicy,
  SsrfPolicyError,
} from "./ssrf/policy.ts";
export {
  DEFAULT_DOH_ENDPOINT,
  DnsError,
  DohResolver,
  type DohResolverOptions,
  noopResolver,
  parseDnsJson,
  type Resolver,
  staticResolver,
} from "./ssrf/resolve.ts";
export { DEFAULT_USER_AGENT, productToken } from "./user-agent.ts";
