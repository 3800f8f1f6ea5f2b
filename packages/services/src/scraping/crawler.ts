import type { ScrapeJob } from "@forecourt/domain";

/**
 * What the pipeline needs from the network, per job. The scraper Worker implements it with
 * @forecourt/crawl (SSRF guard, guarded fetch, robots.txt, politeness); tests may fake it.
 */
export type PageFetchResult =
  | { ok: true; url: string; body: string; bytes: number; status: number }
  | {
      ok: false;
      url: string;
      /** guardedFetch's code (`http_error`, `timeout`, `ssrf_refused`, `robots_disallowed`...). */
      code: string;
      message: string;
      status?: number;
      bytes?: number;
      /** Worth retrying later (network, timeout, 5xx, 429), as opposed to a page that is simply unusable. */
      transient: boolean;
    };

export interface RobotsView {
  state: "parsed" | "allow_all" | "disallow_all";
  /** Why (HTTP status, fetch error...). */
  detail: string;
  isAllowed(url: string): boolean;
  sitemaps(): string[];
}

export interface JobCrawler {
  /** Why this URL may never be fetched (SSRF policy), or null. No network access. */
  refusal(url: string): string | null;
  /** robots.txt for the URL's origin (fetched once per crawler). */
  robots(url: string): Promise<RobotsView>;
  /** One page through the guard, robots, and the job's politeness (delay and concurrency per host). */
  fetchPage(url: string, opts?: { expect?: "html" | "text"; maxBytes?: number }): Promise<PageFetchResult>;
}

export interface CrawlerFactory {
  forJob(job: ScrapeJob): JobCrawler;
}

/** Fetch failures worth a retry of the whole message when they hit the site's entry page. */
export function isTransientFetch(code: string, status?: number): boolean {
  if (code === "network_error" || code === "timeout") return true;
  if (code === "http_error" && status !== undefined) return status >= 500 || status === 429 || status === 408;
  return false;
}

const LOC = /<loc>\s*(?:<!\[CDATA\[)?([^<\]]+?)(?:\]\]>)?\s*<\/loc>/gi;
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
};

/** `<loc>` URLs of a sitemap (urlset) or a sitemap index (`index: true`). Tolerant: a regex scan, no XML DOM. */
export function parseSitemap(xml: string, limit = 50_000): { index: boolean; urls: string[] } {
  const index = /<sitemapindex[\s>]/i.test(xml);
  const urls: string[] = [];
  for (const m of xml.matchAll(LOC)) {
    const raw = (m[1] ?? "").trim().replace(/&(amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e] ?? e);
    if (raw) urls.push(raw);
    if (urls.length >= limit) break;
  }
  return { index, urls };
}

/** Canonical form used to de-duplicate pages: absolute http(s), no fragment. Null when unusable. */
export function canonicalPageUrl(raw: string, base?: string): string | null {
  try {
    const u = base === undefined ? new URL(raw) : new URL(raw, base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    u.hash = "";
    return u.href;
  } catch {
    return null;
  }
}

const PAGE_PARAMS = new Set([
  "page",
  "p",
  "pg",
  "pn",
  "pagenum",
  "pageno",
  "page_no",
  "pagenumber",
  "page_number",
  "currentpage",
  "paging",
  "start",
  "offset",
  "from",
  "skip",
]);

/**
 * A listing (SRP) URL reduced to its pagination: filter and sort parameters are dropped
 * (`/inventory?make=Ford&sort=price&page=2` → `/inventory?page=2`). Listing pages link to every facet
 * and sort order; following them all would multiply the same inventory many times over, while the
 * unfiltered listing and its pages already show every vehicle.
 */
export function canonicalListingUrl(raw: string, base?: string): string | null {
  const href = canonicalPageUrl(raw, base);
  if (!href) return null;
  const u = new URL(href);
  const kept = [...u.searchParams].filter(([k]) => PAGE_PARAMS.has(k.toLowerCase()));
  u.search = "";
  for (const [k, v] of kept) u.searchParams.append(k, v);
  return u.href;
}

/** Same site: same host, ignoring a leading "www." (dealer sites link both ways). */
export function sameSite(a: string, b: string): boolean {
  try {
    const h = (u: string) => new URL(u).hostname.toLowerCase().replace(/^www\./, "");
    const pa = new URL(a).port;
    const pb = new URL(b).port;
    return h(a) === h(b) && pa === pb;
  } catch {
    return false;
  }
}
