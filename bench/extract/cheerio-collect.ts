// The cheerio twin of packages/extract's HTML stage (bench-only): the same raw material as the streaming
// htmlparser2 pass in packages/extract/src/collect.ts, read the way a DOM scraper reads a page — cheerio.load
// (parse5, a full spec-compliant tree), selectors for the structured parts (JSON-LD and other scripts, meta and
// OpenGraph, link/base, anchors, microdata scopes and properties, price/mileage/VIN elements, title/h1, VIN
// inputs) and one walk of the tree for what is positional (visible text segments for the label heuristics and
// VIN tokens, vehicle data-* cards, photo galleries, description sections). Classification rules (which
// classes, attributes, headings and URLs count) are imported from collect.ts, so the two differ only in how
// the HTML is read. Both feed the identical downstream pipeline through `extractPageWith`.
import * as cheerio from "cheerio";
import {
  addGalleryUrl,
  addProp,
  type Collected,
  type CollectLimits,
  cardAttrName,
  DESCRIPTION_HEADING,
  galleryMark,
  ITEMPROP_ATTR,
  imageUrl,
  isDescriptionClass,
  isImageLink,
  keepDescription,
  MAX_ANCHORS,
  MAX_CAPTURE,
  MAX_CARDS,
  MAX_ITEMS,
  MAX_JSON_ATTR,
  MILEAGE_CLASS,
  MILEAGE_CLASS_EXCLUDE,
  type MicroItem,
  PRICE_CLASS,
  PRICE_CLASS_EXCLUDE,
  type RawAnchor,
  type RawCard,
  type RawScript,
  VIN_CLASS,
} from "../../packages/extract/src/collect";
import { LabelScanner } from "../../packages/extract/src/labels";
import { scanVinTokens } from "../../packages/extract/src/vin-tokens";

// domhandler's node types, taken from cheerio's own (domhandler is cheerio's dependency, not ours)
type DocumentNode = ReturnType<cheerio.CheerioAPI["root"]>[number];
type AnyNode = DocumentNode["children"][number];
type Element = Extract<AnyNode, { attribs: Record<string, string> }>;

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();
const isTag = (n: AnyNode): n is Element => n.type === "tag" || n.type === "script" || n.type === "style";
const HEADING = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
const NOISE = new Set(["form", "textarea", "button", "nav"]);

/** Visible text of a subtree (no script/style), like the streaming capture buffers. */
function visibleText(n: AnyNode): string {
  if (n.type === "text") return (n as unknown as { data: string }).data;
  if (!isTag(n) || n.name === "script" || n.name === "style") return "";
  let s = "";
  for (const c of n.children) s += visibleText(c);
  return s;
}

/** Which parser cheerio builds its DOM with: parse5 (cheerio's default for HTML) or htmlparser2 (`xml: { xmlMode: false }`). */
export type CheerioParser = "parse5" | "htmlparser2";

export function cheerioCollector(parser: CheerioParser): (html: string, limits: CollectLimits) => Collected {
  const options = parser === "htmlparser2" ? { xml: { xmlMode: false, decodeEntities: true } } : undefined;
  return (html, limits) => collectFromDom(cheerio.load(html, options), limits);
}

/** cheerio's default (parse5). */
export function collectWithCheerio(html: string, limits: CollectLimits): Collected {
  return collectFromDom(cheerio.load(html), limits);
}

