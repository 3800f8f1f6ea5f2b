import { decodeVin } from "@forecourt/vin";
import type { Collected } from "./collect";
import { type ExtractContext, HEURISTIC_RANK, ORIGIN_RANK, VehicleRecord } from "./record";
import type { VinTokenMap } from "./vin-tokens";

/** Page-level records: what the OpenGraph/meta tags and the visible-text heuristics say about "the" vehicle. */

const META_FIELD: Record<string, string> = {
  vin: "vin",
  vinnumber: "vin",
  year: "year",
  modelyear: "year",
  make: "make",
  brand: "make",
  model: "model",
  trim: "trim",
  mileage: "mileage",
  odometer: "mileage",
  condition: "condition",
  color: "exteriorColor",
  colour: "exteriorColor",
  bodystyle: "bodyStyle",
  fueltype: "fuelType",
  transmission: "transmission",
  drivetrain: "drivetrain",
};
const META_PREFIXES = new Set([
  "og",
  "product",
  "vehicle",
  "auto",
  "car",
  "item",
  "twitter",
  "dealer",
  "listing",
  "inventory",
]);

export function metaRecord(
  meta: Map<string, string>,
  images: string[],
  ctx: ExtractContext,
): VehicleRecord | null {
  const rec = new VehicleRecord("meta", ctx);
  const R = ORIGIN_RANK.meta;
  const og = "opengraph";
  const price =
    meta.get("product:price:amount") ??
    meta.get("og:price:amount") ??
    meta.get("product:sale_price:amount") ??
    meta.get("vehicle:price");
  const currency =
    meta.get("product:price:currency") ??
    meta.get("og:price:currency") ??
    meta.get("product:sale_price:currency");
  if (price !== undefined) rec.priceFrom(price, og, R, currency);
  const title = meta.get("og:title") ?? meta.get("twitter:title");
  if (title) rec.nameFrom(title, "opengraph:title");
  const desc = meta.get("og:description");
  if (desc) {
    rec.nameFrom(desc, "opengraph:description");
    rec.descriptionFrom(desc, og, R);
  }
  const metaDesc = meta.get("description") ?? meta.get("twitter:description");
  // A page's meta description is often an SEO line ("Used 2010 … for sale in PA"): below og:description.
  if (metaDesc && !desc) rec.descriptionFrom(metaDesc, "meta", R - 4);
  for (const [key, value] of meta) {
    const parts = key.split(/[:.]/);
    const last = (parts[parts.length - 1] ?? "").replace(/[-_]/g, "");
    if (parts.length > 1 && !META_PREFIXES.has(parts[0]!)) continue;
    const field = META_FIELD[last];
    if (!field) continue;
    const src = parts[0] === "og" || parts[0] === "product" || parts[0] === "twitter" ? og : "meta";
    switch (field) {
      case "vin":
        rec.vinFrom(value, src, R);
        break;
      case "year":
        rec.yearFrom(value, src, R);
        break;
      case "make":
        rec.makeFrom(value, src, R);
        break;
      case "model":
        rec.modelFrom(value, src, R);
        break;
      case "trim":
        rec.trimFrom(value, src, R);
        break;
      case "mileage":
        rec.mileageFrom(value, src, R);
        break;
      case "condition":
        rec.conditionFrom(value, src, R);
        break;
      case "exteriorColor":
        rec.colorFrom("exteriorColor", value, src, R);
        break;
      case "bodyStyle":
        rec.bodyFrom(value, src, R);
        break;
      case "fuelType":
        rec.fuelFrom(value, src, R);
        break;
      case "transmission":
        rec.transmissionFrom(value, src, R);
        break;
      case "drivetrain":
        rec.driveFrom(value, src, R);
        break;
    }
  }
  if (images.length > 0) rec.photosFrom(images, og, R);
  const url = meta.get("og:url");
  if (url) rec.urlFrom(url);
  return rec.fields.size > 0 || rec.names.length > 0 ? rec : null;
}

