import type { VehicleFields } from "@forecourt/domain";
import { Inventory, type ListingFilter, type Lot, type LotChanges, MAX_GENERATION, SORTS } from "./lot";
import type { RenderContext } from "./markup";
import {
  errorPage,
  homePage,
  notFoundPage,
  robotsTxt,
  sitemapXml,
  soldPage,
  srpPage,
  staticPage,
  vdpPage,
} from "./pages";
import { photoSvg } from "./svg";
import {
  type DemoRequest,
  type DemoResponse,
  type DemoSiteSettings,
  type DemoSiteSnapshot,
  type DemoSiteStats,
  isSiteStyle,
  type SiteStyle,
} from "./types";

export const DEFAULT_SETTINGS: DemoSiteSettings = {
  // Seed 1 and 300 vehicles: the same lot `npm start` seeds into the API (scripts/lib/seed-demo.ts).
  seed: 1,
  count: 300,
  style: "mixed",
  pageSize: 24,
  generation: 0,
  failEvery: 0,
  slowMs: 0,
  brokenListing: false,
  robotsDisallowAll: false,
};

/** How many vehicles a "broken" listing still shows. */
export const BROKEN_LISTING_SIZE = 5;
const MAX_COUNT = 10_000;
const PHOTO_CACHE_MAX = 20_000;

const HTML = "text/html; charset=utf-8";
const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
/** Paths robots.txt disallows for every agent (besides /__admin, which is counted as admin). */
const DISALLOWED = ["/admin", "/cart", "/finance/apply"];

export interface SiteIdentity {
  siteUrl: string;
  dealershipIndex: number;
  dealerName: string;
  widgetScriptUrl?: string;
  widgetApiKey?: string;
}

/** A settings patch as given on `/__admin/set` (strings) or in code. */
export type SettingsPatch = { [K in keyof DemoSiteSettings]?: DemoSiteSettings[K] | string };

function int(name: string, raw: unknown, min: number, max: number): number {
  const n =
    typeof raw === "number"
      ? raw
      : typeof raw === "string" && /^-?\d+$/.test(raw.trim())
        ? Number(raw)
        : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return n;
}

function bool(name: string, raw: unknown): boolean {
  if (typeof raw === "boolean") return raw;
  if (raw === "true" || raw === "1" || raw === "") return true;
  if (raw === "false" || raw === "0") return false;
  throw new RangeError(`${name} must be true or false (got ${JSON.stringify(raw)})`);
}

/** Validates a patch and returns the settings it produces. Throws RangeError with a message that says what to fix. */
export function applyPatch(base: DemoSiteSettings, patch: SettingsPatch): DemoSiteSettings {
  const s = { ...base };
  if (patch.seed !== undefined) s.seed = int("seed", patch.seed, 0, 2 ** 31 - 1);
  if (patch.count !== undefined) s.count = int("count", patch.count, 1, MAX_COUNT);
  if (patch.pageSize !== undefined) s.pageSize = int("pageSize", patch.pageSize, 1, 200);
  if (patch.generation !== undefined) s.generation = int("generation", patch.generation, 0, MAX_GENERATION);
  if (patch.failEvery !== undefined) s.failEvery = int("failEvery", patch.failEvery, 0, 1_000_000);
  if (patch.slowMs !== undefined) s.slowMs = int("slowMs", patch.slowMs, 0, 120_000);
  if (patch.brokenListing !== undefined) s.brokenListing = bool("brokenListing", patch.brokenListing);
  if (patch.robotsDisallowAll !== undefined)
    s.robotsDisallowAll = bool("robotsDisallowAll", patch.robotsDisallowAll);
  if (patch.style !== undefined) {
    if (!isSiteStyle(patch.style)) {
      throw new RangeError(
        `style must be one of jsonld, microdata, opengraph, plain, mixed (got ${JSON.stringify(patch.style)})`,
      );
    }
    s.style = patch.style;
  }
  return s;
}

