import { knownMake, parseVehicleTitle } from "@forecourt/normalize";
import type { MicroItem } from "./collect";
import { type ExtractContext, ORIGIN_RANK, VehicleRecord } from "./record";

/**
 * schema.org vehicles in JSON-LD and microdata: Vehicle/Car (and Product when it describes a vehicle), with
 * their Offer/AggregateOffer, reached through arrays, @graph, ItemList/ListItem, Offer.itemOffered and any
 * other nesting. Lenient about shapes (strings or objects for brand/model/engine, numbers or
 * QuantitativeValue for mileage) and strict about values (every value goes through the normalisers).
 */

type Node = Record<string, unknown>;

const VEHICLE_TYPES = new Set([
  "vehicle",
  "car",
  "motorcycle",
  "motorizedbicycle",
  "busorcoach",
  "truck",
  "automobile",
  "usedcar",
  "newcar",
]);
const PRODUCT_TYPES = new Set([
  "product",
  "individualproduct",
  "someproducts",
  "productmodel",
  "productgroup",
]);
const OFFER_TYPES = new Set(["offer", "aggregateoffer"]);
/** Branches that never hold the listed vehicles. */
const SKIP_KEYS = new Set([
  "publisher",
  "author",
  "seller",
  "provider",
  "creator",
  "breadcrumb",
  "potentialAction",
  "review",
  "reviews",
  "aggregateRating",
  "address",
  "geo",
  "logo",
  "brand",
  "manufacturer",
  "contactPoint",
  "openingHoursSpecification",
  "image",
  "photo",
  "sameAs",
  "@context",
  "hasMap",
  "areaServed",
  "department",
  "parentOrganization",
]);
const VEHICLE_PROPS = [
  "vehicleIdentificationNumber",
  "mileageFromOdometer",
  "vehicleModelDate",
  "vehicleEngine",
  "vehicleTransmission",
  "driveWheelConfiguration",
  "bodyType",
  "vehicleConfiguration",
  "numberOfPreviousOwners",
  "vehicleInteriorColor",
  "dateVehicleFirstRegistered",
  "fuelType",
];