/** Label/value pairs, price and mileage elements, the <title> and the first <h1>. */
export function heuristicRecord(c: Collected, ctx: ExtractContext): VehicleRecord {
  const rec = new VehicleRecord("heuristic", ctx);
  for (const h of c.hits) {
    // A labelled year/make/model/trim ranks below a structured name ("Model: Porsche 992 911 Carrera 4S" is a
    // category link on some sites); labelled price, mileage, VIN and the rest rank above names.
    const identity = h.field === "year" || h.field === "make" || h.field === "model" || h.field === "trim";
    const R = identity && h.source === "heuristic:label" ? 12 : (HEURISTIC_RANK[h.source] ?? 10);
    const s = h.source;
    switch (h.field) {
      case "vin":
        rec.vinFrom(h.value.split(/\s+/)[0], s, R);
        break;
      case "year":
        rec.yearFrom(h.value, s, R);
        break;
      case "make":
        rec.makeFrom(h.value, s, R);
        break;
      case "model":
        rec.modelFrom(h.value, s, R);
        break;
      case "trim":
        rec.trimFrom(h.value, s, R);
        break;
      case "price":
        rec.priceFrom(h.value, s, R);
        break;
      case "mileage":
        rec.mileageFrom(h.value, s, R);
        break;
      case "exteriorColor":
      case "interiorColor":
        rec.colorFrom(h.field, h.value, s, R);
        break;
      case "drivetrain":
        rec.driveFrom(h.value, s, R);
        break;
      case "transmission":
        rec.transmissionFrom(h.value, s, R);
        break;
      case "fuelType":
        rec.fuelFrom(h.value, s, R);
        break;
      case "engine":
        rec.engineFrom(h.value, s, R);
        break;
      case "bodyStyle":
        rec.bodyFrom(h.value, s, R);
        break;
      case "stockNumber":
        rec.stockFrom(h.value, s, R);
        break;
      case "condition":
        rec.conditionFrom(h.value, s, R);
        break;
    }
  }
  // This vehicle's photo gallery: the lightbox links to large images when they cover the gallery, else its images.
  const gallery =
    c.galleryLinks.length > 0 && c.galleryLinks.length * 2 >= c.galleryImages.length
      ? c.galleryLinks
      : c.galleryImages;
  if (gallery.length > 0) rec.photosFrom(gallery, "heuristic:gallery", ORIGIN_RANK.heuristic);
  // The first description section read (innermost first): a "Description" / "Seller's notes" block.
  const description = c.descriptions[0];
  if (description) rec.descriptionFrom(description, "heuristic:section", ORIGIN_RANK.heuristic);
  if (c.h1) rec.nameFrom(c.h1, "heuristic:h1");
  if (c.title) rec.nameFrom(c.title, "heuristic:title");
  return rec;
}

export interface TokenVin {
  vin: string;
  count: number;
  labelled: boolean;
  href: string | null;
  make: string | null;
}

/**
 * VIN-shaped tokens that are real VINs: valid, from a known manufacturer, and either with a correct check
 * digit or (outside North America, where it is optional) seen more than once; a token right after a "VIN"
 * label needs only to be valid and either checkable or from a known manufacturer.
 */
export function acceptTokens(tokens: VinTokenMap, now: Date): TokenVin[] {
  const out: TokenVin[] = [];
  for (const [tok, info] of tokens) {
    const d = decodeVin(tok, { now });
    if (!d.valid) continue;
    const knownWmi = !d.reasons.some((r) => r.code === "unknown_wmi");
    const checkOk = d.checkDigit.ok === true;
    const ok = info.labelled ? knownWmi || checkOk : knownWmi && (checkOk || info.count >= 2);
    if (ok)
      out.push({ vin: d.vin, count: info.count, labelled: info.labelled, href: info.href, make: d.make });
  }
  return out;
}