function emptyStats(): DemoSiteStats {
  return { requests: 0, byKind: {}, byStatus: {}, disallowedHits: 0, userAgents: [] };
}

function response(
  status: number,
  contentType: string,
  body: string,
  extra?: Record<string, string>,
): DemoResponse {
  return { status, headers: { "content-type": contentType, ...extra }, body };
}

function json(status: number, value: unknown): DemoResponse {
  return response(status, "application/json; charset=utf-8", `${JSON.stringify(value, null, 2)}\n`, {
    "cache-control": "no-store",
  });
}

const VDP_RE = /^\/inventory\/([a-z0-9-]+)-([a-hj-npr-z0-9]{17})\/?$/i;
const PHOTO_RE = /^\/photos\/([A-HJ-NPR-Z0-9]{17})\/(\d{1,3})\.svg$/;

/**
 * The demo dealer site without a socket: state (the lot through its generations, the style, fault modes),
 * routing and rendering. `startDemoSite` puts it behind node:http; benchmarks can call `render` directly.
 */
export class DemoSite {
  private settings: DemoSiteSettings;
  private readonly initial: DemoSiteSettings;
  private inventory: Inventory;
  private stats = emptyStats();
  /** Counts requests eligible for failEvery. */
  private eligible = 0;
  private readonly photos = new Map<string, string>();
  /** The sitemap of the current lot (5,000 URLs take a few ms to build). */
  private sitemap: { lot: Lot; broken: boolean; xml: string } | null = null;

  constructor(
    readonly identity: SiteIdentity,
    settings: Partial<DemoSiteSettings> = {},
  ) {
    this.settings = applyPatch(DEFAULT_SETTINGS, settings as SettingsPatch);
    this.initial = { ...this.settings };
    this.inventory = this.buildInventory();
    this.lot(); // precompute the starting generation
  }

  get siteUrl(): string {
    return this.identity.siteUrl;
  }
  get generation(): number {
    return this.settings.generation;
  }
  get style(): SiteStyle {
    return this.settings.style;
  }
  get current(): DemoSiteSettings {
    return { ...this.settings };
  }

  /** The lot as the site shows it now. */
  lot(): Lot {
    return this.inventory.lot(this.settings.generation);
  }

  /** The truth: every vehicle on the lot now, exactly as generated (prices in minor units). */
  vehicles(): VehicleFields[] {
    return this.lot().vehicles.map((lv) => lv.v);
  }

  snapshot(): DemoSiteSnapshot {
    const lot = this.lot();
    const s = this.settings;
    return {
      generation: s.generation,
      count: lot.vehicles.length,
      style: s.style,
      vins: lot.vehicles.map((lv) => lv.v.vin),
      baseCount: s.count,
      seed: s.seed,
      pageSize: s.pageSize,
      failEvery: s.failEvery,
      slowMs: s.slowMs,
      brokenListing: s.brokenListing,
      robotsDisallowAll: s.robotsDisallowAll,
      siteUrl: this.siteUrl,
      stats: structuredClone(this.stats),
    };
  }

  /** Moves the lot `by` generations forward; returns what changed over those generations. */
  advance(by = 1): { snapshot: DemoSiteSnapshot; changes: LotChanges } {
    const from = this.settings.generation;
    const to = int("by", from + by, 0, MAX_GENERATION);
    this.settings.generation = to;
    const changes: LotChanges = { sold: [], repriced: [], arrived: [] };
    for (let g = from + 1; g <= to; g++) {
      const c = this.inventory.lot(g).changes;
      changes.sold.push(...c.sold);
      changes.repriced.push(...c.repriced);
      changes.arrived.push(...c.arrived);
    }
    return { snapshot: this.snapshot(), changes };
  }

