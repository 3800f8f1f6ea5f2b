import { Parser } from "htmlparser2";
import { LabelScanner, type TextHit } from "./labels";
import { scanVinTokens, type VinTokenMap } from "./vin-tokens";

/**
 * One streaming pass of htmlparser2 over the page (handlers only, no DOM) that keeps just the raw material
 * the extractors need: JSON-LD blocks, inline scripts and JSON blobs, microdata items, meta/OpenGraph tags,
 * elements carrying vehicle data-* attributes, anchors, the title and first <h1>, label/value text pairs,
 * text inside price/mileage elements, and VIN-shaped tokens. Every buffer is capped, so memory and time stay
 * linear in the input whatever the markup does.
 */

export interface RawAnchor {
  href: string;
  rel: string;
  text: string;
  cls: string;
  label: string;
}

export interface RawScript {
  kind: "ld" | "json" | "js";
  text: string;
  id: string;
  truncated: boolean;
}

export interface MicroItem {
  types: string[];
  props: Map<string, (string | MicroItem)[]>;
}

export interface RawCard {
  /** Vehicle data-* attributes, keyed by their normalised name ("vin", "price", "exteriorcolor"...). */
  attrs: Record<string, string>;
  href: string | null;
}

export interface Collected {
  title: string | null;
  h1: string | null;
  canonical: string | null;
  base: string | null;
  linkNext: string | null;
  /** First value per meta key (property, name or http-equiv), keys lower-cased. */
  meta: Map<string, string>;
  metaImages: string[];
  anchors: RawAnchor[];
  scripts: RawScript[];
  items: MicroItem[];
  cards: RawCard[];
  /** JSON objects found in data-* attribute values (some platforms embed a vehicle's JSON on its card). */
  jsonAttrs: string[];
  hits: TextHit[];
  vinTokens: VinTokenMap;
  /** Images inside photo gallery / carousel / slider containers (lazy data-src and srcset resolved), in order. */
  galleryImages: string[];
  /** Links to image files inside gallery containers (lightbox "large" versions of the gallery's images). */
  galleryLinks: string[];
  /** Text of description sections (by class/id, or the content after a "Description"/"Seller's notes" heading). */
  descriptions: string[];
  warnings: string[];
}

export interface CollectLimits {
  maxJsonLdChars: number;
  maxScriptChars: number;
  /** Total characters kept across all scripts. */
  maxTotalScriptChars: number;
}

/**
 * Deepest element nesting read. htmlparser2 keeps open elements in an array it shifts and searches, so each
 * tag costs O(depth): unclosed tags by the hundred thousand would make a page quadratic. Real pages, even
 * broken ones, stay far below this; past it the rest of the page is not read (with a warning).
 */
export const MAX_DEPTH = 1_000;
/** The input is fed to the parser in slices of this size, so a runaway page is stopped promptly. */
const CHUNK = 64 * 1024;

export const MAX_ANCHORS = 20_000;
export const MAX_ITEMS = 3_000;
export const MAX_CARDS = 5_000;
export const MAX_CAPTURE = 2_000;
export const MAX_JSON_ATTR = 200_000;

/** data-* attribute names (after "data-", vehicle-/car- prefixes and separators removed) that carry vehicle fields. */
export const CARD_ATTRS = new Set([
  "vin",
  "vinnumber",
  "year",
  "modelyear",
  "make",
  "makename",
  "model",
  "modelname",
  "trim",
  "trimname",
  "trimlevel",
  "price",
  "saleprice",
  "internetprice",
  "finalprice",
  "sellingprice",
  "askingprice",
  "ourprice",
  "displayedprice",
  "msrp",
  "mileage",
  "odometer",
  "miles",
  "bodystyle",
  "bodytype",
  "body",
  "exteriorcolor",
  "extcolor",
  "exteriorcolour",
  "color",
  "colour",
  "interiorcolor",
  "intcolor",
  "fuel",
  "fueltype",
  "drivetrain",
  "drivetype",
  "transmission",
  "engine",
  "stock",
  "stocknumber",
  "stocknum",
  "stockno",
  "condition",
  "stocktype",
  "newused",
  "vdpurl",
  "detailurl",
  "url",
]);

