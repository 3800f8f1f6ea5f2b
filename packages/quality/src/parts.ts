/** One scorer per part: each reads the vehicle defensively (scraped data lies about its types) and never throws. */

import { decodeVin } from "@forecourt/vin";
import { makesAgree } from "./make";
import { assessPrice } from "./market";
import { COMPLETENESS_FIELDS, DESCRIPTION, FLAG_CATALOG, MARKET, PHOTOS, PLAUSIBILITY, PRICE } from "./rules";
import { finite, piecewise } from "./stats";
import { analyzeDescription } from "./text";
import type {
  DuplicateHint,
  FlagCode,
  FlagSeverity,
  MarketStats,
  PartName,
  PriceAssessment,
  QualityFlag,
  ScorableVehicle,
} from "./types";

export interface PartResult {
  score: number;
  detail: string;
  flags: QualityFlag[];
}

function flag(code: FlagCode, message: string, severity?: FlagSeverity): QualityFlag {
  const info = FLAG_CATALOG[code];
  return { code, severity: severity ?? info.severity, part: info.part as PartName, message };
}

/** Loose view of the vehicle: every field may be anything. */
type Loose = Partial<Record<keyof ScorableVehicle, unknown>>;

const PLACEHOLDER_TEXT =
  /^(?:n\/?a|none|null|nil|undefined|unknown|unspecified|not specified|not available|tbd|tba|-+|\?+|\.+|0|see dealer|call|call for (?:details|info|price))$/i;

function presentText(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const t = value.trim();
  return t !== "" && !PLACEHOLDER_TEXT.test(t);
}

export function validYear(value: unknown): number | null {
  const n = finite(value);
  return n !== null && Number.isInteger(n) ? n : null;
}

function priceAmount(value: unknown): number | null {
  if (typeof value !== "object" || value === null) return null;
  return finite((value as { amount?: unknown }).amount);
}

