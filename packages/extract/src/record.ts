import type { Money } from "@forecourt/domain";
import {
  asText,
  colorFamily,
  currencyExponent,
  type DistanceUnit,
  knownMake,
  looseKey,
  normalizeCurrency,
  normalizeMake,
  normalizeModel,
  parseBodyStyle,
  parseCondition,
  parseDrivetrain,
  parseFuel,
  parseMileageDetailed,
  parsePriceDetailed,
  parseTransmission,
  parseYear,
} from "@forecourt/normalize";
import { decodeVin } from "@forecourt/vin";
import { decodeHTML } from "entities";
import type { VehicleField } from "./types";

/**
 * A vehicle as one source saw it: for every field, the candidate values with where they came from and how
 * much that source is trusted. Records from several sources are merged later; the highest rank wins.
 */

export type Origin = "json-ld" | "microdata" | "platform" | "meta" | "heuristic";

/** Trust by origin: JSON-LD > microdata > platform markup > OpenGraph/meta > heuristics. */
export const ORIGIN_RANK: Record<Origin, number> = {
  "json-ld": 50,
  microdata: 40,
  platform: 30,
  meta: 20,
  heuristic: 14,
};

/** Ranks of values read out of names and titles ("2019 BMW X5 xDrive40i"), by where the name came from. */
export const NAME_RANK: Record<string, number> = {
  "json-ld:name": 13,
  "microdata:name": 12.5,
  "platform:name": 12,
  "opengraph:title": 11.5,
  "heuristic:h1": 11,
  "heuristic:title": 10.5,
  "opengraph:description": 10,
};

export const HEURISTIC_RANK: Record<string, number> = {
  "heuristic:label": 14,
  "heuristic:price-class": 12,
  "heuristic:text": 11,
  "heuristic:token": 9,
  "heuristic:url": 9,
  "vin-decode": 1,
};

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Below every exact reading: rounded mileages such as "6k miles". */
const APPROXIMATE_PENALTY = 10;

export interface Candidate {
  value: unknown;
  source: string;
  rank: number;
  /** Comparison key: two candidates with the same key agree. */
  key: string;
  /** Said as a warning when this candidate is the one kept ("converted from 38,000 km"). */
  note?: string;
}

export interface NameCandidate {
  text: string;
  source: string;
  rank: number;
}

export interface ExtractContext {
  /** Currency for amounts written without one. */
  currency: string;
  mileageUnit: DistanceUnit;
  now: Date;
  /** Base for resolving relative URLs. */
  base: URL | null;
}

/** Decodes HTML entities left in structured strings ("Dakar &#8211; Saudi") and strips stray tags. */
export function cleanText(v: unknown, max: number): string {
  let s = typeof v === "number" && Number.isFinite(v) ? String(v) : typeof v === "string" ? v : "";
  if (!s) return "";
  if (s.length > max * 4) s = s.slice(0, max * 4);
  if (s.includes("&")) {
    try {
      s = decodeHTML(s);
    } catch {
      // keep as is
    }
  }
  if (s.includes("<")) s = s.replace(/<[^<>]{0,300}>/g, " ");
  return asText(s, max);
}

/** Absolute http(s) URL for `raw` against `base`, or null. Protocol-relative "//cdn…" becomes https. */
export function resolveUrl(raw: unknown, base: URL | null): string | null {
  if (typeof raw !== "string") return null;
  const s = raw.trim();
  if (!s || s.length > 4096 || /^(javascript|data|mailto|tel|blob):/i.test(s)) return null;
  try {
    const u = base ? new URL(s, base) : new URL(s.startsWith("//") ? `https:${s}` : s);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    u.hash = "";
    return u.href;
  } catch {
    return null;
  }
}

export class VehicleRecord {
  readonly fields = new Map<VehicleField, Candidate[]>();
  readonly names: NameCandidate[] = [];
  url: string | null = null;
  readonly warnings: string[] = [];

  constructor(
    readonly origin: Origin,
    readonly ctx: ExtractContext,
  ) {}

  put(field: VehicleField, value: unknown, source: string, rank: number, key: string, note?: string): void {
    const list = this.fields.get(field);
    const c: Candidate =
      note === undefined ? { value, source, rank, key } : { value, source, rank, key, note };
    if (list) {
      if (list.length < 40) list.push(c);
    } else this.fields.set(field, [c]);
  }

  warn(msg: string): void {
    if (this.warnings.length < 50 && !this.warnings.includes(msg)) this.warnings.push(msg);
  }

