import { knownMake } from "@forecourt/normalize";
import { decodeVin } from "@forecourt/vin";
import type { RawAnchor } from "./collect";
import type { ExtractedLinks } from "./types";
import { scanVinTokens, type VinTokenMap } from "./vin-tokens";

/**
 * Link discovery for the crawler: detail pages (VDP) and listing pages (SRP, with pagination and the next
 * page), absolute, same host, without fragments, deduplicated, in page order. Decided from the URL's shape
 * and the anchor's rel/text, never from a site name.
 */

const MAX_VDP = 5_000;
const MAX_SRP = 500;

const PAGE_PARAMS = [
  "page",
  "pg",
  "p",
  "pagenumber",
  "pageno",
  "pagenum",
  "currentpage",
  "page_no",
  "pageindex",
  "paged",
];
const OFFSET_PARAMS = ["start", "offset", "firstrecord", "from", "skip", "startindex", "first"];

const VDP_PATH =
  /(?:vehicle-?details?|vehicledetails?|\/vdp\b|car-?details|\/listing\/|\/listings\/[^/]*\d|\/vehicle\/|\/vehicles\/[^/]*\d|\/detail\/|\/details\/|\/car-for-sale\/|\/inventory\/[^/?]*\d|\/auto\/|\/used-car\/|\/new-car\/|\/ad\/|\/advert\/|\/vip\/|\/stock\/[^/]*\d|\/vehicle-info\/|\/view\/)/;
const NOT_VDP =
  /(?:search|results|compare|financ|sell|trade|review|news|blog|guide|research|leas|insurance|inspection|autocheck|carfax|history|login|signin|sign-in|account|saved|favou?rite|wishlist|\/dealers?\/|\/dealer-|privacy|terms|careers|contact|about|service|parts|specials-|calculator|valuation|\/wp-|\/feed|sitemap)/;
const SRP_PATH =
  /(?:inventory|search|used-cars|new-cars|used-vehicles|new-vehicles|cars-for-sale|for-sale|pre-owned|preowned|certified|showroom|\/stock|\/vehicles|\/listings|\/used(?:\/|$|-)|\/new(?:\/|$|-)|\/cars(?:\/|$)|\/trucks(?:\/|$)|\/suvs?(?:\/|$))/;
const NOT_SRP =
  /(?:financ|service|parts|blog|news|about|contact|privacy|terms|careers|reviews?|research|guides?|advice|sell|trade|valuation|insurance|login|signin|account|cart|checkout|\.(?:pdf|jpe?g|png|gif|webp|svg|css|js|xml|json|zip)$)/;
const FILE_EXT = /\.(?:pdf|jpe?g|png|gif|webp|svg|css|js|xml|json|zip|mp4|ico|woff2?)$/;
const NEXT_TEXT =
  /^(?:next|next page|next ?[›»>→]|[›»→]|>|>>|more results|load more|show more|view more|older|suivant|weiter|siguiente)$/;
const NEXT_CLASS = /(?:^|[\s_-])(?:next|pagination-next|page-next|pager-next|nextpage|next-page)(?:[\s_-]|$)/;

function hostKey(h: string): string {
  return h
    .toLowerCase()
    .replace(/^www\./, "")
    .replace(/\.$/, "");
}

function pageNumber(u: URL): { param: string; value: number; offset: boolean } | null {
  for (const [k, v] of u.searchParams) {
    const lk = k.toLowerCase();
    if (!/^\d{1,6}$/.test(v)) continue;
    if (PAGE_PARAMS.includes(lk)) return { param: k, value: Number(v), offset: false };
    if (OFFSET_PARAMS.includes(lk)) return { param: k, value: Number(v), offset: true };
  }
  const m = /\/(?:page|p)\/(\d{1,6})\/?$/.exec(u.pathname) ?? /\/(\d{1,3})\/?$/.exec(u.pathname);
  if (m) return { param: "#path", value: Number(m[1]), offset: false };
  return null;
}

function basePath(u: URL): string {
  return (
    u.pathname
      .replace(/\/(?:page|p)\/\d{1,6}\/?$/, "/")
      .replace(/\/\d{1,3}\/?$/, "")
      .replace(/\/+$/, "") || "/"
  );
}

function yearMakeSlug(path: string): boolean {
  const re = /(?:^|[/_-])((?:19[5-9]|20[0-4])\d)[-_]([a-z]+)(?:[-_]([a-z]+))?/g;
  let n = 0;
  for (const m of path.matchAll(re)) {
    if (n++ >= 5) break;
    if (knownMake(m[2]!) || (m[3] && knownMake(`${m[2]} ${m[3]}`))) return true;
  }
  return false;
}

function conditionMakeSlug(path: string): boolean {
  const re = /(?:^|\/)(?:used|new|certified|pre-?owned)[-_]([a-z]+)(?:[-_]([a-z]+))?/g;
  let n = 0;
  for (const m of path.matchAll(re)) {
    if (n++ >= 5) break;
    if (knownMake(m[1]!) || (m[2] && knownMake(`${m[1]} ${m[2]}`))) return true;
  }
  return false;
}