export function cardAttrName(attr: string): string | null {
  if (!attr.startsWith("data-")) return null;
  let k = attr.slice(5).replace(/[-_]/g, "");
  if (k.startsWith("vehicle") && k.length > 7) k = k.slice(7);
  else if (k.startsWith("car") && k.length > 3 && CARD_ATTRS.has(k.slice(3))) k = k.slice(3);
  else if (k.startsWith("veh") && k.length > 3 && CARD_ATTRS.has(k.slice(3))) k = k.slice(3);
  return CARD_ATTRS.has(k) ? k : null;
}

export const PRICE_CLASS = /price/;
export const PRICE_CLASS_EXCLUDE =
  /msrp|payment|monthly|finance|was|old|strike|original|label|range|filter|slider|month|lease|saving|discount|compare|tax|fee|drop|alert|history|calc|estimate|trade|similar|tooltip|disclaimer/;
export const MILEAGE_CLASS = /mileage|odometer/;
export const MILEAGE_CLASS_EXCLUDE = /filter|range|slider|select|option|label|icon/;
export const VIN_CLASS = /(?:^|[\s_-])vin(?:[\s_-]|$|number|no)/;

/** A photo gallery container: by tag name (custom elements such as <gallery-slides>), class, id or aria-label. */
export const GALLERY_HINT =
  /gallery|carousel|slider|slideshow|swiper|slick|lightbox|filmstrip|thumbnails|vehicle-?(?:photos|images|media)|media-?viewer|photo-?(?:viewer|strip|list)/;
/** ...that shows other vehicles, videos or site furniture instead of this vehicle's photos. */
export const GALLERY_EXCLUDE =
  /similar|related|recommend|other|recent|also|featured|more-|compare|video|logo|brand|partner|review|banner|promo|sponsor|advert|\bad-|testimonial|blog|news|award/;
/** Image URLs that are never a vehicle photo (lazy-load placeholders, spacers, icons). */
export const NOT_A_PHOTO =
  /^data:|placeholder|spinner|blank\.|spacer|pixel\.|loading\.|\/icons?\/|sprite|logo|badge|favicon/i;
