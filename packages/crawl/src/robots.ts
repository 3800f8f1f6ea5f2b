import robotsParser from "robots-parser";
import {
  type FetchFailure,
  type GuardedFetchOptions,
  guardedFetch,
  type RobotsGate,
} from "./guarded-fetch.ts";
import { DEFAULT_USER_AGENT, productToken } from "./user-agent.ts";

/**
 * robots.txt for the crawler (RFC 9309), fetched through the guarded fetch and parsed by `robots-parser`.
 *
 * - One robots.txt per origin (scheme, host, port), fetched once per job and cached (the cache lives as
 *   long as the `RobotsCache` instance: create one per job).
 * - 2xx: parsed. At most 500 KiB is read (RFC 9309 §2.5 requires parsing at least that much); a longer
 *   file is truncated at the last complete line.
 * - 4xx ("unavailable"): everything allowed. 429 is treated like a server error (the site asks us to back
 *   off), as Google does.
 * - 5xx, timeouts, network errors, an SSRF-refused redirect: "unreachable", everything disallowed.
 * - More than five redirects or a redirect loop: "unavailable" (RFC 9309 §2.3.1.2), everything allowed.
 * - Crawl-delay (non-standard but common) is honoured, capped at `maxCrawlDelayMs`.
 */

export const ROBOTS_MAX_BYTES = 500 * 1024;
export const DEFAULT_MAX_CRAWL_DELAY_MS = 60_000;

export type RobotsState = "parsed" | "allow_all" | "disallow_all";

type Robot = ReturnType<typeof robotsParser>;

export class RobotsRules {
  constructor(
    /** The origin these rules are for, e.g. "https://dealer.example". */
    readonly origin: string,
    readonly state: RobotsState,
    /** Why this state: the HTTP status, the fetch error, or "parsed". */
    readonly detail: string,
    private readonly robot: Robot | null,
    private readonly maxCrawlDelayMs: number,
    /** True when robots.txt was longer than the limit and cut. */
    readonly truncated = false,
  ) {}

  /** May `url` (on this origin) be fetched by `agent` (a product token or a full User-Agent)? */
  isAllowed(url: string, agent: string = DEFAULT_USER_AGENT): boolean {
    if (this.state === "allow_all") return true;
    if (this.state === "disallow_all" || !this.robot) return false;
    // undefined means the URL is not on this origin: not ours to allow.
    return this.robot.isAllowed(url, productToken(agent)) === true;
  }

  /** The Crawl-delay for `agent` in milliseconds (capped), if the file sets one. */
  crawlDelayMs(agent: string = DEFAULT_USER_AGENT): number | undefined {
    if (!this.robot) return undefined;
    const seconds = this.robot.getCrawlDelay(productToken(agent));
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) return undefined;
    return Math.min(Math.round(seconds * 1000), this.maxCrawlDelayMs);
  }

  /** Sitemap URLs listed in the file (not yet checked: they go through the guard when fetched). */
  sitemaps(): string[] {
    return this.robot ? this.robot.getSitemaps() : [];
  }
}

export interface RobotsOptions
  extends Omit<GuardedFetchOptions, "expect" | "onTooLarge" | "maxBytes" | "robots" | "accept"> {
  /** Most robots.txt bytes read. Default 500 KiB. */
  maxBytes?: number;
  /** Upper bound on an honoured Crawl-delay. Default 60 s. */
  maxCrawlDelayMs?: number;
}

function stateForFailure(failure: FetchFailure): { state: RobotsState; detail: string } {
  switch (failure.code) {
    case "http_error": {
      const status = failure.status ?? 0;
      if (status >= 400 && status < 500 && status !== 429) {
        return { state: "allow_all", detail: `robots.txt unavailable (HTTP ${status}): everything allowed` };
      }
      return {
        state: "disallow_all",
        detail: `robots.txt unreachable (HTTP ${status}): everything disallowed`,
      };
    }
    case "too_many_redirects":
    case "redirect_loop":
      return {
        state: "allow_all",
        detail: `robots.txt unavailable (${failure.message}): everything allowed`,
      };
    case "not_html":
      // A binary robots.txt has no parseable line: nothing is disallowed (RFC 9309 §2.2: ignore bad lines).
      return {
        state: "allow_all",
        detail: `robots.txt unparseable (${failure.message}): everything allowed`,
      };
    default:
      return {
        state: "disallow_all",
        detail: `robots.txt unreachable (${failure.code}: ${failure.message}): everything disallowed`,
      };
  }
}

/** Cut a truncated robots.txt at its last complete line, so a half line is never read as a rule. */
function dropPartialLastLine(text: string): string {
  const cut = Math.max(text.lastIndexOf("\n"), text.lastIndexOf("\r"));
  return cut >= 0 ? text.slice(0, cut + 1) : "";
}

export class RobotsCache {
  private readonly cache = new Map<string, Promise<RobotsRules>>();
  private readonly options: RobotsOptions;
  readonly userAgent: string;

  constructor(options: RobotsOptions) {
    this.options = options;
    this.userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  }

  /** The rules for the origin of `url` (fetched on first use, then cached). Never rejects. */
  forUrl(url: string | URL): Promise<RobotsRules> {
    let origin: string;
    try {
      const u = typeof url === "string" ? new URL(url) : url;
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http(s)");
      origin = u.origin;
    } catch {
      return Promise.resolve(new RobotsRules("null", "disallow_all", "not an http(s) URL", null, 0));
    }
    let pending = this.cache.get(origin);
    if (!pending) {
      pending = this.load(origin);
      this.cache.set(origin, pending);
    }
    return pending;
  }

  async isAllowed(url: string, userAgent: string = this.userAgent): Promise<boolean> {
    const rules = await this.forUrl(url);
    return rules.isAllowed(url, userAgent);
  }

  async crawlDelayMs(url: string, userAgent: string = this.userAgent): Promise<number | undefined> {
    return (await this.forUrl(url)).crawlDelayMs(userAgent);
  }

  /** A gate for `guardedFetch({ robots })`, checking every URL and redirect hop for this User-Agent. */
  gate(userAgent: string = this.userAgent): RobotsGate {
    return { isAllowed: (url) => this.isAllowed(url, userAgent) };
  }

  private async load(origin: string): Promise<RobotsRules> {
    const maxCrawlDelayMs = this.options.maxCrawlDelayMs ?? DEFAULT_MAX_CRAWL_DELAY_MS;
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const { maxBytes, maxCrawlDelayMs: _ignored, ...fetchOptions } = this.options;
      const result = await guardedFetch(robotsUrl, {
        ...fetchOptions,
        expect: "text",
        accept: "text/plain,*/*;q=0.1",
        maxBytes: maxBytes ?? ROBOTS_MAX_BYTES,
        onTooLarge: "truncate",
      });
      if (!result.ok) {
        const { state, detail } = stateForFailure(result);
        return new RobotsRules(origin, state, detail, null, maxCrawlDelayMs);
      }
      const text = result.truncated ? dropPartialLastLine(result.body) : result.body;
      // Rules are matched against the ORIGINAL robots.txt URL's origin even after a cross-host redirect.
      const robot = robotsParser(robotsUrl, text);
      return new RobotsRules(
        origin,
        "parsed",
        `HTTP ${result.status}`,
        robot,
        maxCrawlDelayMs,
        result.truncated,
      );
    } catch (err) {
      return new RobotsRules(
        origin,
        "disallow_all",
        `robots.txt could not be processed: ${err instanceof Error ? err.message : String(err)}`,
        null,
        maxCrawlDelayMs,
      );
    }
  }
}
