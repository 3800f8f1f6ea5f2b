import { type DistanceUnit, normalizeCurrency } from "@forecourt/normalize";
import { type Collected, type CollectLimits, collect } from "./collect";
import { binaryReason } from "./decode";
import { discoverLinks, vdpScore } from "./links";
import { mergePage } from "./merge";
import { acceptTokens, heuristicRecord, metaRecord } from "./page";
import { type ExtractContext, resolveUrl, type VehicleRecord } from "./record";
import { microItemToNode, parseJsonLoose, schemaVehicles } from "./schema";
import { cardVehicle, embeddedVehicles } from "./state";
import type { ExtractOptions, ExtractResult } from "./types";

const DEFAULT_MAX_CHARS = 16_000_000;

/** Currency and distance unit by the host's country, when the page does not say. */
const TLD_CURRENCY: Record<string, string> = {
  uk: "GBP",
  ca: "CAD",
  za: "ZAR",
  au: "AUD",
  nz: "NZD",
  ie: "EUR",
  de: "EUR",
  fr: "EUR",
  es: "EUR",
  it: "EUR",
  nl: "EUR",
  be: "EUR",
  at: "EUR",
  pt: "EUR",
  fi: "EUR",
  gr: "EUR",
  sk: "EUR",
  si: "EUR",
  ee: "EUR",
  lv: "EUR",
  lt: "EUR",
  lu: "EUR",
  mt: "EUR",
  cy: "EUR",
  hr: "EUR",
  ch: "CHF",
  se: "SEK",
  no: "NOK",
  dk: "DKK",
  jp: "JPY",
  in: "INR",
  mx: "MXN",
  pl: "PLN",
  cz: "CZK",
  hu: "HUF",
  br: "BRL",
  ae: "AED",
  sg: "SGD",
  hk: "HKD",
};
/** Country domains where odometers read in kilometres (the UK and the US read miles; generic domains default to miles). */
const KM_TLDS = new Set(Object.keys(TLD_CURRENCY).filter((t) => t !== "uk"));

function tld(u: URL | null): string {
  if (!u) return "";
  const parts = u.hostname.toLowerCase().replace(/\.$/, "").split(".");
  return parts[parts.length - 1] ?? "";
}

function pageCurrency(c: Collected, page: URL | null, opt: string | undefined): string {
  const explicit = normalizeCurrency(opt);
  if (explicit) return explicit;
  const metaCur = normalizeCurrency(c.meta.get("product:price:currency") ?? c.meta.get("og:price:currency"));
  if (metaCur) return metaCur;
  for (const s of c.scripts) {
    if (s.kind !== "ld") continue;
    const m = /"priceCurrency"\s*:\s*"([A-Za-z]{3})"/.exec(s.text);
    const cur = m ? normalizeCurrency(m[1]) : null;
    if (cur) return cur;
  }
  return TLD_CURRENCY[tld(page)] ?? "USD";
}

function emptyResult(warnings: string[]): ExtractResult {
  return { vehicles: [], links: { vdp: [], srp: [], next: null }, pageKind: "other", warnings };
}

/**
 * Extracts the vehicles and the crawl links from one HTML page in a single streaming htmlparser2 pass
 * (no DOM). Reads schema.org JSON-LD (incl. @graph, lists, offers) and microdata, OpenGraph/meta tags,
 * platform markup (vehicle data-* attributes, JSON state embedded in scripts), then text heuristics as the
 * last resort; every field records its source. Never throws: bad input becomes warnings.
 */
export function extractPage(html: string, pageUrl: string, opts: ExtractOptions = {}): ExtractResult {
  return extractPageWith(collect, html, pageUrl, opts);
}

/** What reads the HTML: the streaming htmlparser2 pass (`collect`), or another front end producing the same raw material. */
export type Collector = (html: string, limits: CollectLimits) => Collected;