function collectFromDom($: cheerio.CheerioAPI, limits: CollectLimits): Collected {
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

  // ---- title, h1
  const title = $("title")
    .filter((_, el) => $(el).closest("svg, math").length === 0)
    .first();
  if (title.length) out.title = collapse(title.text()).slice(0, 400);
  $("h1").each((_, el) => {
    const t = collapse(visibleText(el));
    if (t) {
      out.h1 = t.slice(0, 400);
      return false;
    }
  });

  // ---- meta / OpenGraph, link rel, base
  $("meta").each((_, el) => {
    const a = el.attribs;
    const key = (a.property ?? a.name ?? a["http-equiv"] ?? "").toLowerCase().trim();
    const content = a.content;
    if (!key || typeof content !== "string") return;
    if (
      (key === "og:image" || key === "og:image:url" || key === "og:image:secure_url") &&
      out.metaImages.length < 30
    )
      out.metaImages.push(content);
    if (!out.meta.has(key) && out.meta.size < 500) out.meta.set(key, content.slice(0, 2000));
  });
  $("link[href]").each((_, el) => {
    const rel = (el.attribs.rel ?? "").toLowerCase().split(/\s+/);
    const href = el.attribs.href!;
    if (rel.includes("canonical") && out.canonical === null) out.canonical = href;
    if (rel.includes("next") && out.linkNext === null) out.linkNext = href;
  });
  const base = $("base[href]").first();
  if (base.length) out.base = base.attr("href") ?? null;

  // ---- scripts: JSON-LD, JSON islands, inline JS (platform state)
  let scriptTotal = 0;
  $("script").each((_, el) => {
    const type = (el.attribs.type ?? "").toLowerCase().trim();
    const id = el.attribs.id ?? "";
    let kind: RawScript["kind"];
    if (type === "application/ld+json") kind = "ld";
    else if (type === "application/json" || type.endsWith("+json") || id === "__NEXT_DATA__") kind = "json";
    else if (type === "" || type.includes("javascript") || type === "module" || type.includes("ecmascript"))
      kind = "js";
    else return;
    const text = $(el).text();
    const cap = kind === "ld" ? limits.maxJsonLdChars : limits.maxScriptChars;
    if (kind !== "ld" && text.length >= 17) scanVinTokens(text, out.vinTokens);
    if (text.length > cap || scriptTotal + text.length > limits.maxTotalScriptChars) {
      out.warnings.push(
        `a ${kind === "ld" ? "JSON-LD block" : "script"} was larger than the extraction limit and was skipped`,
      );
      return;
    }
    scriptTotal += text.length;
    if (text.trim()) out.scripts.push({ kind, text, id, truncated: false });
  });

  // ---- anchors
  $("a[href]").each((_, el) => {
    const href = el.attribs.href!;
    if (href.length > 4096) return;
    const a: RawAnchor = {
      href,
      rel: (el.attribs.rel ?? "").toLowerCase(),
      text: collapse(visibleText(el)).slice(0, 120),
      cls: `${el.attribs.class ?? ""} ${el.attribs.id ?? ""}`.toLowerCase(),
      label: `${el.attribs["aria-label"] ?? ""} ${el.attribs.title ?? ""}`.trim().toLowerCase(),
    };
    if (href.length >= 17) scanVinTokens(href, out.vinTokens, { href });
    if (out.anchors.length < MAX_ANCHORS) out.anchors.push(a);
  });

  // ---- VIN inputs
  $("input[value]").each((_, el) => {
    const n = `${el.attribs.name ?? ""} ${el.attribs.id ?? ""}`.toLowerCase();
    const v = el.attribs.value!;
    if (v.length === 17 && /(?:^|[\s_-])vin(?:[\s_-]|$|number)/.test(n))
      scanVinTokens(v, out.vinTokens, { labelled: true });
  });

  // ---- price / mileage / VIN elements by class, id or data-qa (innermost first, as their text completes)
  const classHits: { el: Element; kind: "price" | "mileage" | "vin" }[] = [];
  $("[class], [id], [data-qa]").each((_, el) => {
    const c = `${el.attribs.class ?? ""} ${el.attribs.id ?? ""} ${el.attribs["data-qa"] ?? ""}`.toLowerCase();
    if (c.length >= 300) return;
    if (!(c.includes("price") || c.includes("mileage") || c.includes("odometer") || c.includes("vin")))
      return;
    if (PRICE_CLASS.test(c) && !PRICE_CLASS_EXCLUDE.test(c)) classHits.push({ el, kind: "price" });
    else if (MILEAGE_CLASS.test(c) && !MILEAGE_CLASS_EXCLUDE.test(c)) classHits.push({ el, kind: "mileage" });
    else if (VIN_CLASS.test(c)) classHits.push({ el, kind: "vin" });
  });
  const classHitOf = new Map<Element, "price" | "mileage" | "vin">();
  for (const h of classHits) classHitOf.set(h.el, h.kind);
  // (their text is read when the walk below leaves the element: innermost first, after the label hits of
  // their own text, as the streaming pass finishes its captures)
  const finishClassHit = (el: Element, kind: "price" | "mileage" | "vin") => {
    const raw = visibleText(el);
    if (raw.length > MAX_CAPTURE) return;
    const text = collapse(raw);
    if (!text) return;
    if (kind === "price" && text.length <= 80 && out.hits.length < 6000)
      out.hits.push({ field: "price", value: text, source: "heuristic:price-class" });
    else if (kind === "mileage" && text.length <= 60 && out.hits.length < 6000)
      out.hits.push({ field: "mileage", value: text, source: "heuristic:text" });
    else if (kind === "vin") scanVinTokens(text, out.vinTokens, { labelled: true });
  };

  // ---- microdata: every scope and property, each attached to its nearest enclosing scope
  const itemOf = new Map<Element, MicroItem>();
  $("[itemscope], [itemprop]").each((_, el) => {
    const a = el.attribs;
    const names = a.itemprop ? a.itemprop.trim().split(/\s+/).filter(Boolean).slice(0, 5) : [];
    const scopeEl = $(el).parent().closest("[itemscope]")[0] as Element | undefined;
    const parent = scopeEl ? itemOf.get(scopeEl) : undefined;
    if (a.itemscope !== undefined) {
      if (out.items.length >= MAX_ITEMS) return;
      const types = (a.itemtype ?? "")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((t) => t.replace(/\/+$/, "").split(/[/#]/).pop() ?? t)
        .slice(0, 5);
      const item: MicroItem = { types, props: new Map() };
      itemOf.set(el, item);
      if (parent && names.length > 0) addProp(parent, names, item);
      else out.items.push(item);
    } else if (parent && names.length > 0) {
      const attrName = ITEMPROP_ATTR[el.name];
      const fromAttr = a.content ?? (attrName ? a[attrName] : undefined);
      addProp(
        parent,
        names,
        fromAttr !== undefined
          ? fromAttr.slice(0, MAX_CAPTURE)
          : collapse(visibleText(el)).slice(0, MAX_CAPTURE),
      );
    }
  });

  // ---- one walk: text segments (labels, VIN tokens), data-* cards, galleries, description sections
  const labels = new LabelScanner(out.hits);
  const cardStack: RawCard[] = [];
  const galleries: ("in" | "out")[] = [];
  const imageKeys = new Set<string>();
  const linkKeys = new Set<string>();
  let noise = 0;
  let inHeading = 0;
  let inSelect = 0;
  const descBufs: { buf: string }[] = [];
  let after: { owner: Element; buf: string } | null = null;
  const addDesc = (s: string) => {
    if (noise > 0 || inHeading > 0) return;
    for (const d of descBufs) if (d.buf.length < 5000) d.buf += s;
    if (after && after.buf.length < 5000) after.buf += s;
  };
  const finishAfter = () => {
    if (!after) return;
    const t = keepDescription(after.buf);
    after = null;
    if (t && out.descriptions.length < 20) out.descriptions.push(t);
  };
  const segment = (raw: string) => {
    if (inSelect > 0) return;
    if (raw.length >= 17) scanVinTokens(raw, out.vinTokens);
    const text = collapse(raw.length > 600 ? raw.slice(0, 600) : raw);
    if (text) labels.push(text);
  };

  const walk = (n: AnyNode): void => {
    if (n.type === "text") {
      const data = (n as unknown as { data: string }).data;
      segment(data);
      if (descBufs.length > 0 || after) addDesc(data);
      return;
    }
    if (!isTag(n) || n.name === "script" || n.name === "style") return;
    const el = n;
    const a = el.attribs;
    const name = el.name;

    // galleries
    const hint = `${a.class ?? ""} ${a.id ?? ""} ${a["aria-label"] ?? ""}`.toLowerCase();
    const mark = hint.length < 400 ? galleryMark(name, hint) : null;
    const inGallery = galleries.length > 0 && galleries[galleries.length - 1] === "in";
    const outGallery = galleries.includes("out");
    if (name === "img" && !outGallery && (inGallery ? mark !== "out" : mark === "in"))
      addGalleryUrl(out.galleryImages, imageUrl(a), imageKeys);
    else if (name === "a" && inGallery && !outGallery)
      addGalleryUrl(out.galleryLinks, isImageLink(a), linkKeys);

    // cards
    let cardFields: [string, string][] | null = null;
    for (const key in a) {
      if (!key.startsWith("data-")) continue;
      const v = a[key]!;
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
    let opened: RawCard | null = null;
    const top = cardStack[cardStack.length - 1];
    if (cardFields) {
      const vin = cardFields.find(([k]) => k === "vin" || k === "vinnumber")?.[1];
      const opens =
        (vin !== undefined && vin.trim().length === 17 && top?.attrs.vin !== vin.trim()) ||
        new Set(cardFields.map(([k]) => k)).size >= 3;
      if (opens && out.cards.length + cardStack.length < MAX_CARDS) {
        opened = { attrs: {}, href: a.href ?? null };
        for (const [k, v] of cardFields) if (opened.attrs[k] === undefined) opened.attrs[k] = v.slice(0, 500);
      } else if (top) {
        for (const [k, v] of cardFields) if (top.attrs[k] === undefined) top.attrs[k] = v.slice(0, 500);
      }
    }
    if (name === "a" && a.href && a.href.length <= 4096 && top && top.href === null) top.href = a.href;
    if (opened) cardStack.push(opened);

    // description sections and headings
    const isHeading = HEADING.has(name);
    if (isHeading) finishAfter();
    else if (descBufs.length > 0 || after) addDesc(" ");
    const isNoise = NOISE.has(name);
    if (isNoise) noise++;
    const desc =
      noise === 0 && hint.trim() && isDescriptionClass(hint) && descBufs.length < 20 ? { buf: "" } : null;
    if (desc) descBufs.push(desc);
    if (mark && name !== "img") galleries.push(mark);
    if (isHeading) inHeading++;
    if (name === "select") inSelect++;

    for (const c of el.children) walk(c);
    const classHit = classHitOf.get(el);
    if (classHit) finishClassHit(el, classHit);

    if (name === "select") inSelect--;
    if (isHeading) {
      inHeading--;
      if (name !== "h1" && noise === 0) {
        const h = collapse(visibleText(el))
          .slice(0, 200)
          .replace(/[:：]$/, "");
        if (DESCRIPTION_HEADING.test(h)) after = { owner: el.parent as Element, buf: "" };
      }
    } else if (descBufs.length > 0 || after) addDesc(" ");
    if (mark && name !== "img") galleries.pop();
    if (desc) {
      descBufs.pop();
      const t = keepDescription(desc.buf);
      if (t && out.descriptions.length < 20) out.descriptions.push(t);
    }
    if (after && after.owner === el) finishAfter();
    if (isNoise) noise--;
    if (opened) {
      cardStack.pop();
      if (out.cards.length < MAX_CARDS) out.cards.push(opened);
    }
  };
  for (const c of $.root()[0]!.children) walk(c);
  finishAfter();

  return out;
}