function hasVinToken(s: string): boolean {
  const found: VinTokenMap = new Map();
  scanVinTokens(s.length > 2048 ? s.slice(0, 2048) : s, found, { maxDistinct: 5 });
  for (const tok of found.keys()) {
    const d = decodeVin(tok);
    if (d.valid && d.checkDigit.ok === true && !d.reasons.some((r) => r.code === "unknown_wmi")) return true;
  }
  return false;
}

/** How much a URL looks like one vehicle's detail page (3 or more: it does). */
export function vdpScore(u: URL): number {
  let path: string;
  try {
    path = decodeURIComponent(u.pathname).toLowerCase();
  } catch {
    path = u.pathname.toLowerCase();
  }
  if (FILE_EXT.test(path)) return -10;
  let s = 0;
  if (hasVinToken(u.pathname + u.search)) s += 3;
  if (VDP_PATH.test(path)) s += 2;
  if (yearMakeSlug(path) || conditionMakeSlug(path)) s += 2;
  const last = path.split("/").filter(Boolean).pop() ?? "";
  if (/\d{5,}/.test(last) || /[0-9a-f]{16,}/.test(last) || /[0-9a-f]{8}-[0-9a-f]{4}-/.test(path)) s += 1;
  else if (
    /(?:^|&)(?:listingid|vehicleid|id|vid|stockid|adid|carid|inventoryid)=\w{4,}/i.test(u.search.slice(1))
  )
    s += 1;
  if (NOT_VDP.test(path)) s -= 3;
  return s;
}

export function discoverLinks(
  anchors: RawAnchor[],
  linkNext: string | null,
  pageUrl: URL | null,
  base: URL | null,
  sameHostOnly: boolean,
): ExtractedLinks {
  const links: ExtractedLinks = { vdp: [], srp: [], next: null };
  if (!pageUrl) return links;
  const pageHost = hostKey(pageUrl.hostname);
  const here = new URL(pageUrl.href);
  here.hash = "";
  const herePage = pageNumber(here);
  const hereBase = basePath(here);
  const seenVdp = new Set<string>();
  const seenSrp = new Set<string>();
  const resolveBase = base ?? pageUrl;

  const resolve = (href: string): URL | null => {
    try {
      const h = href.trim();
      if (!h || h.startsWith("#") || /^(?:javascript|mailto|tel|data|blob|sms|ftp):/i.test(h)) return null;
      const u = new URL(h, resolveBase);
      if (u.protocol !== "http:" && u.protocol !== "https:") return null;
      if (sameHostOnly && hostKey(u.hostname) !== pageHost) return null;
      u.hash = "";
      return u;
    } catch {
      return null;
    }
  };

  const addSrp = (u: URL) => {
    if (u.href === here.href || seenSrp.has(u.href) || links.srp.length >= MAX_SRP) return;
    seenSrp.add(u.href);
    links.srp.push(u.href);
  };

  const nextFromLink = linkNext ? resolve(linkNext) : null;
  let nextByRel: URL | null = null;
  let nextByText: URL | null = null;
  let nextByNumber: URL | null = null;

  for (const a of anchors) {
    const u = resolve(a.href);
    if (!u || u.href === here.href) continue;
    const text = a.text.toLowerCase();
    const isNextRel = a.rel.split(/\s+/).includes("next");
    const looksNext =
      NEXT_TEXT.test(text) ||
      NEXT_TEXT.test(a.label) ||
      a.label.startsWith("next page") ||
      (NEXT_CLASS.test(a.cls) && !/prev/.test(a.cls));
    const pn = pageNumber(u);
    const samePath = basePath(u) === hereBase;
    if (isNextRel && !nextByRel) nextByRel = u;
    if (looksNext && !nextByText && (samePath || pn)) nextByText = u;
    if (pn && samePath) {
      const want = herePage ? (herePage.offset ? null : herePage.value + 1) : pn.offset ? null : 2;
      if (!nextByNumber && want !== null && pn.value === want && (!herePage || herePage.param === pn.param))
        nextByNumber = u;
      if (
        herePage?.offset &&
        pn.offset &&
        pn.param === herePage.param &&
        pn.value > herePage.value &&
        !nextByNumber
      )
        nextByNumber = u;
      addSrp(u);
      continue;
    }
    const score = vdpScore(u);
    if (score >= 3) {
      if (!seenVdp.has(u.href) && links.vdp.length < MAX_VDP) {
        seenVdp.add(u.href);
        links.vdp.push(u.href);
      }
      continue;
    }
    let path: string;
    try {
      path = decodeURIComponent(u.pathname).toLowerCase();
    } catch {
      path = u.pathname.toLowerCase();
    }
    if (isNextRel || looksNext || (SRP_PATH.test(path) && !NOT_SRP.test(path))) addSrp(u);
  }
  const next = nextFromLink ?? nextByRel ?? nextByText ?? nextByNumber;
  if (next && next.href !== here.href) {
    links.next = next.href;
    addSrp(next);
  }
  return links;
}