  best(field: VehicleField): Candidate | null {
    const list = this.fields.get(field);
    if (!list || list.length === 0) return null;
    let b = list[0]!;
    for (const c of list) if (c.rank > b.rank) b = c;
    return b;
  }

  /** The VIN this record is about (its best valid VIN candidate), or null. */
  get vin(): string | null {
    return (this.best("vin")?.value as string | undefined) ?? null;
  }

  absorb(other: VehicleRecord): void {
    for (const [f, list] of other.fields)
      for (const c of list) this.put(f, c.value, c.source, c.rank, c.key, c.note);
    for (const n of other.names) this.nameFrom(n.text, n.source, n.rank);
    if (!this.url && other.url) this.url = other.url;
    for (const w of other.warnings) this.warn(w);
  }

  private structured(): boolean {
    return this.origin !== "heuristic";
  }

  /** A VIN; invalid ones are kept out and reported. `soft` accepts only clean, known-manufacturer VINs silently. */
  vinFrom(raw: unknown, source: string, rank: number, soft = false): boolean {
    const s = asText(raw, 64);
    if (!s) return false;
    const compact = s.replace(/[\s-]/g, "").toUpperCase();
    const d = decodeVin(compact, { now: this.ctx.now });
    if (soft) {
      if (!d.valid || d.checkDigit.ok !== true || d.reasons.some((r) => r.code === "unknown_wmi"))
        return false;
    }
    if (!d.valid) {
      if (/[A-Za-z0-9]{5}/.test(s)) {
        const why = d.reasons
          .filter((r) => r.severity === "error")
          .map((r) => r.code.replace(/_/g, " "))
          .join(", ");
        this.warn(`${source}: VIN ${JSON.stringify(s.slice(0, 40))} rejected (${why || "invalid"})`);
      }
      return false;
    }
    this.put("vin", d.vin, source, rank, d.vin);
    return true;
  }

  yearFrom(raw: unknown, source: string, rank: number): void {
    const y = parseYear(typeof raw === "string" ? raw.slice(0, 60) : raw, { now: this.ctx.now });
    if (y !== null) this.put("year", y, source, rank, String(y));
  }

  makeFrom(raw: unknown, source: string, rank: number): void {
    const s = cleanText(raw, 60);
    if (!s || s.length > 50 || !/[A-Za-z]/.test(s) || /https?:|www\./i.test(s)) return;
    const known = knownMake(s);
    // Page text is noisy ("Make" next to an icon name): heuristics may only name makes we know.
    if (!known && this.origin === "heuristic") return;
    const v = known ?? normalizeMake(s);
    // An unknown "make" is often a dealer or site name put in `brand`: trust it less.
    this.put("make", v, source, known ? rank : rank - 3, looseKey(v));
  }

  modelFrom(raw: unknown, source: string, rank: number): void {
    const s = cleanText(raw, 100);
    if (!s || s.length > 80 || !/[A-Za-z0-9]/.test(s) || /https?:/i.test(s)) return;
    const v = normalizeModel(s);
    this.put("model", v, source, rank, looseKey(v));
  }

  trimFrom(raw: unknown, source: string, rank: number): void {
    const s = cleanText(raw, 140);
    if (!s || s.length > 120 || !/[A-Za-z0-9]/.test(s) || /https?:/i.test(s)) return;
    this.put("trim", s, source, rank, looseKey(s));
  }

  /** A price; `currencyHint` (e.g. JSON-LD priceCurrency) wins over the page's currency. */
  priceFrom(raw: unknown, source: string, rank: number, currencyHint?: unknown): boolean {
    if (raw === null || raw === undefined || raw === "" || typeof raw === "boolean") return false;
    const currency = normalizeCurrency(currencyHint) ?? this.ctx.currency;
    const r = parsePriceDetailed(typeof raw === "string" ? raw.slice(0, 200) : raw, { currency });
    if (!r.price) {
      if (this.structured() && r.reason !== "empty") {
        this.warn(`${source}: price ${JSON.stringify(String(raw).slice(0, 40))} ignored (${r.reason})`);
      }
      return false;
    }
    const p: Money = r.price;
    const major = p.amount / 10 ** currencyExponent(p.currency);
    if (major < 100) {
      if (this.structured())
        this.warn(`${source}: price ${JSON.stringify(String(raw).slice(0, 40))} ignored (implausibly low)`);
      return false;
    }
    this.put("price", p, source, rank, `${p.amount} ${p.currency}`);
    return true;
  }

