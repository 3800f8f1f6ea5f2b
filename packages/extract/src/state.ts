import { knownMake } from "@forecourt/normalize";
import { decodeVin } from "@forecourt/vin";
import type { RawCard, RawScript } from "./collect";
import { type ExtractContext, ORIGIN_RANK, VehicleRecord } from "./record";
import { parseJsonLoose } from "./schema";

/**
 * Dealer platforms and marketplaces ship their inventory to the browser as JSON: Next.js `__NEXT_DATA__`,
 * `window.__PRELOADED_STATE__ = {...}`, `<script type="application/json">` data islands, dataLayer pushes,
 * JSON in data-* attributes. Rather than knowing each platform, this finds JSON values in inline scripts
 * (bounded, string-aware brace matching, then JSON.parse) and picks out objects shaped like a vehicle: one
 * with a valid VIN under a VIN-like key, or a known make with a model and a price or mileage.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys compared lower-case with "_" and "-" removed. */
const K = {
  vin: ["vin", "vinnumber", "vehiclevin", "vehicleidentificationnumber", "vincode"],
  year: [
    "year",
    "modelyear",
    "vehicleyear",
    "caryear",
    "yearmodel",
    "vehiclemodeldate",
    "modeldate",
    "productionyear",
  ],
  make: [
    "make",
    "makename",
    "manufacturer",
    "brand",
    "makedisplayname",
    "vehiclemake",
    "carmake",
    "manufacturername",
    "brandname",
  ],
  model: ["model", "modelname", "vehiclemodel", "carmodel", "modeldisplayname", "range"],
  trim: [
    "trim",
    "trimname",
    "trimlevel",
    "vehicletrim",
    "trimdescription",
    "variant",
    "derivative",
    "series",
    "edition",
  ],
  price: [
    "price",
    "saleprice",
    "internetprice",
    "sellingprice",
    "askingprice",
    "ourprice",
    "currentprice",
    "finalprice",
    "displayprice",
    "displayedprice",
    "yourprice",
    "specialprice",
    "retailprice",
    "listprice",
    "cashprice",
    "totalprice",
    "pricevalue",
    "listingprice",
    "advertisedprice",
    "vehicleprice",
    "carprice",
  ],
  msrp: ["msrp", "originalmsrp", "basemsrp"],
  priceContainers: [
    "pricing",
    "pricingdetail",
    "pricedetail",
    "pricedetails",
    "prices",
    "priceinfo",
    "pricinginfo",
    "pricingdata",
  ],
  priceInner: [
    "saleprice",
    "internetprice",
    "sellingprice",
    "finalprice",
    "total",
    "amount",
    "value",
    "price",
    "primary",
    "current",
    "displayprice",
    "askingprice",
    "retailprice",
    "listprice",
    "raw",
  ],
  mileage: [
    "mileage",
    "miles",
    "odometer",
    "odometerreading",
    "mileagevalue",
    "odometervalue",
    "mileagefromodometer",
    "odo",
    "currentmileage",
  ],
  km: ["kilometers", "kilometres", "km", "kms", "odometerkm", "mileagekm"],
  containers: [
    "specifications",
    "specs",
    "vehiclespecs",
    "attributes",
    "details",
    "vehicledetails",
    "info",
    "vehicleinfo",
    "features",
    "summary",
  ],
  currency: ["currency", "pricecurrency", "currencycode"],
  body: ["bodystyle", "bodytype", "body", "bodyshape", "bodystylename"],
  drive: [
    "drivetrain",
    "drivetraindescription",
    "drivetype",
    "drivewheelconfiguration",
    "drive",
    "drivetrainname",
    "driveline",
    "wheeldrive",
  ],
  transmission: [
    "transmission",
    "transmissiontype",
    "transmissiondescription",
    "gearbox",
    "vehicletransmission",
    "transmissionname",
  ],
  fuel: ["fueltype", "fuel", "fueldescription", "fueltypename", "enginefueltype"],
  engine: ["engine", "enginedescription", "enginename", "vehicleengine", "enginesize"],
  extColor: [
    "exteriorcolor",
    "extcolor",
    "exteriorcolour",
    "color",
    "colour",
    "exteriorcolorname",
    "colorexterior",
    "genericcolor",
    "paint",
    "exteriorcolordescription",
    "basecolor",
  ],
  intColor: [
    "interiorcolor",
    "intcolor",
    "interiorcolour",
    "upholstery",
    "interiorcolorname",
    "colorinterior",
  ],
  condition: [
    "condition",
    "stocktype",
    "newused",
    "offering",
    "listingtype",
    "vehiclecondition",
    "itemcondition",
    "inventorytype",
    "saletype",
    "type",
    "newusedcpo",
  ],
  stock: ["stocknumber", "stock", "stockno", "stocknum", "stockid"],
  name: [
    "title",
    "name",
    "heading",
    "advert",
    "listingtitle",
    "vehicletitle",
    "displayname",
    "ymmt",
    "fullname",
    "headline",
  ],
  url: [
    "url",
    "href",
    "vdpurl",
    "detailurl",
    "detailsurl",
    "link",
    "vehicledetailurl",
    "permalink",
    "website",
    "listingurl",
    "vdplink",
    "canonicalurl",
  ],
  photos: ["images", "photos", "photourls", "imageurls", "pictures", "photourllist", "imagelist"],
  photo: ["image", "imageurl", "photo", "photourl", "primaryimage", "thumbnail", "mainimage"],
} as const;

