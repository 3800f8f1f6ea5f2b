/** Markup styles a page can be rendered in. `mixed` spreads vehicles across the other four. */
export const SITE_STYLES = ["jsonld", "microdata", "opengraph", "plain", "mixed"] as const;
export type SiteStyle = (typeof SITE_STYLES)[number];
/** The style of one vehicle's markup (a `mixed` site picks one of these per vehicle). */
export type VehicleStyle = Exclude<SiteStyle, "mixed">;
export const VEHICLE_STYLES: readonly VehicleStyle[] = ["jsonld", "microdata", "opengraph", "plain"];

export function isSiteStyle(value: unknown): value is SiteStyle {
  return typeof value === "string" && (SITE_STYLES as readonly string[]).includes(value);
}

/** Settings that can change while the site runs (`POST /__admin/set`, `state.set()`). */
export interface DemoSiteSettings {
  /** Seed of the generated lot: same seed + count + generation → byte-identical pages. */
  seed: number;
  /** Vehicles on the lot at generation 0 (later generations hover around it). 1..10,000. */
  count: number;
  style: SiteStyle;
  /** Vehicles per listing page. 1..200. */
  pageSize: number;
  /** How far the lot has evolved from the seed: each step sells, reprices and adds vehicles. 0..500. */
  generation: number;
  /** Every Nth eligible request answers 500 (0 = off). Eligible: everything but /robots.txt and /__admin. */
  failEvery: number;
  /** Delay before every eligible response, in ms (0 = off). */
  slowMs: number;
  /** The listing (and sitemap) show only a handful of vehicles, as when a dealer's inventory widget breaks. */
  brokenListing: boolean;
  /** robots.txt disallows everything for every agent (a site that forbids crawling). */
  robotsDisallowAll: boolean;
}

export interface DemoSiteOptions extends Partial<DemoSiteSettings> {
  /** Port to listen on (default 8790; 0 = any free port). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /**
   * Public base URL used in source URLs, photos, canonical links and the sitemap.
   * Default: the address the server listens on, e.g. http://127.0.0.1:8790.
   */
  siteUrl?: string;
  /** Passed to the inventory generator so VINs never collide between several demo sites. */
  dealershipIndex?: number;
  dealerName?: string;
  /** When set, every page loads the Forecourt dealer widget from this URL (slot: `<!-- forecourt-widget -->`). */
  widgetScriptUrl?: string;
  /** Publishable API key given to the widget as `data-api-key`. */
  widgetApiKey?: string;
  /** Log one line per request (default off). A function receives the lines instead of stdout. */
  log?: boolean | ((line: string) => void);
}

/** What `GET /__admin/state` returns. */
export interface DemoSiteSnapshot {
  generation: number;
  /** Vehicles on the lot now (= vins.length). */
  count: number;
  style: SiteStyle;
  vins: string[];
  /** The configured generation-0 size. */
  baseCount: number;
  seed: number;
  pageSize: number;
  failEvery: number;
  slowMs: number;
  brokenListing: boolean;
  robotsDisallowAll: boolean;
  siteUrl: string;
  stats: DemoSiteStats;
}

export interface DemoSiteStats {
  requests: number;
  /** Site requests per kind: home, srp, vdp, photo, robots, sitemap, disallowed, error (failEvery), other, notFound. Loopback /__admin calls are not counted. */
  byKind: Record<string, number>;
  byStatus: Record<string, number>;
  /** Requests to paths robots.txt disallows for every agent (/admin, /cart, /finance/apply). */
  disallowedHits: number;
  /** Distinct User-Agent strings seen (first 20). */
  userAgents: string[];
}

export interface DemoResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface DemoRequest {
  method: string;
  /** Path and query, e.g. "/inventory?page=2". */
  url: string;
  /** The peer's address: admin endpoints answer only to loopback. Absent = in-process (trusted). */
  remoteAddress?: string;
  userAgent?: string;
}