  /** Changes settings at runtime (validated; throws RangeError). A new seed or count rebuilds the lot. */
  set(patch: SettingsPatch): DemoSiteSnapshot {
    const next = applyPatch(this.settings, patch);
    const rebuild = next.seed !== this.settings.seed || next.count !== this.settings.count;
    if (next.failEvery !== this.settings.failEvery) this.eligible = 0;
    this.settings = next;
    if (rebuild) {
      this.inventory = this.buildInventory();
      this.photos.clear();
    }
    this.lot();
    return this.snapshot();
  }

  /** Back to the start-up settings (generation, style, faults) with fresh statistics. */
  reset(): DemoSiteSnapshot {
    this.set(this.initial);
    this.stats = emptyStats();
    this.eligible = 0;
    return this.snapshot();
  }

  resetStats(): void {
    this.stats = emptyStats();
  }

  private buildInventory(): Inventory {
    return new Inventory({
      seed: this.settings.seed,
      count: this.settings.count,
      siteUrl: this.siteUrl,
      dealershipIndex: this.identity.dealershipIndex,
    });
  }

  private context(style: SiteStyle): RenderContext {
    return {
      siteUrl: this.siteUrl,
      dealerName: this.identity.dealerName,
      style,
      widgetScriptUrl: this.identity.widgetScriptUrl,
      widgetApiKey: this.identity.widgetApiKey,
    };
  }

  /**
   * Serve one request: admin endpoints (loopback only), fault modes (failEvery, slowMs), statistics,
   * then `render`.
   */
  async handle(req: DemoRequest): Promise<DemoResponse> {
    const path = req.url.split("?", 1)[0]!;
    let res: DemoResponse;
    let kind: string;
    if (path === "/__admin" || path.startsWith("/__admin/")) {
      const trusted = req.remoteAddress === undefined || LOOPBACK.has(req.remoteAddress);
      if (trusted) {
        // Admin calls are the test harness talking, not site traffic: they never fail, wait or count.
        res = this.admin(req.method, req.url);
        res.headers["x-demo-generation"] = String(this.settings.generation);
        return res;
      }
      kind = "notFound";
      res = this.notFound();
    } else {
      const eligible = path !== "/robots.txt";
      if (eligible && this.settings.slowMs > 0) await new Promise((r) => setTimeout(r, this.settings.slowMs));
      if (eligible && this.settings.failEvery > 0 && ++this.eligible % this.settings.failEvery === 0) {
        kind = "error";
        res = response(500, HTML, errorPage(this.context(this.settings.style)), {
          "cache-control": "no-store",
        });
      } else {
        const rendered = this.renderWithKind(req.method, req.url);
        res = rendered.res;
        kind = rendered.kind;
      }
      if (DISALLOWED.some((d) => path === d || path.startsWith(`${d}/`))) this.stats.disallowedHits++;
    }
    const st = this.stats;
    st.requests++;
    st.byKind[kind] = (st.byKind[kind] ?? 0) + 1;
    st.byStatus[res.status] = (st.byStatus[res.status] ?? 0) + 1;
    if (req.userAgent && st.userAgents.length < 20 && !st.userAgents.includes(req.userAgent))
      st.userAgents.push(req.userAgent);
    res.headers["x-demo-generation"] = String(this.settings.generation);
    return res;
  }

  /** Render a public page (no faults, no statistics): what benchmarks time. */
  render(method: string, url: string): DemoResponse {
    return this.renderWithKind(method, url).res;
  }

  private notFound(style: SiteStyle = this.settings.style): DemoResponse {
    return response(404, HTML, notFoundPage(this.context(style)), { "cache-control": "no-cache" });
  }