/**
 * `extractPage` with the HTML-reading stage supplied by the caller. Everything after it (JSON-LD/microdata
 * mapping, platform state, heuristics, normalisation, merging, links) is the same code. The benchmarks use
 * it to run a cheerio (DOM) front end through the identical pipeline.
 */
export function extractPageWith(
  collector: Collector,
  html: string,
  pageUrl: string,
  opts: ExtractOptions = {},
): ExtractResult {
  const warnings: string[] = [];
  try {
    if (typeof html !== "string") return emptyResult(["the body is not text"]);
    let page: URL | null = null;
    try {
      const u = new URL(pageUrl);
      if (u.protocol === "http:" || u.protocol === "https:") page = u;
    } catch {
      // reported below
    }
    if (!page)
      warnings.push(
        `page URL ${JSON.stringify(String(pageUrl).slice(0, 200))} is not an absolute http(s) URL: links cannot be resolved`,
      );
    const binary = binaryReason(html);
    if (binary) return emptyResult([...warnings, binary]);
    const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
    let text = html;
    if (text.length > maxChars) {
      warnings.push(`the page is ${text.length} characters long; only the first ${maxChars} were read`);
      text = text.slice(0, maxChars);
    }
    const now = opts.now instanceof Date && !Number.isNaN(opts.now.getTime()) ? opts.now : new Date();
    const c = collector(text, {
      maxJsonLdChars: opts.maxJsonLdChars ?? 1_000_000,
      maxScriptChars: opts.maxScriptChars ?? 6_000_000,
      maxTotalScriptChars: Math.max(8_000_000, Math.min(text.length, 24_000_000)),
    });
    warnings.push(...c.warnings);

    let base: URL | null = page;
    if (c.base && page) {
      const b = resolveUrl(c.base, page);
      if (b) base = new URL(b);
    }
    const canonicalRaw = resolveUrl(c.canonical, base);
    const canonical =
      canonicalRaw &&
      page &&
      new URL(canonicalRaw).host.replace(/^www\./, "") === page.host.replace(/^www\./, "")
        ? canonicalRaw
        : null;
    const t = tld(page);
    const mileageUnit: DistanceUnit = opts.mileageUnit ?? (KM_TLDS.has(t) ? "km" : "mi");
    const ctx: ExtractContext = { currency: pageCurrency(c, page, opts.currency), mileageUnit, now, base };

    const structured: VehicleRecord[] = [];
    let ldIndex = 0;
    for (const s of c.scripts) {
      if (s.kind !== "ld") continue;
      ldIndex++;
      const v = parseJsonLoose(s.text);
      if (v === undefined) {
        warnings.push(`JSON-LD block ${ldIndex} does not parse as JSON and was skipped`);
        continue;
      }
      structured.push(...schemaVehicles(v, "json-ld", ctx));
    }
    for (const item of c.items) structured.push(...schemaVehicles(microItemToNode(item), "microdata", ctx));
    for (const card of c.cards) {
      const r = cardVehicle(card, ctx);
      if (r) structured.push(r);
    }
    const embedded = embeddedVehicles(c.scripts, c.jsonAttrs, ctx, text.length);
    structured.push(...embedded.records);
    warnings.push(...embedded.warnings);

    const links = discoverLinks(c.anchors, c.linkNext, page, base, opts.sameHostOnly !== false);
    const merged = mergePage({
      structured,
      meta: metaRecord(c.meta, c.metaImages, ctx),
      heuristic: heuristicRecord(c, ctx),
      tokens: acceptTokens(c.vinTokens, now),
      ctx,
      pageUrl: page?.href ?? String(pageUrl),
      canonical,
      vdpLinks: links.vdp,
      pageLooksLikeVdp: page ? vdpScore(page) >= 3 : false,
    });
    warnings.push(...merged.warnings);
    return { vehicles: merged.vehicles, links, pageKind: merged.pageKind, warnings };
  } catch (e) {
    return emptyResult([
      ...warnings,
      `extraction failed: ${e instanceof Error ? e.message.slice(0, 300) : "unknown error"}`,
    ]);
  }
}