function mileageOf(v: Loose): number | null {
  return finite(v.mileage);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------- completeness

function fieldPresent(v: Loose, field: string): boolean {
  switch (field) {
    case "year": {
      const y = validYear(v.year);
      return y !== null && y >= PLAUSIBILITY.earliestYear;
    }
    case "price": {
      const a = priceAmount(v.price);
      return a !== null && a > 0;
    }
    case "mileage": {
      const m = mileageOf(v);
      // New vehicles are often listed without an odometer reading.
      return (m !== null && m >= 0) || (v.mileage == null && v.condition === "new");
    }
    case "bodyStyle":
    case "drivetrain":
    case "fuelType":
    case "transmission":
      return typeof v[field] === "string" && (v[field] as string).trim() !== "";
    default:
      return presentText(v[field as keyof Loose]);
  }
}

export function scoreCompleteness(v: Loose): PartResult {
  let total = 0;
  let got = 0;
  const missing: { field: string; label: string; core: boolean }[] = [];
  for (const f of COMPLETENESS_FIELDS) {
    total += f.weight;
    if (fieldPresent(v, f.field)) got += f.weight;
    else missing.push({ field: f.field, label: f.label, core: f.weight > 1 });
  }
  const flags: QualityFlag[] = [];
  const condition = v.condition === "new" || v.condition === "certified" ? v.condition : "used";
  if (missing.some((m) => m.field === "mileage")) {
    flags.push(
      flag("missing_mileage", `Add the odometer reading: shoppers filter ${condition} vehicles by mileage.`),
    );
  }
  // Price has its own flag (missing_price) in the price part.
  const listed = missing.filter((m) => m.field !== "price" && m.field !== "mileage");
  if (listed.length > 0) {
    const core = listed.some((m) => m.core);
    flags.push(
      flag(
        "missing_fields",
        `Missing ${listWords(listed.map((m) => m.label))}; complete listings rank higher in search and filters.`,
        core ? "warning" : "info",
      ),
    );
  }
  const present = COMPLETENESS_FIELDS.length - missing.length;
  return {
    score: got / total,
    detail:
      missing.length === 0
        ? `All ${COMPLETENESS_FIELDS.length} key fields present`
        : `${present} of ${COMPLETENESS_FIELDS.length} key fields present (missing: ${missing.map((m) => m.label).join(", ")})`,
    flags,
  };
}

// ---------------------------------------------------------------------------------------------- photos

const PLACEHOLDER_PHOTO =
  /(?:no[-_ ]?(?:image|photo|pic|picture)s?|coming[-_ ]?soon|placeholder|image[-_ ]?not[-_ ]?available|photo[-_ ]?(?:coming|unavailable)|not[-_ ]?available|default[-_ ]?(?:car|vehicle|image|photo)|awaiting[-_ ]?(?:image|photo))/i;
const MAX_PHOTOS_INSPECTED = 1_000;

export function scorePhotos(v: Loose): PartResult {
  const list = Array.isArray(v.photos) ? (v.photos as unknown[]).slice(0, MAX_PHOTOS_INSPECTED) : [];
  const unique = new Set<string>();
  let placeholders = 0;
  let repeats = 0;
  for (const p of list) {
    if (typeof p !== "string") continue;
    const url = p.trim();
    if (url === "" || url.length > 8_192) continue;
    if (PLACEHOLDER_PHOTO.test(url)) {
      placeholders++;
      continue;
    }
    if (unique.has(url)) repeats++;
    else unique.add(url);
  }
  const n = unique.size;
  const flags: QualityFlag[] = [];
  if (n === 0) {
    flags.push(
      flag("no_photos", "Add photos: listings without photos get very few views. Aim for 15 or more."),
    );
  } else if (n < PHOTOS.few) {
    flags.push(
      flag(
        "few_photos",
        `Only ${plural(n, "photo")}; shoppers expect ${PHOTOS.full}+ (exterior from every side, interior, dashboard, tyres).`,
      ),
    );
  }
  if (placeholders > 0) {
    flags.push(
      flag(
        "placeholder_photos",
        `${plural(placeholders, "photo")} ${placeholders === 1 ? "is a placeholder" : "are placeholders"} ('coming soon' / 'no image'); replace with real photos.`,
      ),
    );
  }
  if (repeats > 0) {
    flags.push(
      flag("repeated_photos", `${plural(repeats, "photo")} repeated in the gallery; each is counted once.`),
    );
  }
  const extra = [
    placeholders > 0 ? `${placeholders} placeholder` : "",
    repeats > 0 ? `${repeats} repeated` : "",
  ].filter((s) => s !== "");
  return {
    score: piecewise(n, PHOTOS.curve),
    detail: `${plural(n, "usable photo")}${extra.length > 0 ? ` (${extra.join(", ")} not counted)` : ""}; full marks from ${PHOTOS.full}`,
    flags,
  };
}

// ---------------------------------------------------------------------------------------------- description

export function scoreDescription(v: Loose): PartResult {
  const raw = typeof v.description === "string" ? v.description : "";
  const a = analyzeDescription(raw);
  if (a.words === 0) {
    return {
      score: 0,
      detail: "No description",
      flags: [
        flag(
          "missing_description",
          "Add a description: condition, history, options and what makes this vehicle worth a visit.",
        ),
      ],
    };
  }
  const flags: QualityFlag[] = [];
  let score = piecewise(a.words, DESCRIPTION.curve);
  const notes: string[] = [plural(a.words, "word")];
  if (a.words < DESCRIPTION.thinWords || a.chars < DESCRIPTION.thinChars) {
    flags.push(
      flag(
        "thin_description",
        `The description has only ${plural(a.words, "word")}; describe condition, history, features and options (60+ words).`,
      ),
    );
  }
  const boilerplate =
    a.boilerplateRatio >= DESCRIPTION.boilerplateRatio ||
    (a.boilerplatePhrases.length >= DESCRIPTION.boilerplateMany &&
      a.boilerplateRatio >= DESCRIPTION.boilerplateRatioWithMany);
  if (a.boilerplatePhrases.length > 0) {
    notes.push(`${Math.round(a.boilerplateRatio * 100)}% stock phrases`);
    score *= 1 - Math.min(1, a.boilerplateRatio) * DESCRIPTION.factors.boilerplateMax;
  }
  if (boilerplate) {
    const shown = a.boilerplatePhrases.slice(0, 4).map((p) => `"${p}"`);
    flags.push(
      flag(
        "boilerplate_description",
        `Mostly stock dealer phrases (${shown.join(", ")}); say something specific about this vehicle.`,
      ),
    );
  }
  const shouting =
    (a.letters >= DESCRIPTION.shoutingMinLetters && a.upperRatio >= DESCRIPTION.shoutingUpperRatio) ||
    a.exclamations >= DESCRIPTION.shoutingExclamations;
  if (shouting) {
    score *= DESCRIPTION.factors.shouting;
    notes.push("shouting");
    flags.push(
      flag(
        "shouting_description",
        a.upperRatio >= DESCRIPTION.shoutingUpperRatio
          ? `${Math.round(a.upperRatio * 100)}% capital letters; write in sentence case, it reads as more trustworthy.`
          : `${a.exclamations} exclamation marks; let the facts sell the vehicle.`,
      ),
    );
  }
  if (a.repeatedSentences > 0) {
    score *= DESCRIPTION.factors.repeated;
    notes.push(`${plural(a.repeatedSentences, "repeated sentence")}`);
    flags.push(
      flag("repeated_sentences", `${plural(a.repeatedSentences, "sentence")} repeated; remove the copies.`),
    );
  }
  if (a.words >= DESCRIPTION.repetitiveMinWords && a.uniqueRatio < DESCRIPTION.repetitiveUniqueRatio) {
    score *= DESCRIPTION.factors.repetitive;
    notes.push(`${Math.round(a.uniqueRatio * 100)}% distinct words`);
    flags.push(
      flag(
        "repetitive_description",
        `Only ${Math.round(a.uniqueRatio * 100)}% of the words are distinct (keyword stuffing?); write for people.`,
      ),
    );
  }
  return { score, detail: notes.join(", "), flags };
}

// ---------------------------------------------------------------------------------------------- VIN

export function scoreVin(v: Loose, now: Date): PartResult {
  const vin = typeof v.vin === "string" ? v.vin : "";
  const d = decodeVin(vin, { now });
  if (!d.valid) {
    const errors = d.reasons.filter((r) => r.severity === "error").map((r) => r.message);
    const shown = d.vin === "" ? "The VIN" : `VIN "${d.vin.length > 24 ? `${d.vin.slice(0, 24)}…` : d.vin}"`;
    return {
      score: 0,
      detail: `Invalid VIN (${d.reasons.map((r) => r.code).join(", ")})`,
      flags: [flag("invalid_vin", `${shown} is invalid: ${errors.join("; ")}.`)],
    };
  }
  const flags: QualityFlag[] = [];
  const notes: string[] = [];
  let score = 1;
  // North-American VIN with a correct check digit: a mismatch means the listing is wrong, not the VIN.
  const confident = d.checkDigit.enforced && d.checkDigit.ok === true;
  if (d.checkDigit.ok === false) {
    score -= 0.2;
    notes.push("check digit wrong (not enforced)");
    flags.push(
      flag(
        "vin_check_digit_mismatch",
        `Check digit (position 9) is '${d.checkDigit.actual}' but should be '${d.checkDigit.expected}'; check the VIN for a typo.`,
      ),
    );
  }
  const year = validYear(v.year);
  if (year !== null && d.modelYear !== null && d.modelYear !== year && Math.abs(d.modelYear - year) !== 30) {
    score -= 0.5;
    notes.push(`VIN year ${d.modelYear} ≠ ${year}`);
    flags.push(
      flag(
        "vin_year_mismatch",
        `The VIN encodes model year ${d.modelYear} but the listing says ${year}; correct whichever is wrong.`,
        confident ? "error" : "warning",
      ),
    );
  }
  const make = typeof v.make === "string" ? v.make.trim() : "";
  if (make !== "" && !makesAgree(make, d.make, d.manufacturer)) {
    score -= 0.5;
    notes.push(`VIN make ${d.make} ≠ ${make}`);
    flags.push(
      flag(
        "vin_make_mismatch",
        `The VIN belongs to a ${d.make}${d.manufacturer && d.manufacturer !== d.make ? ` (${d.manufacturer})` : ""} but the listing says ${make}; correct whichever is wrong.`,
        confident ? "error" : "warning",
      ),
    );
  }
  const decoded = [d.modelYear, d.make ?? d.manufacturer]
    .filter((x) => x !== null && x !== undefined)
    .join(" ");
  return {
    score: Math.max(0, score),
    detail:
      notes.length > 0
        ? `Valid VIN${decoded ? ` (${decoded})` : ""}; ${notes.join("; ")}`
        : `Valid VIN${decoded ? ` (${decoded})` : ""}${d.make === null ? "; make not decodable, not cross-checked" : ", matches the listing"}`,
    flags,
  };
}

// ---------------------------------------------------------------------------------------------- plausibility

const YEAR_MS = 365.2425 * 24 * 3600 * 1000;

export function scorePlausibility(v: Loose, now: Date): PartResult {
  const flags: QualityFlag[] = [];
  const notes: string[] = [];
  let score = 1;
  const nowYear = now.getUTCFullYear();
  const year = validYear(v.year);
  if (year === null || year < PLAUSIBILITY.earliestYear || year > nowYear + 1) {
    score = 0;
    const shown = typeof v.year === "number" || typeof v.year === "string" ? String(v.year) : "missing";
    flags.push(
      flag(
        "year_implausible",
        year !== null && year > nowYear + 1
          ? `Model year ${year} is after next model year (${nowYear + 1}); check the year.`
          : `Model year ${shown.slice(0, 20)} is not a plausible model year; enter the 4-digit year.`,
      ),
    );
    notes.push("implausible year");
  }
  const condition = v.condition;
  const mileage = mileageOf(v);
  const yearOk = year !== null && year >= PLAUSIBILITY.earliestYear && year <= nowYear + 1;
  const ageYears =
    !yearOk || year === null
      ? null
      : Math.max(PLAUSIBILITY.minAgeYears, (now.getTime() - Date.UTC(year - 1, 6, 1)) / YEAR_MS);
  if (mileage !== null) {
    if (mileage < 0 || mileage > PLAUSIBILITY.absurdMileage) {
      score = 0;
      notes.push("absurd mileage");
      flags.push(
        flag(
          "mileage_implausible",
          `Mileage ${Math.round(mileage).toLocaleString("en-US")} is impossible; check the odometer reading.`,
          "error",
        ),
      );
    } else if (ageYears !== null && score > 0) {
      const perYear = mileage / Math.max(1, ageYears);
      if (mileage > PLAUSIBILITY.maxMilesPerYear * Math.max(1, ageYears)) {
        score *= PLAUSIBILITY.factors.high;
        notes.push(`${Math.round(perYear).toLocaleString("en-US")} mi/yr`);
        flags.push(
          flag(
            "mileage_implausible",
            `${Math.round(mileage).toLocaleString("en-US")} miles is about ${Math.round(perYear).toLocaleString("en-US")} a year, over ${PLAUSIBILITY.maxMilesPerYear.toLocaleString("en-US")}; check for a typo or kilometres.`,
          ),
        );
      } else if (
        condition !== "new" &&
        ageYears >= PLAUSIBILITY.minAgeForLow &&
        mileage < PLAUSIBILITY.minMilesPerYear * ageYears
      ) {
        score *= PLAUSIBILITY.factors.low;
        notes.push("implausibly low mileage");
        flags.push(
          flag(
            "mileage_implausible",
            `${Math.round(mileage).toLocaleString("en-US")} miles on a ${Math.floor(ageYears)}-year-old used vehicle is under ${PLAUSIBILITY.minMilesPerYear} a year; a placeholder, or miles in thousands?`,
          ),
        );
      }
    }
    if (
      condition === "new" &&
      mileage > PLAUSIBILITY.newMaxMileage &&
      mileage <= PLAUSIBILITY.absurdMileage
    ) {
      score *= PLAUSIBILITY.factors.newHighMileage;
      notes.push("new with high mileage");
      flags.push(
        flag(
          "condition_mileage_mismatch",
          `Listed as new with ${Math.round(mileage).toLocaleString("en-US")} miles; list it as used, or fix the mileage.`,
        ),
      );
    }
  }
  if (
    condition === "new" &&
    year !== null &&
    year >= PLAUSIBILITY.earliestYear &&
    year < nowYear - PLAUSIBILITY.newMaxAge
  ) {
    score *= PLAUSIBILITY.factors.newOld;
    notes.push("new but old model year");
    flags.push(
      flag(
        "condition_year_mismatch",
        `Listed as new, but model year ${year} is ${nowYear - year} years old; is it used?`,
      ),
    );
  }
  return {
    score,
    detail:
      notes.length === 0
        ? mileage === null
          ? "Year plausible; mileage unknown"
          : "Year and mileage plausible"
        : notes.join(", "),
    flags,
  };
}

// ---------------------------------------------------------------------------------------------- price

export function marketAssessment(
  v: ScorableVehicle,
  market: MarketStats | null | undefined,
  now: Date,
): PriceAssessment | null {
  if (typeof market !== "object" || market === null) return null;
  if ("assessment" in market && typeof market.assessment === "object" && market.assessment !== null) {
    return market.assessment;
  }
  if ("comparables" in market) return assessPrice(v, market.comparables, { now });
  return null;
}

export function scorePrice(v: Loose, market: PriceAssessment | null): PartResult {
  const hasPriceObject = typeof v.price === "object" && v.price !== null;
  const amount = priceAmount(v.price);
  if (!hasPriceObject) {
    const range = market?.expected
      ? ` Comparable vehicles sell for about ${fmt(market.expected.low)}–${fmt(market.expected.high)}.`
      : "";
    return {
      score: 0,
      detail: "No price",
      flags: [
        flag(
          "missing_price",
          `Add an asking price: listings without one are skipped by shoppers filtering on price.${range}`,
        ),
      ],
    };
  }
  if (amount === null || amount < PRICE.minPlausible || amount > PRICE.maxPlausible) {
    const shown = amount === null ? "not a number" : fmt(amount);
    return {
      score: PRICE.scores.implausible,
      detail: `Implausible price (${shown})`,
      flags: [
        flag(
          "price_implausible",
          `Price ${shown} is not a real asking price (placeholder or typo); enter the full price.`,
        ),
      ],
    };
  }
  if (market === null) return { score: 1, detail: `Price ${fmt(amount)}; market not assessed`, flags: [] };
  if (market.rating === null) {
    if (market.reason === "not enough data") {
      return {
        score: 1,
        detail: `Price ${fmt(amount)}; not enough market data (${market.comparables} comparables)`,
        flags: [
          flag(
            "insufficient_market_data",
            `Only ${plural(market.comparables, "comparable vehicle")} on the market (at least ${MARKET.minComparables} needed); no price rating.`,
          ),
        ],
      };
    }
    return {
      score: 1,
      detail: `Price ${fmt(amount)}; no market rating (${market.reason ?? "unknown"})`,
      flags: [],
    };
  }
  const detail = `${market.rating} (${market.differencePct ?? 0}% vs median of ${market.comparables} comparables)`;
  if (market.outlier === "low") {
    return {
      score: PRICE.scores.outlierLow,
      detail,
      flags: [
        flag(
          "price_outlier_low",
          `${market.explanation} A price this low is usually a typo, a down payment or missing fees; check it.`,
        ),
      ],
    };
  }
  if (market.rating === "overpriced") {
    return {
      score: PRICE.scores.overpriced,
      detail,
      flags: [
        flag("price_outlier_high", `${market.explanation} Shoppers sorting by deal rating will pass it by.`),
      ],
    };
  }
  if (market.rating === "high") {
    return { score: PRICE.scores.high, detail, flags: [flag("price_above_market", market.explanation)] };
  }
  return { score: 1, detail, flags: [] };
}

function fmt(minor: number): string {
  return `$${Math.round(minor / 100).toLocaleString("en-US")}`;
}

// ---------------------------------------------------------------------------------------------- duplicates

const DUPLICATE_FACTOR = {
  same_vin: { dealership: 0, other_dealership: 0.8 },
  same_photos: { dealership: 0.3, other_dealership: 0.5 },
  same_description: { dealership: 0.6, other_dealership: 0.9 },
} as const;

export function scoreDuplicates(hints: readonly DuplicateHint[] | null | undefined): PartResult {
  const list = Array.isArray(hints) ? hints : [];
  let score = 1;
  const flags: QualityFlag[] = [];
  const notes: string[] = [];
  for (const h of list) {
    if (typeof h !== "object" || h === null) continue;
    const kind: unknown = h.kind;
    if (kind !== "same_vin" && kind !== "same_photos" && kind !== "same_description") continue;
    const rawIds: unknown = h.vehicleIds;
    const ids = Array.isArray(rawIds)
      ? rawIds.filter((x): x is string => typeof x === "string" && x !== "")
      : [];
    if (ids.length === 0) continue;
    const scope = h.scope === "other_dealership" ? "other_dealership" : "dealership";
    score = Math.min(score, DUPLICATE_FACTOR[kind][scope]);
    const where = scope === "dealership" ? "in this dealership" : "at another dealership";
    const shown = ids.slice(0, 5).join(", ") + (ids.length > 5 ? ` and ${ids.length - 5} more` : "");
    const what =
      kind === "same_vin"
        ? "The same VIN is"
        : kind === "same_photos"
          ? "The same photos are"
          : "The same description is";
    const severity: FlagSeverity =
      kind === "same_description" || (kind === "same_vin" && scope === "other_dealership")
        ? "info"
        : "warning";
    notes.push(`${kind.replace("_", " ")} ${where} (${ids.length})`);
    flags.push(
      flag(
        "possible_duplicate",
        `${what} listed ${where} (${shown}); ${kind === "same_description" ? "write a description for each vehicle" : "remove the duplicate or fix the listing"}.`,
        severity,
      ),
    );
  }
  return { score, detail: notes.length === 0 ? "No duplicates reported" : notes.join("; "), flags };
}