  private renderWithKind(method: string, rawUrl: string): { res: DemoResponse; kind: string } {
    const url = new URL(rawUrl, "http://demo.invalid");
    const path = url.pathname;
    const q = url.searchParams;
    const override = q.get("style");
    const style: SiteStyle = isSiteStyle(override) ? override : this.settings.style;
    const ctx = this.context(style);
    const page = (body: string, kind: string) => ({
      res: response(200, HTML, body, { "cache-control": "no-cache" }),
      kind,
    });

    if (path === "/finance/apply" || path === "/admin/login") {
      if (method !== "POST") return { res: this.methodNotAllowed("POST"), kind: "disallowed" };
      return { res: response(303, HTML, "", { location: "/finance?submitted=1" }), kind: "disallowed" };
    }
    if (method !== "GET" && method !== "HEAD")
      return { res: this.methodNotAllowed("GET, HEAD"), kind: "other" };

    if (path === "/") {
      const lot = this.lot();
      return page(homePage(ctx, lot, this.listed(lot).slice(0, 8)), "home");
    }
    if (path === "/inventory" || path === "/inventory/") return this.srp(ctx, q);
    if (path.startsWith("/inventory/")) return this.vdp(ctx, path);
    if (path.startsWith("/photos/")) return this.photo(path);
    if (path === "/robots.txt") {
      return {
        res: response(
          200,
          "text/plain; charset=utf-8",
          this.settings.robotsDisallowAll ? "User-agent: *\nDisallow: /\n" : robotsTxt(this.siteUrl),
          {
            "cache-control": "max-age=300",
          },
        ),
        kind: "robots",
      };
    }
    if (path === "/sitemap.xml") {
      const lot = this.lot();
      const broken = this.settings.brokenListing;
      if (this.sitemap?.lot !== lot || this.sitemap.broken !== broken) {
        this.sitemap = { lot, broken, xml: sitemapXml(this.siteUrl, lot, this.listed(lot)) };
      }
      return {
        res: response(200, "application/xml; charset=utf-8", this.sitemap.xml, {
          "cache-control": "no-cache",
        }),
        kind: "sitemap",
      };
    }
    if (path === "/favicon.ico")
      return { res: response(204, "image/x-icon", "", { "cache-control": "max-age=86400" }), kind: "other" };
    const notice =
      path === "/finance" && q.get("submitted")
        ? `<p class="panel" role="status">Thanks! A finance manager will call you shortly.</p>`
        : "";
    const html = staticPage(ctx, path.replace(/\/$/, "") || "/", notice);
    if (html) {
      const disallowed = DISALLOWED.some((d) => path === d || path.startsWith(`${d}/`));
      return page(html, disallowed ? "disallowed" : "other");
    }
    return { res: this.notFound(style), kind: "notFound" };
  }

  /** What listing pages and the sitemap show: everything, or a handful when the listing is broken. */
  private listed(lot: Lot) {
    return this.settings.brokenListing ? lot.vehicles.slice(0, BROKEN_LISTING_SIZE) : lot.vehicles;
  }

  private srp(ctx: RenderContext, q: URLSearchParams): { res: DemoResponse; kind: string } {
    const filter: ListingFilter = {};
    const make = q.get("make")?.trim();
    if (make) filter.make = make;
    const body = q.get("bodyStyle")?.trim();
    if (body) filter.bodyStyle = body;
    const condition = q.get("condition")?.trim();
    if (condition) filter.condition = condition;
    const maxPrice = q.get("maxPrice")?.replace(/[$,\s]/g, "");
    if (maxPrice && /^\d{1,9}$/.test(maxPrice)) filter.maxPrice = Number(maxPrice);
    const sort = q.get("sort");
    if (sort && (SORTS as readonly string[]).includes(sort)) filter.sort = sort;
    const pageRaw = Number(q.get("page") ?? "1");
    const page = Number.isInteger(pageRaw) && pageRaw >= 1 ? pageRaw : 1;
    const lot = this.lot();
    const broken = this.settings.brokenListing ? this.listed(lot) : null;
    const html = srpPage(ctx, lot, { filter, page, pageSize: this.settings.pageSize, broken });
    if (html === null) return { res: this.notFound(ctx.style), kind: "notFound" };
    return { res: response(200, HTML, html, { "cache-control": "no-cache" }), kind: "srp" };
  }