function keyMap(o: Obj): Map<string, unknown> {
  const m = new Map<string, unknown>();
  let n = 0;
  for (const k in o) {
    if (n++ > 400) break;
    const nk = k.toLowerCase().replace(/[-_\s]/g, "");
    if (!m.has(nk)) m.set(nk, o[k]);
  }
  return m;
}

function pick(m: Map<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = m.get(k);
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

/** A display string from a value that may be an object ({name}, {label}, {value}). */
function str(v: unknown, depth = 0): string | number | undefined {
  if (typeof v === "string" || typeof v === "number") return v;
  if (depth < 2 && isObj(v))
    return str(v.name ?? v.label ?? v.value ?? v.displayName ?? v.text ?? v.description, depth + 1);
  if (depth < 2 && Array.isArray(v) && v.length > 0) return str(v[0], depth + 1);
  return undefined;
}

function validVin(v: unknown, now: Date): boolean {
  if (typeof v !== "string" || v.length < 17 || v.length > 20) return false;
  return decodeVin(v.trim(), { now }).valid;
}

function priceOf(m: Map<string, unknown>): { value: unknown; msrp: boolean; currency?: unknown } | null {
  const direct = pick(m, K.price);
  if (direct !== undefined) {
    if (typeof direct === "number" || typeof direct === "string") return { value: direct, msrp: false };
    if (isObj(direct)) {
      const inner = keyMap(direct);
      const v = pick(inner, K.priceInner);
      if (typeof v === "number" || typeof v === "string")
        return { value: v, msrp: false, currency: pick(inner, K.currency) };
    }
  }
  for (const ck of K.priceContainers) {
    const c = m.get(ck);
    if (isObj(c)) {
      const inner = keyMap(c);
      const v = pick(inner, K.priceInner);
      if (typeof v === "number" || typeof v === "string")
        return { value: v, msrp: false, currency: pick(inner, K.currency) };
      const ms = pick(inner, K.msrp);
      if (typeof ms === "number" || typeof ms === "string") return { value: ms, msrp: true };
    }
  }
  const ms = pick(m, K.msrp);
  if (typeof ms === "number" || typeof ms === "string") return { value: ms, msrp: true };
  return null;
}

function mileageOf(m: Map<string, unknown>): { value: unknown; unit?: "mi" | "km" } | null {
  const read = (v: unknown, unit?: "mi" | "km"): { value: unknown; unit?: "mi" | "km" } | null => {
    if (typeof v === "number" || typeof v === "string") return unit ? { value: v, unit } : { value: v };
    if (isObj(v)) {
      const inner = keyMap(v);
      const val = pick(inner, ["value", "amount", "miles", "mileage", "raw", "formatted"]);
      const u = String(pick(inner, ["unit", "unitcode", "label", "unittext", "units"]) ?? "").toLowerCase();
      const un = /^(km|kmt|kilo)/.test(u) ? "km" : /^(mi|smi|mile)/.test(u) ? "mi" : unit;
      if (typeof val === "number" || typeof val === "string")
        return un ? { value: val, unit: un } : { value: val };
    }
    return null;
  };
  const mi = read(pick(m, K.mileage));
  if (mi) return mi;
  const km = read(pick(m, K.km), "km");
  if (km) return km;
  for (const ck of K.containers) {
    const c = m.get(ck);
    if (isObj(c)) {
      const inner = keyMap(c);
      const r = read(pick(inner, K.mileage)) ?? read(pick(inner, K.km), "km");
      if (r) return r;
    }
  }
  return null;
}

const TRIGGER_KEYS = new Set<string>([...K.vin, ...K.make]);

/** Cheap test before building a key map: does any key name a VIN or a make? */
function hasTriggerKey(o: Obj): boolean {
  let n = 0;
  for (const k in o) {
    if (n++ > 400) break;
    const c = k.charCodeAt(0) | 32;
    if (c !== 118 && c !== 109 && c !== 98 && c !== 99) continue; // v m b c
    if (TRIGGER_KEYS.has(k.toLowerCase().replace(/[-_\s]/g, ""))) return true;
  }
  return false;
}

/** A vehicle record from an object, or null when the object does not look like one vehicle. */
export function stateVehicle(o: Obj, ctx: ExtractContext, source: string): VehicleRecord | null {
  if (!hasTriggerKey(o)) return null;
  const m = keyMap(o);
  const vinRaw = pick(m, K.vin);
  const hasVin = validVin(vinRaw, ctx.now);
  const makeRaw = str(pick(m, K.make));
  const modelRaw =
    str(
      m.get("model") ??
        m.get("modelname") ??
        m.get("vehiclemodel") ??
        m.get("carmodel") ??
        m.get("modeldisplayname"),
    ) ?? (typeof makeRaw === "string" && knownMake(makeRaw) ? str(m.get("range")) : undefined);
  const price = priceOf(m);
  const mileage = mileageOf(m);
  if (!hasVin) {
    // Without a VIN: a known make, a model, and a price or an odometer reading.
    if (typeof makeRaw !== "string" || !knownMake(makeRaw)) return null;
    if (modelRaw === undefined || String(modelRaw).length > 80) return null;
    if (!price && !mileage) return null;
  }
  const rec = new VehicleRecord("platform", ctx);
  const R = ORIGIN_RANK.platform;
  if (hasVin) rec.vinFrom(vinRaw, source, R);
  const year = str(pick(m, K.year));
  if (year !== undefined) rec.yearFrom(year, source, R);
  if (makeRaw !== undefined) rec.makeFrom(makeRaw, source, R);
  if (modelRaw !== undefined) rec.modelFrom(modelRaw, source, R);
  const trim = str(pick(m, K.trim));
  if (trim !== undefined && String(trim).length <= 80) rec.trimFrom(trim, source, R);
  const currency = pick(m, K.currency);
  if (price) rec.priceFrom(price.value, source, price.msrp ? R - 5 : R, price.currency ?? currency);
  if (mileage) rec.mileageFrom(mileage.value, source, R, mileage.unit);
  const body = str(pick(m, K.body));
  if (body !== undefined) rec.bodyFrom(body, source, R);
  const drive = str(pick(m, K.drive));
  if (drive !== undefined) rec.driveFrom(drive, source, R);
  const trans = str(pick(m, K.transmission));
  if (trans !== undefined) rec.transmissionFrom(trans, source, R);
  const fuel = str(pick(m, K.fuel));
  if (fuel !== undefined) rec.fuelFrom(fuel, source, R);
  const engine = str(pick(m, K.engine));
  if (engine !== undefined) rec.engineFrom(engine, source, R);
  const ext = str(pick(m, K.extColor));
  if (ext !== undefined) rec.colorFrom("exteriorColor", ext, source, R);
  const int = str(pick(m, K.intColor));
  if (int !== undefined) rec.colorFrom("interiorColor", int, source, R);
  for (const k of K.condition) {
    const v = m.get(k);
    if (typeof v === "string" && v.length <= 40) {
      rec.conditionFrom(v, source, R);
      if (rec.best("condition")) break;
    }
  }
  const isNew = m.get("isnew");
  if (typeof isNew === "boolean" && !rec.best("condition"))
    rec.conditionFrom(isNew ? "new" : "used", source, R);
  const cert = m.get("iscertified") ?? m.get("certified") ?? m.get("cpo");
  if (cert === true) rec.conditionFrom("certified", source, R + 1);
  const stock = str(pick(m, K.stock));
  if (stock !== undefined) rec.stockFrom(stock, source, R);
  const name = str(pick(m, K.name));
  if (typeof name === "string") rec.nameFrom(name, "platform:name");
  const url = pick(m, K.url);
  if (typeof url === "string") rec.urlFrom(url);
  else if (isObj(url)) rec.urlFrom(url.href ?? url.url);
  const photos = pick(m, K.photos);
  if (Array.isArray(photos)) rec.photosFrom(photos, source, R);
  else {
    const p = pick(m, K.photo);
    if (typeof p === "string") rec.photosFrom([p], source, R);
  }
  return rec;
}

/** Keys under which a listing object nests its vehicle. */
const WRAPPED = new Set([
  "vehicle",
  "car",
  "vehicleinfo",
  "vehicledata",
  "vehicle_info",
  "listing",
  "item",
  "product",
  "inventoryitem",
  "unit",
  "auto",
]);

/** Walks a parsed JSON value (bounded) and returns every vehicle-shaped object in it. */
export function stateVehicles(
  root: unknown,
  ctx: ExtractContext,
  source: string,
  budget: { nodes: number },
): VehicleRecord[] {
  const out: VehicleRecord[] = [];
  const handled = new Set<object>();
  const stack: { v: unknown; d: number }[] = [{ v: root, d: 0 }];
  while (stack.length > 0 && budget.nodes > 0 && out.length < 3_000) {
    const { v, d } = stack.pop()!;
    if (d > 48) continue;
    if (Array.isArray(v)) {
      budget.nodes--;
      for (let i = Math.min(v.length, 10_000) - 1; i >= 0; i--) {
        const x = v[i];
        if (typeof x === "object" && x !== null) stack.push({ v: x, d: d + 1 });
      }
      continue;
    }
    if (!isObj(v)) continue;
    budget.nodes--;
    if (handled.has(v)) continue;
    let rec = stateVehicle(v, ctx, source);
    if (!rec) {
      // {"vehicle": {vin, make, model}, "pricing": {...}, "mileage": …}: the listing wraps the vehicle
      for (const k in v) {
        const child = v[k];
        if (!isObj(child) || !WRAPPED.has(k.toLowerCase())) continue;
        rec = stateVehicle({ ...v, ...child }, ctx, source);
        if (rec) {
          handled.add(child);
          break;
        }
      }
    }
    if (rec) out.push(rec);
    const keys = Object.keys(v);
    for (let i = Math.min(keys.length, 2_000) - 1; i >= 0; i--) {
      const child = v[keys[i]!];
      if (typeof child === "object" && child !== null) stack.push({ v: child, d: d + 1 });
    }
  }
  return out;
}

const VEHICLE_KEY_HINT =
  /["']?(?:vin|vehicleIdentificationNumber|make|makeName|manufacturer|mileage|odometer)["']?\s*:/i;

/**
 * From `start` (an opening brace or bracket), the index just past its matching close, skipping strings;
 * -1 when unbalanced or longer than `maxLen`.
 */
export function matchBalanced(s: string, start: number, maxLen: number): number {
  const end = Math.min(s.length, start + maxLen);
  let depth = 0;
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 39 || c === 96) {
      // "…", '…', `…`
      const q = c;
      i++;
      while (i < end) {
        const d = s.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === q) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    }
    i++;
  }
  return -1;
}