function isObj(v: unknown): v is Node {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function typesOf(node: Node): Set<string> {
  const t = node["@type"] ?? node.type;
  const out = new Set<string>();
  const add = (x: unknown) => {
    if (typeof x === "string") out.add((x.split(/[/#:]/).pop() ?? x).toLowerCase());
  };
  if (Array.isArray(t)) t.slice(0, 10).forEach(add);
  else add(t);
  return out;
}

/** The text of a schema.org value: a string/number, or the name/@value/value of an object, or the first of a list. */
export function textOf(v: unknown, depth = 0): string | number | undefined {
  if (depth > 4 || v === null || v === undefined) return undefined;
  if (typeof v === "string" || typeof v === "number") return v;
  if (Array.isArray(v)) {
    for (const x of v.slice(0, 5)) {
      const t = textOf(x, depth + 1);
      if (t !== undefined && t !== "") return t;
    }
    return undefined;
  }
  if (isObj(v)) return textOf(v.name ?? v["@value"] ?? v.value ?? v.label ?? v.text, depth + 1);
  return undefined;
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function isVehicleLike(node: Node, types: Set<string>): boolean {
  for (const t of types) if (VEHICLE_TYPES.has(t)) return true;
  let product = false;
  for (const t of types) if (PRODUCT_TYPES.has(t)) product = true;
  if (!product && types.size > 0) return false;
  if (VEHICLE_PROPS.some((p) => node[p] !== undefined)) return true;
  const brand = textOf(node.brand) ?? textOf(node.manufacturer);
  if (typeof brand === "string" && knownMake(brand) && textOf(node.model) !== undefined) return true;
  const name = textOf(node.name);
  if (typeof name === "string") {
    const t = parseVehicleTitle(name);
    if (t.make && t.year) return true;
  }
  return false;
}

function mileageUnit(q: Node): "mi" | "km" | undefined {
  const code = String(q.unitCode ?? q.unitText ?? q.unit ?? "").toLowerCase();
  if (!code) return undefined;
  if (/^(kmt|km|kms|kilomet)/.test(code)) return "km";
  if (/^(smi|mi|mile|mil)/.test(code)) return "mi";
  return undefined;
}

/** One vehicle from a schema.org node, with its offers (or the offer that wraps it). */
export function schemaVehicle(
  node: Node,
  origin: "json-ld" | "microdata",
  ctx: ExtractContext,
  wrapper?: Node,
  deref: (v: unknown) => unknown = (v) => v,
): VehicleRecord {
  const rec = new VehicleRecord(origin, ctx);
  const src = origin;
  const R = ORIGIN_RANK[origin];

  const vinRaw = textOf(node.vehicleIdentificationNumber) ?? textOf(node.vin) ?? textOf(node.VIN);
  if (vinRaw !== undefined) rec.vinFrom(vinRaw, src, R);
  if (!rec.vin) {
    // Many dealer platforms put the VIN in sku/productID/serialNumber: accept only a clean, checkable VIN.
    for (const k of ["sku", "productID", "serialNumber", "mpn", "identifier", "@id"]) {
      const v = textOf(node[k]);
      if (typeof v === "string" && v.trim().length === 17 && rec.vinFrom(v, src, R, true)) break;
    }
  }

  for (const k of ["vehicleModelDate", "modelDate", "productionDate", "releaseDate", "year", "modelYear"]) {
    const v = textOf(node[k]);
    if (v !== undefined) rec.yearFrom(v, src, R);
  }
  const firstReg = textOf(node.dateVehicleFirstRegistered);
  if (firstReg !== undefined) rec.yearFrom(firstReg, src, R - 10);

  for (const k of ["brand", "manufacturer", "make"]) {
    const v = textOf(node[k]);
    if (v !== undefined) rec.makeFrom(v, src, R);
  }
  const model = textOf(node.model);
  if (model !== undefined) rec.modelFrom(model, src, R);
  for (const k of ["vehicleConfiguration", "trim", "vehicleTrim", "trimLevel"]) {
    const v = textOf(node[k]);
    if (v !== undefined) rec.trimFrom(v, src, R);
  }
  const name = textOf(node.name);
  if (name !== undefined) rec.nameFrom(name, `${src}:name`);

  // offers: on the node, or the Offer wrapping it
  const offers: Node[] = [];
  const addOffers = (raw: unknown) => {
    const v = deref(raw);
    if (Array.isArray(v)) for (const x of v.slice(0, 20)) addOffers(x);
    else if (isObj(v)) {
      offers.push(v);
      if (v.offers !== undefined && v !== node) addOffers(v.offers); // AggregateOffer.offers
    }
  };
  if (wrapper) addOffers(wrapper);
  addOffers(node.offers);
  let priced = false;
  for (const o of offers) {
    const spec = isObj(first(o.priceSpecification)) ? (first(o.priceSpecification) as Node) : undefined;
    const currency = textOf(o.priceCurrency) ?? textOf(spec?.priceCurrency);
    let price = textOf(o.price) ?? textOf(spec?.price);
    if (price === undefined && o.lowPrice !== undefined) {
      const low = textOf(o.lowPrice);
      const high = textOf(o.highPrice);
      if (high === undefined || String(high) === String(low)) price = low;
      else rec.warn(`${src}: a price range (${String(low)} to ${String(high)}) is not a price`);
    }
    if (!priced && price !== undefined) priced = rec.priceFrom(price, src, R, currency);
    if (o.itemCondition !== undefined) rec.conditionFrom(textOf(o.itemCondition), src, R);
    rec.urlFrom(textOf(o.url));
  }
  if (!priced && node.price !== undefined)
    rec.priceFrom(textOf(node.price), src, R, textOf(node.priceCurrency));

  const odo = first(node.mileageFromOdometer);
  if (isObj(odo)) {
    const v = textOf(odo.value ?? odo["@value"] ?? odo.name);
    if (v !== undefined) rec.mileageFrom(v, src, R, mileageUnit(odo));
  } else if (odo !== undefined) rec.mileageFrom(textOf(odo), src, R);

  if (node.itemCondition !== undefined) rec.conditionFrom(textOf(node.itemCondition), src, R);
  if (node.bodyType !== undefined) rec.bodyFrom(textOf(node.bodyType), src, R);
  if (node.driveWheelConfiguration !== undefined) rec.driveFrom(textOf(node.driveWheelConfiguration), src, R);
  if (node.vehicleTransmission !== undefined) rec.transmissionFrom(textOf(node.vehicleTransmission), src, R);
  const engine = first(node.vehicleEngine);
  if (node.fuelType !== undefined) rec.fuelFrom(textOf(node.fuelType), src, R);
  if (isObj(engine)) {
    if (engine.fuelType !== undefined) rec.fuelFrom(textOf(engine.fuelType), src, R);
    const e = textOf(engine.name ?? engine.engineType ?? engine.description);
    if (e !== undefined) rec.engineFrom(e, src, R);
  } else if (engine !== undefined) rec.engineFrom(textOf(engine), src, R);
  if (node.color !== undefined) rec.colorFrom("exteriorColor", textOf(node.color), src, R);
  if (node.vehicleInteriorColor !== undefined)
    rec.colorFrom("interiorColor", textOf(node.vehicleInteriorColor), src, R);
  if (node.image !== undefined) rec.photosFrom(node.image, src, R);
  if (node.description !== undefined) rec.descriptionFrom(textOf(node.description), src, R);
  rec.urlFrom(textOf(node.url));
  return rec;
}

/**
 * Every vehicle in a parsed schema.org document. Iterative and bounded: at most `budget` nodes are visited,
 * so a hostile, deeply nested or enormous block costs little.
 */
export function schemaVehicles(
  root: unknown,
  origin: "json-ld" | "microdata",
  ctx: ExtractContext,
  budget = 20_000,
): VehicleRecord[] {
  const out: VehicleRecord[] = [];
  // @id references: {"@graph": [{"@type": "Car", "@id": "#car"}, {"@type": "Offer", "itemOffered": {"@id": "#car"}}]}
  const { byId, offerFor } = indexIds(root, budget);
  const deref = (v: unknown): unknown =>
    isObj(v) && typeof v["@id"] === "string" && Object.keys(v).length === 1 ? (byId.get(v["@id"]) ?? v) : v;
  const stack: { v: unknown; d: number }[] = [{ v: root, d: 0 }];
  const seen = new Set<object>();
  let visited = 0;
  while (stack.length > 0 && visited < budget && out.length < 2_000) {
    const { v, d } = stack.pop()!;
    if (d > 40) continue;
    if (Array.isArray(v)) {
      for (let i = Math.min(v.length, 5_000) - 1; i >= 0; i--) stack.push({ v: v[i], d: d + 1 });
      continue;
    }
    if (!isObj(v) || seen.has(v)) continue;
    seen.add(v);
    visited++;
    const types = typesOf(v);
    let isOffer = false;
    for (const t of types) if (OFFER_TYPES.has(t)) isOffer = true;
    if (isOffer && v.itemOffered !== undefined) {
      const items = Array.isArray(v.itemOffered) ? v.itemOffered : [v.itemOffered];
      let handled = false;
      for (const raw of items.slice(0, 50)) {
        const it = deref(raw);
        if (!isObj(it) || !isVehicleLike(it, typesOf(it))) continue;
        handled = true;
        // A vehicle given by reference is read where it is defined, with this offer (see offerFor).
        if (it !== raw || seen.has(it)) continue;
        seen.add(it);
        out.push(schemaVehicle(it, origin, ctx, v, deref));
      }
      if (handled) continue;
    }
    if (
      !isOffer &&
      isVehicleLike(v, types) &&
      (types.size > 0 || v.vehicleIdentificationNumber !== undefined)
    ) {
      const id = typeof v["@id"] === "string" ? v["@id"] : null;
      out.push(schemaVehicle(v, origin, ctx, id ? offerFor.get(id) : undefined, deref));
      continue;
    }
    const keys = Object.keys(v);
    for (let i = Math.min(keys.length, 500) - 1; i >= 0; i--) {
      const k = keys[i]!;
      if (SKIP_KEYS.has(k)) continue;
      const child = v[k];
      if (typeof child === "object" && child !== null) stack.push({ v: child, d: d + 1 });
    }
  }
  return out;
}

/** Nodes by "@id", and for each vehicle id the Offer that points at it through itemOffered. */
function indexIds(root: unknown, budget: number): { byId: Map<string, Node>; offerFor: Map<string, Node> } {
  const byId = new Map<string, Node>();
  const offerFor = new Map<string, Node>();
  const stack: unknown[] = [root];
  let n = 0;
  while (stack.length > 0 && n++ < budget) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v.slice(0, 5_000)) if (typeof x === "object" && x !== null) stack.push(x);
      continue;
    }
    if (!isObj(v)) continue;
    const id = v["@id"];
    if (typeof id === "string" && Object.keys(v).length > 1 && !byId.has(id)) byId.set(id, v);
    const io = v.itemOffered;
    if (isObj(io) && typeof io["@id"] === "string" && !offerFor.has(io["@id"])) offerFor.set(io["@id"], v);
    for (const k in v) {
      const c = v[k];
      if (typeof c === "object" && c !== null) stack.push(c);
    }
  }
  return { byId, offerFor };
}

/** A microdata item as a JSON-LD-like object, so one mapper serves both. */
export function microItemToNode(item: MicroItem, depth = 0): Node {
  const node: Node = { "@type": item.types };
  if (depth > 12) return node;
  for (const [k, values] of item.props) {
    const conv = values.map((v) => (typeof v === "string" ? v : microItemToNode(v, depth + 1)));
    node[k] = conv.length === 1 ? conv[0] : conv;
  }
  return node;
}

/**
 * JSON.parse with the repairs real pages need: HTML comments and CDATA wrappers around the block, raw control
 * characters inside strings, trailing commas. Returns undefined when the text still does not parse.
 */
export function parseJsonLoose(text: string): unknown {
  let t = text.trim();
  if (!t) return undefined;
  t = t
    .replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)\s*/, "")
    .replace(/\s*(?:-->|\/\/\s*\]\]>|\]\]>)$/, "")
    .replace(/;\s*$/, "")
    .trim();
  try {
    return JSON.parse(t);
  } catch {
    // fall through to repairs
  }
  if (t.includes("&quot;") || t.startsWith("{&")) {
    // some sites HTML-escape the whole block
    const decoded = t
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
    try {
      return JSON.parse(decoded);
    } catch {
      t = decoded;
    }
  }
  try {
    // raw control characters (a newline inside a string is the usual one) become spaces
    // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing raw control characters is the point
    const fixed = t.replace(/[\u0000-\u001f]+/g, " ");
    try {
      return JSON.parse(fixed);
    } catch {
      return JSON.parse(fixed.replace(/,\s*([}\]])/g, "$1"));
    }
  } catch {
    return undefined;
  }
}