  private vdp(ctx: RenderContext, path: string): { res: DemoResponse; kind: string } {
    const m = VDP_RE.exec(path);
    if (!m) return { res: this.notFound(ctx.style), kind: "notFound" };
    const vin = m[2]!.toUpperCase();
    const lot = this.lot();
    const lv = lot.byVin.get(vin);
    if (lv) {
      // A wrong slug with the right VIN redirects to the canonical URL, as dealer platforms do.
      if (path !== lv.path) return { res: response(301, HTML, "", { location: lv.path }), kind: "vdp" };
      return {
        res: response(200, HTML, vdpPage(ctx, lot, lv), { "cache-control": "no-cache" }),
        kind: "vdp",
      };
    }
    const gone = this.inventory.everListed(vin);
    if (gone)
      return { res: response(404, HTML, soldPage(ctx, gone), { "cache-control": "no-cache" }), kind: "vdp" };
    return { res: this.notFound(ctx.style), kind: "notFound" };
  }

  private photo(path: string): { res: DemoResponse; kind: string } {
    const m = PHOTO_RE.exec(path);
    const v = m ? this.inventory.everListed(m[1]!) : undefined;
    const n = m ? Number(m[2]) : 0;
    if (!v || n < 1 || n > v.photos.length) {
      return { res: response(404, "text/plain; charset=utf-8", "photo not found\n"), kind: "notFound" };
    }
    const key = `${v.vin}/${n}`;
    let svg = this.photos.get(key);
    if (svg === undefined) {
      svg = photoSvg(v, n, this.identity.dealerName);
      if (this.photos.size >= PHOTO_CACHE_MAX) this.photos.clear();
      this.photos.set(key, svg);
    }
    return {
      res: response(200, "image/svg+xml", svg, { "cache-control": "public, max-age=86400, immutable" }),
      kind: "photo",
    };
  }

  private methodNotAllowed(allow: string): DemoResponse {
    return response(405, "text/plain; charset=utf-8", "method not allowed\n", { allow });
  }

  private admin(method: string, rawUrl: string): DemoResponse {
    const url = new URL(rawUrl, "http://demo.invalid");
    const q = url.searchParams;
    try {
      switch (url.pathname) {
        case "/__admin/state":
          return method === "GET" || method === "HEAD"
            ? json(200, this.snapshot())
            : this.methodNotAllowed("GET");
        case "/__admin/vehicles":
          return method === "GET" || method === "HEAD"
            ? json(200, { generation: this.generation, vehicles: this.vehicles() })
            : this.methodNotAllowed("GET");
        case "/__admin/advance": {
          if (method !== "POST") return this.methodNotAllowed("POST");
          const by = q.has("by") ? int("by", q.get("by"), 1, MAX_GENERATION) : 1;
          const { snapshot, changes } = this.advance(by);
          return json(200, { ...snapshot, changes });
        }
        case "/__admin/set": {
          if (method !== "POST") return this.methodNotAllowed("POST");
          const patch: Record<string, string> = {};
          const known = new Set(Object.keys(DEFAULT_SETTINGS));
          for (const [k, v] of q) {
            if (!known.has(k)) throw new RangeError(`unknown setting "${k}": use ${[...known].join(", ")}`);
            patch[k] = v;
          }
          return json(200, this.set(patch as SettingsPatch));
        }
        case "/__admin/reset":
          return method === "POST" ? json(200, this.reset()) : this.methodNotAllowed("POST");
        default:
          return json(404, {
            error: "not_found",
            message:
              "admin endpoints: GET /__admin/state, GET /__admin/vehicles, POST /__admin/advance[?by=N], POST /__admin/set?generation=&style=&count=&seed=&pageSize=&failEvery=&slowMs=&brokenListing=&robotsDisallowAll=, POST /__admin/reset",
          });
      }
    } catch (err) {
      if (err instanceof RangeError) return json(400, { error: "invalid_setting", message: err.message });
      throw err;
    }
  }
}