  mileageFrom(raw: unknown, source: string, rank: number, unitHint?: DistanceUnit): boolean {
    if (raw === null || raw === undefined || raw === "" || typeof raw === "boolean") return false;
    const r = parseMileageDetailed(typeof raw === "string" ? raw.slice(0, 120) : raw, {
      unit: unitHint ?? this.ctx.mileageUnit,
    });
    if (!r) return false;
    let note: string | undefined;
    if (r.converted) note = `mileage converted to miles from ${groupThousands(Math.round(r.value))} km`;
    this.put(
      "mileage",
      r.miles,
      source,
      r.approximate ? rank - APPROXIMATE_PENALTY : rank,
      String(r.miles),
      note,
    );
    return true;
  }

  private enumFrom<T>(
    field: VehicleField,
    parse: (v: unknown) => T | null,
    raw: unknown,
    source: string,
    rank: number,
  ): void {
    if (raw === null || raw === undefined) return;
    const v = parse(typeof raw === "string" ? cleanText(raw, 200) : Array.isArray(raw) ? raw[0] : raw);
    if (v !== null) this.put(field, v, source, rank, String(v));
  }

  bodyFrom(raw: unknown, source: string, rank: number): void {
    this.enumFrom("bodyStyle", parseBodyStyle, raw, source, rank);
  }
  driveFrom(raw: unknown, source: string, rank: number): void {
    this.enumFrom("drivetrain", parseDrivetrain, raw, source, rank);
  }
  transmissionFrom(raw: unknown, source: string, rank: number): void {
    this.enumFrom("transmission", parseTransmission, raw, source, rank);
  }
  fuelFrom(raw: unknown, source: string, rank: number): void {
    this.enumFrom("fuelType", parseFuel, raw, source, rank);
  }
  conditionFrom(raw: unknown, source: string, rank: number): void {
    this.enumFrom("condition", parseCondition, raw, source, rank);
  }

  colorFrom(field: "exteriorColor" | "interiorColor", raw: unknown, source: string, rank: number): void {
    const s = cleanText(raw, 80);
    if (!s || s.length > 60 || !/[A-Za-z]/.test(s) || /https?:/i.test(s)) return;
    // page text next to a "Colour" label must at least name a colour
    if (this.origin === "heuristic" && (colorFamily(s) ?? "other") === "other") return;
    this.put(field, s, source, rank, looseKey(s));
    if (field === "exteriorColor") {
      const fam = colorFamily(s);
      if (fam) this.put("exteriorColorFamily", fam, source, rank, fam);
    }
  }

  engineFrom(raw: unknown, source: string, rank: number): void {
    const s = cleanText(raw, 140);
    if (!s || s.length > 120 || !/[A-Za-z0-9]/.test(s)) return;
    this.put("engine", s, source, rank, looseKey(s));
  }

  stockFrom(raw: unknown, source: string, rank: number): void {
    const s = cleanText(raw, 64);
    if (!s || s.length > 40 || !/[A-Za-z0-9]/.test(s) || /\s{2,}/.test(s)) return;
    this.put("stockNumber", s, source, rank, looseKey(s));
  }

  descriptionFrom(raw: unknown, source: string, rank: number): void {
    const s = cleanText(raw, 5000);
    if (s.length < 3) return;
    this.put("description", s, source, rank, looseKey(s.slice(0, 200)));
  }

  photosFrom(raw: unknown, source: string, rank: number): void {
    const urls: string[] = [];
    const visit = (v: unknown, d: number) => {
      if (urls.length >= 50 || d > 3) return;
      if (typeof v === "string") {
        const u = resolveUrl(v, this.ctx.base);
        if (u && !urls.includes(u)) urls.push(u);
      } else if (Array.isArray(v)) for (const x of v.slice(0, 100)) visit(x, d + 1);
      else if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        visit(o.url ?? o.contentUrl ?? o.src ?? o.href ?? o.uri, d + 1);
      }
    };
    visit(raw, 0);
    if (urls.length > 0) this.put("photos", urls, source, rank, urls.join(" "));
  }

  urlFrom(raw: unknown): void {
    if (this.url) return;
    const u = resolveUrl(
      typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).href : raw,
      this.ctx.base,
    );
    if (u) this.url = u;
  }

  nameFrom(raw: unknown, source: string, rank?: number): void {
    const s = cleanText(raw, 300);
    if (!s || s.length < 4) return;
    if (this.names.some((n) => n.text === s && n.source === source)) return;
    if (this.names.length < 12) this.names.push({ text: s, source, rank: rank ?? NAME_RANK[source] ?? 10 });
  }
}