/** Object literal written in JavaScript ({vin: 'X', price: 1}) to JSON, for small blobs only. */
function jsToJson(s: string): string {
  return s
    .replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":')
    .replace(/'((?:[^'\\\n]|\\.){0,2000})'/g, (_m, body: string) => JSON.stringify(body.replace(/\\'/g, "'")))
    .replace(/,\s*([}\]])/g, "$1");
}

export interface StateBudget {
  /** Characters the brace matcher may still scan. */
  scan: number;
  /** Parsed-JSON nodes the walker may still visit. */
  nodes: number;
  parsed: number;
}

/** JSON values embedded in one script's text (JSON scripts whole; JavaScript by assignments and JSON.parse). */
export function jsonValuesInScript(sc: RawScript, budget: StateBudget, maxBlob: number): unknown[] {
  const text = sc.text;
  const out: unknown[] = [];
  if (sc.kind === "json") {
    const v = parseJsonLoose(text);
    if (v !== undefined) out.push(v);
    return out;
  }
  if (!VEHICLE_KEY_HINT.test(text)) return out;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    const v = parseJsonLoose(trimmed);
    if (v !== undefined) {
      out.push(v);
      return out;
    }
  }
  let i = 0;
  let candidates = 0;
  // Next occurrence of each marker, refreshed only once the scan has passed it (keeps the loop linear).
  let eq = -2;
  let jp = -2;
  let push = -2;
  const next = (marker: string, cur: number): number =>
    cur === -1 || cur >= i ? cur : text.indexOf(marker, i);
  while (i < text.length && candidates < 2_000 && budget.scan > 0) {
    eq = next("=", eq);
    jp = next("JSON.parse(", jp);
    push = next(".push(", push);
    let at = -1;
    let kind: "eq" | "jp" | "push" = "eq";
    if (eq >= 0) at = eq;
    if (jp >= 0 && (at < 0 || jp < at)) {
      at = jp;
      kind = "jp";
    }
    if (push >= 0 && (at < 0 || push < at)) {
      at = push;
      kind = "push";
    }
    if (at < 0) break;
    if (kind === "jp") {
      let j = at + "JSON.parse(".length;
      while (j < text.length && text.charCodeAt(j) <= 32) j++;
      const q = text[j];
      if (q === '"' || q === "'") {
        let k = j + 1;
        while (k < text.length && k - j < maxBlob) {
          const c = text.charCodeAt(k);
          if (c === 92) k += 2;
          else if (text[k] === q) break;
          else k++;
        }
        budget.scan -= k - j;
        candidates++;
        const lit = text.slice(j, k + 1);
        try {
          const inner =
            q === '"'
              ? (JSON.parse(lit) as string)
              : (JSON.parse(`"${lit.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);
          if (VEHICLE_KEY_HINT.test(inner)) {
            const v = parseJsonLoose(inner);
            if (v !== undefined) out.push(v);
          }
        } catch {
          // not a JSON string literal
        }
        i = k + 1;
        continue;
      }
      i = j;
      continue;
    }
    let j = at + (kind === "push" ? ".push(".length : 1);
    // "==" / "=>" / "<=" are not assignments
    if (kind === "eq") {
      const prev = text.charCodeAt(at - 1);
      const after = text.charCodeAt(at + 1);
      if (after === 61 || after === 62 || prev === 61 || prev === 33 || prev === 60 || prev === 62) {
        i = at + 2;
        continue;
      }
    }
    while (j < text.length && text.charCodeAt(j) <= 32) j++;
    const c = text.charCodeAt(j);
    if (c !== 123 && c !== 91) {
      i = j;
      continue;
    }
    candidates++;
    const end = matchBalanced(text, j, maxBlob);
    if (end < 0) {
      budget.scan -= Math.min(maxBlob, text.length - j);
      i = j + 1;
      continue;
    }
    budget.scan -= end - j;
    const blob = text.slice(j, end);
    if (blob.length >= 20 && VEHICLE_KEY_HINT.test(blob)) {
      let v: unknown;
      try {
        v = JSON.parse(blob);
      } catch {
        if (blob.length <= 200_000) {
          try {
            v = JSON.parse(jsToJson(blob));
          } catch {
            v = undefined;
          }
        }
      }
      if (v !== undefined) {
        budget.parsed++;
        out.push(v);
        i = end;
        continue;
      }
      // did not parse: look inside it for smaller JSON values
      i = j + 1;
      continue;
    }
    i = end;
  }
  return out;
}

/** Vehicles in every script and JSON attribute of the page. */
export function embeddedVehicles(
  scripts: RawScript[],
  jsonAttrs: string[],
  ctx: ExtractContext,
  totalChars: number,
): { records: VehicleRecord[]; warnings: string[] } {
  const budget: StateBudget = { scan: Math.max(2_000_000, totalChars * 3), nodes: 400_000, parsed: 0 };
  const records: VehicleRecord[] = [];
  const warnings: string[] = [];
  for (const sc of scripts) {
    if (sc.kind === "ld") continue;
    for (const v of jsonValuesInScript(sc, budget, 8_000_000)) {
      records.push(...stateVehicles(v, ctx, "platform:json", budget));
    }
    if (budget.scan <= 0 || budget.nodes <= 0) {
      warnings.push("embedded JSON was too large to read in full; some vehicles may be missing");
      break;
    }
  }
  for (const a of jsonAttrs) {
    const v = parseJsonLoose(a);
    if (v !== undefined) records.push(...stateVehicles(v, ctx, "platform:json", budget));
  }
  return { records, warnings };
}

/** A vehicle from an element's data-* attributes (data-vin, data-price, data-make…). */
export function cardVehicle(card: RawCard, ctx: ExtractContext): VehicleRecord | null {
  const a = card.attrs;
  const src = "platform:data-attributes";
  const R = ORIGIN_RANK.platform;
  const rec = new VehicleRecord("platform", ctx);
  const vin = a.vin ?? a.vinnumber;
  if (vin) rec.vinFrom(vin, src, R);
  const year = a.year ?? a.modelyear;
  if (year) rec.yearFrom(year, src, R);
  const make = a.make ?? a.makename;
  if (make) rec.makeFrom(make, src, R);
  const model = a.model ?? a.modelname;
  if (model) rec.modelFrom(model, src, R);
  const trim = a.trim ?? a.trimname ?? a.trimlevel;
  if (trim) rec.trimFrom(trim, src, R);
  for (const k of [
    "saleprice",
    "internetprice",
    "finalprice",
    "sellingprice",
    "askingprice",
    "ourprice",
    "displayedprice",
    "price",
  ]) {
    if (a[k] && rec.priceFrom(a[k], src, R)) break;
  }
  if (a.msrp) rec.priceFrom(a.msrp, src, R - 5);
  const miles = a.mileage ?? a.odometer ?? a.miles;
  if (miles) rec.mileageFrom(miles, src, R);
  const body = a.bodystyle ?? a.bodytype ?? a.body;
  if (body) rec.bodyFrom(body, src, R);
  const ext = a.exteriorcolor ?? a.extcolor ?? a.exteriorcolour ?? a.color ?? a.colour;
  if (ext) rec.colorFrom("exteriorColor", ext, src, R);
  const int = a.interiorcolor ?? a.intcolor;
  if (int) rec.colorFrom("interiorColor", int, src, R);
  const fuel = a.fuel ?? a.fueltype;
  if (fuel) rec.fuelFrom(fuel, src, R);
  const drive = a.drivetrain ?? a.drivetype;
  if (drive) rec.driveFrom(drive, src, R);
  if (a.transmission) rec.transmissionFrom(a.transmission, src, R);
  if (a.engine) rec.engineFrom(a.engine, src, R);
  const stock = a.stocknumber ?? a.stock ?? a.stocknum ?? a.stockno;
  if (stock) rec.stockFrom(stock, src, R);
  const cond = a.condition ?? a.stocktype ?? a.newused;
  if (cond) rec.conditionFrom(cond, src, R);
  rec.urlFrom(a.vdpurl ?? a.detailurl ?? a.url ?? card.href ?? undefined);
  const useful =
    rec.vin !== null ||
    (rec.best("make") !== null && rec.best("model") !== null) ||
    (rec.best("price") !== null && rec.best("year") !== null);
  return useful ? rec : null;
}