const IMAGE_FILE = /\.(?:jpe?g|png|webp|avif|gif)(?:[?#]|$)/i;
/** Lazy-loading and zoom attributes, best (largest) first, then the plain src. */
export const IMG_ATTRS = [
  "data-zoom-image",
  "data-large",
  "data-full",
  "data-original",
  "data-lazy-src",
  "data-lazy",
  "data-src",
  "src",
] as const;
/**
 * Class/id tokens of a description section ("description", "detail-description__content", "seller-notes",
 * "dealer-comments"). Bare "comments"/"notes" are not: on auction and marketplace pages they are the users' thread.
 */
const DESCRIPTION_TOKEN =
  /^(?:(?:[a-z0-9]+(?:-|_|__))*description|(?:[a-z0-9]+(?:-|_|__))*(?:vehicle|dealer|sellers?|owner)(?:-|_)?(?:comments|remarks|notes))(?:(?:-|_|__)(?:text|body|content|wrap|wrapper|container|section|block|inner|full))?$/;
const DESCRIPTION_EXCLUDE =
  /badge|award|review|feature|option|package|photo|image|img|modal|form|meta|seo|short|tooltip|disclaimer|footer|legal|cookie|search|list|comment-box|lead/;
/** Headings that introduce the vehicle's description. */
export const DESCRIPTION_HEADING =
  /^(?:vehicle |the )?description$|^(?:vehicle|dealer|seller[’'`]?s?|owner[’'`]?s?)(?: comments| notes| remarks| description)(?: about this (?:car|vehicle))?$|^about this (?:car|vehicle)$/i;
export const MAX_DESCRIPTION = 5_000;
export const MAX_GALLERY = 100;

/** Largest candidate of a srcset ("a.jpg 480w, b.jpg 1200w" → b.jpg). */
export function largestSrcset(srcset: string): string | null {
  let best: string | null = null;
  let bestW = -1;
  for (const part of srcset.split(",").slice(0, 30)) {
    const [url, size] = part.trim().split(/\s+/);
    if (!url) continue;
    const w = size ? Number.parseFloat(size) * (size.endsWith("x") ? 1000 : 1) : 0;
    if (w > bestW) {
      best = url;
      bestW = w;
    }
  }
  return best;
}

/** The photo URL an <img> shows once loaded: zoom/lazy attributes first, then srcset's largest, then src. */
export function imageUrl(attribs: Record<string, string | undefined>): string | null {
  for (const a of IMG_ATTRS) {
    if (a === "src") {
      const set = attribs["data-srcset"] || attribs.srcset;
      const fromSet = set ? largestSrcset(set) : null;
      if (fromSet && !NOT_A_PHOTO.test(fromSet)) return fromSet;
    }
    const v = attribs[a]?.trim();
    if (v && v.length <= 2048 && !NOT_A_PHOTO.test(v)) return v;
  }
  return null;
}

/** Whether an element's tag/class/id/aria-label marks it as this vehicle's photo gallery: "in", "out" (other vehicles, videos) or null. */
export function galleryMark(tag: string, hint: string): "in" | "out" | null {
  const h = `${tag} ${hint}`;
  if (!GALLERY_HINT.test(h)) return null;
  return GALLERY_EXCLUDE.test(h) ? "out" : "in";
}

/** Whether a class/id string names a description section. */
export function isDescriptionClass(hint: string): boolean {
  if (hint.length > 300 || DESCRIPTION_EXCLUDE.test(hint)) return false;
  for (const t of hint.split(/\s+/)) if (t && DESCRIPTION_TOKEN.test(t)) return true;
  return false;
}

/** Collapses a captured description and keeps it when it reads like prose (5+ words). */
export function keepDescription(raw: string): string | null {
  const t = raw.replace(/\s+/g, " ").trim();
  if (t.length < 30 || t.split(" ").length < 5) return null;
  return t.slice(0, MAX_DESCRIPTION);
}

const SIZE_SEGMENT =
  /^(?:x*small|medium|x*large\d*|thumbs?|thumbnails?|\d{2,4}x\d{2,4}|w\d{2,4}|full|original|zoom|big|mini|tn)$/i;

/** One photo in several sizes (/xlarge/…/a.jpg, /small/…/a.jpg, /96x72/…) is one photo: its path without size folders or query. */
export function photoKey(url: string): string {
  const noQuery = url.split(/[?#]/)[0]!.toLowerCase();
  return noQuery
    .split("/")
    .filter((seg) => !SIZE_SEGMENT.test(seg))
    .join("/");
}

/** Adds a gallery photo once (by `photoKey`), up to the cap; `keys` tracks what the list holds. */
export function addGalleryUrl(list: string[], url: string | null | undefined, keys?: Set<string>): void {
  if (!url || list.length >= MAX_GALLERY) return;
  const k = photoKey(url);
  if (keys) {
    if (keys.has(k)) return;
    keys.add(k);
  } else if (list.some((u) => photoKey(u) === k)) return;
  list.push(url);
}

export function isImageLink(attribs: Record<string, string | undefined>): string | null {
  for (const k in attribs) {
    if (k.startsWith("data-") && /bigimg|zoom|full|large/.test(k)) {
      const v = attribs[k]?.trim();
      if (v && IMAGE_FILE.test(v) && !NOT_A_PHOTO.test(v)) return v;
    }
  }
  const href = attribs.href?.trim();
  return href && IMAGE_FILE.test(href) && !NOT_A_PHOTO.test(href) ? href : null;
}

type CaptureKind = "title" | "h1" | "anchor" | "itemprop" | "price" | "mileage" | "vin";

interface Capture {
  kind: CaptureKind;
  depth: number;
  buf: string;
  overflow: boolean;
  anchor?: RawAnchor;
  item?: MicroItem;
  names?: string[];
}

export function addProp(item: MicroItem, names: string[], value: string | MicroItem): void {
  for (const n of names) {
    if (item.props.size >= 200 && !item.props.has(n)) continue;
    const list = item.props.get(n);
    if (list) {
      if (list.length < 50) list.push(value);
    } else item.props.set(n, [value]);
  }
}

export const ITEMPROP_ATTR: Record<string, string> = {
  meta: "content",
  a: "href",
  link: "href",
  area: "href",
  img: "src",
  audio: "src",
  video: "src",
  source: "src",
  iframe: "src",
  embed: "src",
  track: "src",
  object: "data",
  data: "value",
  meter: "value",
  time: "datetime",
};

export function collect(html: string, limits: CollectLimits): Collected {
  const out: Collected = {
    title: null,
    h1: null,
    canonical: null,
    base: null,
    linkNext: null,
    meta: new Map(),
    metaImages: [],
    anchors: [],
    scripts: [],
    items: [],
    cards: [],
    jsonAttrs: [],
    hits: [],
    vinTokens: new Map(),
    galleryImages: [],
    galleryLinks: [],
    descriptions: [],
    warnings: [],
  };
  const labels = new LabelScanner(out.hits);

  let depth = 0;
  let styleDepth = 0;
  let svgDepth = 0;
  let selectDepth = 0;
  let titleSeen = false;
  let scriptTotal = 0;
  let script: {
    kind: RawScript["kind"] | "skip";
    parts: string[];
    len: number;
    id: string;
    truncated: boolean;
  } | null = null;
  let seg = "";
  const captures: Capture[] = [];
  const itemStack: { item: MicroItem; depth: number }[] = [];
  const cardStack: { card: RawCard; depth: number }[] = [];
  const selectStack: number[] = [];
  const styleStack: number[] = [];
  const svgStack: number[] = [];
  // gallery containers (depth, in/out), form-like noise, description sections
  const galleryStack: { depth: number; mark: "in" | "out" }[] = [];
  const imageKeys = new Set<string>();
  const linkKeys = new Set<string>();
  let formDepth = 0;
  const formStack: number[] = [];
  let headingDepth = 0;
  const headingStack: number[] = [];
  const descStack: { depth: number; buf: string }[] = [];
  let heading: { depth: number; buf: string } | null = null;
  let afterHeading: { depth: number; buf: string } | null = null;
  const addDescText = (data: string) => {
    if (formDepth > 0 || headingDepth > 0) return;
    for (const d of descStack) if (d.buf.length < MAX_DESCRIPTION) d.buf += data;
    if (afterHeading && afterHeading.buf.length < MAX_DESCRIPTION) afterHeading.buf += data;
  };
  const finishAfterHeading = () => {
    if (!afterHeading) return;
    const t = keepDescription(afterHeading.buf);
    afterHeading = null;
    if (t && out.descriptions.length < 20) out.descriptions.push(t);
  };

  const flushSegment = () => {
    if (seg.length === 0) return;
    const raw = seg;
    seg = "";
    if (selectDepth > 0) return;
    if (raw.length >= 17) scanVinTokens(raw, out.vinTokens);
    // cheap emptiness test before the collapse
    let j = 0;
    while (j < raw.length && raw.charCodeAt(j) <= 32) j++;
    if (j === raw.length) return;
    const text = (raw.length > 600 ? raw.slice(0, 600) : raw).replace(/\s+/g, " ").trim();
    if (text) labels.push(text);
  };

  const finishCapture = (c: Capture) => {
    const text = c.buf.replace(/\s+/g, " ").trim();
    switch (c.kind) {
      case "title":
        out.title = text.slice(0, 400);
        break;
      case "h1":
        if (out.h1 === null && text) out.h1 = text.slice(0, 400);
        break;
      case "anchor":
        if (c.anchor) {
          c.anchor.text = text.slice(0, 120);
          if (out.anchors.length < MAX_ANCHORS) out.anchors.push(c.anchor);
        }
        break;
      case "itemprop":
        if (c.item && c.names) addProp(c.item, c.names, text.slice(0, MAX_CAPTURE));
        break;
      case "price":
        if (!c.overflow && text && text.length <= 80 && out.hits.length < 6000)
          out.hits.push({ field: "price", value: text, source: "heuristic:price-class" });
        break;
      case "mileage":
        if (!c.overflow && text && text.length <= 60 && out.hits.length < 6000)
          out.hits.push({ field: "mileage", value: text, source: "heuristic:text" });
        break;
      case "vin":
        if (!c.overflow && text) scanVinTokens(text, out.vinTokens, { labelled: true });
        break;
    }
  };

  let stopped = false;
  const handler = {
    onopentag(name: string, attribs: Record<string, string>) {
      if (stopped) return;
      flushSegment();
      depth++;
      if (depth > MAX_DEPTH) {
        stopped = true;
        out.warnings.push(
          `the markup nests elements more than ${MAX_DEPTH} deep (unclosed tags?); the rest of the page was not read`,
        );
        return;
      }
      if (script) return; // htmlparser2 never opens tags inside <script>, but stay safe
      switch (name) {
        case "script": {
          const type = (attribs.type ?? "").toLowerCase().trim();
          const id = attribs.id ?? "";
          let kind: RawScript["kind"] | "skip";
          if (type === "application/ld+json") kind = "ld";
          else if (type === "application/json" || type.endsWith("+json") || id === "__NEXT_DATA__")
            kind = "json";
          else if (
            type === "" ||
            type.includes("javascript") ||
            type === "module" ||
            type.includes("ecmascript")
          )
            kind = "js";
          else kind = "skip";
          script = { kind, parts: [], len: 0, id, truncated: false };
          return;
        }
        case "style":
          styleDepth++;
          styleStack.push(depth);
          return;
        case "svg":
        case "math":
          svgDepth++;
          svgStack.push(depth);
          break;
        case "select":
          selectDepth++;
          selectStack.push(depth);
          break;
        case "title":
          if (!titleSeen && svgDepth === 0) {
            titleSeen = true;
            captures.push({ kind: "title", depth, buf: "", overflow: false });
          }
          break;
        case "h1":
          if (out.h1 === null) captures.push({ kind: "h1", depth, buf: "", overflow: false });
          break;
        case "meta": {
          const key = (attribs.property ?? attribs.name ?? attribs["http-equiv"] ?? "").toLowerCase().trim();
          const content = attribs.content;
          if (key && typeof content === "string") {
            if (
              (key === "og:image" || key === "og:image:url" || key === "og:image:secure_url") &&
              out.metaImages.length < 30
            ) {
              out.metaImages.push(content);
            }
            if (!out.meta.has(key) && out.meta.size < 500) out.meta.set(key, content.slice(0, 2000));
          }
          break;
        }
        case "link": {
          const rel = (attribs.rel ?? "").toLowerCase();
          const href = attribs.href;
          if (href) {
            if (rel.split(/\s+/).includes("canonical") && out.canonical === null) out.canonical = href;
            if (rel.split(/\s+/).includes("next") && out.linkNext === null) out.linkNext = href;
          }
          break;
        }
        case "base":
          if (out.base === null && attribs.href) out.base = attribs.href;
          break;
        case "a": {
          const href = attribs.href;
          if (href && href.length <= 4096) {
            const anchor: RawAnchor = {
              href,
              rel: (attribs.rel ?? "").toLowerCase(),
              text: "",
              cls: `${attribs.class ?? ""} ${attribs.id ?? ""}`.toLowerCase(),
              label: `${attribs["aria-label"] ?? ""} ${attribs.title ?? ""}`.trim().toLowerCase(),
            };
            captures.push({ kind: "anchor", depth, buf: "", overflow: false, anchor });
            if (href.length >= 17) scanVinTokens(href, out.vinTokens, { href });
            const top = cardStack[cardStack.length - 1];
            if (top && top.card.href === null) top.card.href = href;
          }
          break;
        }
        case "input": {
          const n = `${attribs.name ?? ""} ${attribs.id ?? ""}`.toLowerCase();
          const v = attribs.value;
          if (v && v.length === 17 && /(?:^|[\s_-])vin(?:[\s_-]|$|number)/.test(n))
            scanVinTokens(v, out.vinTokens, { labelled: true });
          break;
        }
      }

      // photo galleries, description sections
      {
        const hint =
          `${attribs.class ?? ""} ${attribs.id ?? ""} ${attribs["aria-label"] ?? ""}`.toLowerCase();
        const mark = hint.length < 400 ? galleryMark(name, hint) : null;
        const inGallery = galleryStack.length > 0 && galleryStack[galleryStack.length - 1]!.mark === "in";
        const outGallery = galleryStack.some((g) => g.mark === "out");
        if (name === "img" && !outGallery && (inGallery ? mark !== "out" : mark === "in") && svgDepth === 0)
          addGalleryUrl(out.galleryImages, imageUrl(attribs), imageKeys);
        else if (name === "a" && inGallery && !outGallery)
          addGalleryUrl(out.galleryLinks, isImageLink(attribs), linkKeys);
        if (mark && name !== "img") galleryStack.push({ depth, mark });
        if (name === "form" || name === "textarea" || name === "button" || name === "nav") {
          formDepth++;
          formStack.push(depth);
        }
        if (name.length === 2 && name.charCodeAt(0) === 104 && name >= "h1" && name <= "h6") {
          finishAfterHeading();
          headingDepth++;
          headingStack.push(depth);
          if (name !== "h1" && formDepth === 0) heading = { depth, buf: "" };
        } else if (descStack.length > 0 || afterHeading) addDescText(" ");
        if (formDepth === 0 && hint.trim() && isDescriptionClass(hint) && descStack.length < 20)
          descStack.push({ depth, buf: "" });
      }

      // class-based capture of price / mileage / VIN text
      const cls = attribs.class;
      if (cls !== undefined || attribs.id !== undefined || attribs["data-qa"] !== undefined) {
        const c = `${cls ?? ""} ${attribs.id ?? ""} ${attribs["data-qa"] ?? ""}`.toLowerCase();
        if (
          c.length < 300 &&
          (c.includes("price") || c.includes("mileage") || c.includes("odometer") || c.includes("vin"))
        ) {
          if (PRICE_CLASS.test(c) && !PRICE_CLASS_EXCLUDE.test(c))
            captures.push({ kind: "price", depth, buf: "", overflow: false });
          else if (MILEAGE_CLASS.test(c) && !MILEAGE_CLASS_EXCLUDE.test(c))
            captures.push({ kind: "mileage", depth, buf: "", overflow: false });
          else if (VIN_CLASS.test(c)) captures.push({ kind: "vin", depth, buf: "", overflow: false });
        }
      }

      // microdata
      const itemprop = attribs.itemprop;
      const hasScope = attribs.itemscope !== undefined;
      if (hasScope || itemprop !== undefined) {
        const parent = itemStack[itemStack.length - 1]?.item;
        const names = itemprop ? itemprop.trim().split(/\s+/).filter(Boolean).slice(0, 5) : [];
        if (hasScope) {
          if (out.items.length < MAX_ITEMS) {
            const types = (attribs.itemtype ?? "")
              .trim()
              .split(/\s+/)
              .filter(Boolean)
              .map((t) => t.replace(/\/+$/, "").split(/[/#]/).pop() ?? t)
              .slice(0, 5);
            const item: MicroItem = { types, props: new Map() };
            if (parent && names.length > 0) addProp(parent, names, item);
            else out.items.push(item);
            itemStack.push({ item, depth });
          }
        } else if (parent && names.length > 0) {
          const attrName = ITEMPROP_ATTR[name];
          const fromAttr = attribs.content ?? (attrName ? attribs[attrName] : undefined);
          if (fromAttr !== undefined) addProp(parent, names, fromAttr.slice(0, MAX_CAPTURE));
          else captures.push({ kind: "itemprop", depth, buf: "", overflow: false, item: parent, names });
        }
      }

      // vehicle data-* attributes
      let cardFields: [string, string][] | null = null;
      for (const key in attribs) {
        if (key.charCodeAt(0) !== 100 || !key.startsWith("data-")) continue; // 'd'
        const v = attribs[key]!;
        const k = cardAttrName(key);
        if (k) {
          if (cardFields === null) cardFields = [];
          cardFields.push([k, v]);
        } else if (
          v.length > 20 &&
          v.length <= MAX_JSON_ATTR &&
          v.charCodeAt(0) === 123 &&
          /"(vin|make)"/i.test(v)
        ) {
          if (out.jsonAttrs.length < 500) out.jsonAttrs.push(v);
        }
      }
      if (cardFields) {
        const fieldsHere = new Set(cardFields.map(([k]) => k));
        const vin = cardFields.find(([k]) => k === "vin" || k === "vinnumber")?.[1];
        const top = cardStack[cardStack.length - 1];
        const opens =
          (vin !== undefined && vin.trim().length === 17 && top?.card.attrs.vin !== vin.trim()) ||
          fieldsHere.size >= 3;
        if (opens && out.cards.length + cardStack.length < MAX_CARDS) {
          const card: RawCard = { attrs: {}, href: attribs.href ?? null };
          for (const [k, v] of cardFields) if (card.attrs[k] === undefined) card.attrs[k] = v.slice(0, 500);
          cardStack.push({ card, depth });
        } else if (top) {
          for (const [k, v] of cardFields)
            if (top.card.attrs[k] === undefined) top.card.attrs[k] = v.slice(0, 500);
        }
      }
    },

    ontext(data: string) {
      if (stopped) return;
      if (script) {
        if (script.kind === "skip") return;
        const cap = script.kind === "ld" ? limits.maxJsonLdChars : limits.maxScriptChars;
        if (script.len + data.length > cap || scriptTotal + data.length > limits.maxTotalScriptChars) {
          script.truncated = true;
          return;
        }
        script.parts.push(data);
        script.len += data.length;
        scriptTotal += data.length;
        return;
      }
      if (styleDepth > 0) return;
      if (descStack.length > 0 || afterHeading) addDescText(data);
      if (heading && heading.buf.length < 200) heading.buf += data;
      if (seg.length < 4096) seg += data;
      else if (seg.length < 8192) seg += data.slice(0, 4096);
      for (let i = 0; i < captures.length; i++) {
        const c = captures[i]!;
        if (c.buf.length < MAX_CAPTURE)
          c.buf += data.length > MAX_CAPTURE ? data.slice(0, MAX_CAPTURE) : data;
        else c.overflow = true;
      }
    },

    onclosetag(name: string) {
      if (stopped) return;
      if (script) {
        if (name === "script") {
          const s = script;
          script = null;
          if (s.kind !== "skip") {
            const text = s.parts.join("");
            if (s.kind !== "ld" && text.length >= 17) scanVinTokens(text, out.vinTokens);
            if (s.truncated) {
              out.warnings.push(
                `a ${s.kind === "ld" ? "JSON-LD block" : "script"} was larger than the extraction limit and was skipped`,
              );
            } else if (text.trim()) out.scripts.push({ kind: s.kind, text, id: s.id, truncated: false });
          }
          depth--;
        }
        return;
      }
      flushSegment();
      while (captures.length > 0 && captures[captures.length - 1]!.depth >= depth)
        finishCapture(captures.pop()!);
      while (itemStack.length > 0 && itemStack[itemStack.length - 1]!.depth >= depth) itemStack.pop();
      while (galleryStack.length > 0 && galleryStack[galleryStack.length - 1]!.depth >= depth)
        galleryStack.pop();
      if (formStack.length > 0 && formStack[formStack.length - 1]! >= depth) {
        formStack.pop();
        formDepth--;
      }
      if (headingStack.length > 0 && headingStack[headingStack.length - 1]! >= depth) {
        headingStack.pop();
        headingDepth--;
        if (heading && heading.depth >= depth) {
          const h = heading.buf
            .replace(/\s+/g, " ")
            .trim()
            .replace(/[:：]$/, "");
          heading = null;
          if (DESCRIPTION_HEADING.test(h)) afterHeading = { depth: depth - 1, buf: "" };
        }
      } else if (descStack.length > 0 || afterHeading) addDescText(" ");
      while (descStack.length > 0 && descStack[descStack.length - 1]!.depth >= depth) {
        const t = keepDescription(descStack.pop()!.buf);
        if (t && out.descriptions.length < 20) out.descriptions.push(t);
      }
      if (afterHeading && afterHeading.depth >= depth) finishAfterHeading();
      while (cardStack.length > 0 && cardStack[cardStack.length - 1]!.depth >= depth) {
        const { card } = cardStack.pop()!;
        if (out.cards.length < MAX_CARDS) out.cards.push(card);
      }
      if (styleStack.length > 0 && styleStack[styleStack.length - 1]! >= depth) {
        styleStack.pop();
        styleDepth--;
      }
      if (svgStack.length > 0 && svgStack[svgStack.length - 1]! >= depth) {
        svgStack.pop();
        svgDepth--;
      }
      if (selectStack.length > 0 && selectStack[selectStack.length - 1]! >= depth) {
        selectStack.pop();
        selectDepth--;
      }
      depth--;
    },
  };

  const parser = new Parser(handler, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
  try {
    for (let i = 0; i < html.length && !stopped; i += CHUNK) parser.write(html.slice(i, i + CHUNK));
    if (!stopped) parser.end();
  } catch (e) {
    out.warnings.push(
      `the HTML parser stopped early: ${e instanceof Error ? e.message.slice(0, 200) : "unknown error"}`,
    );
  }
  flushSegment();
  while (captures.length > 0) finishCapture(captures.pop()!);
  while (cardStack.length > 0) out.cards.push(cardStack.pop()!.card);
  while (descStack.length > 0) {
    const t = keepDescription(descStack.pop()!.buf);
    if (t && out.descriptions.length < 20) out.descriptions.push(t);
  }
  finishAfterHeading();
  return out;
}
