import {
  currencyExponent,
  KM_PER_MILE,
  looseKey,
  MILEAGE_MAX,
  normalizeModel,
  PRICE_MAX_MAJOR,
  YEAR_MIN,
} from "@forecourt/normalize";
import { type NumberInfo, tokenize } from "./tokens";
import type { NlFilters, NlSort, ParsedQuery, ParseOptions, Recognized } from "./types";
import {
  attributeOf,
  buildModelIndex,
  colourOf,
  essentialAttribute,
  FOLLOWERS,
  type ModelEntry,
  makeOf,
  STOP_WORDS,
} from "./vocab";

export const DEFAULT_MAX_CHARS = 2000;
export const MAX_TOKENS = 300;
export const DEFAULT_LOW_MILEAGE = 50_000;
/** A bare amount (no "under") below this is not read as a budget. */
const MIN_BARE_PRICE = 500;

type Bound = "max" | "min" | "around" | "yearMinExclusive" | "yearMin" | "yearMaxExclusive" | "yearMax";

/** Comparison phrases, longest first within each bound. */
const COMPARATORS: [string[], Bound][] = [
  [["no", "more", "than"], "max"],
  [["not", "more", "than"], "max"],
  [["less", "than"], "max"],
  [["less", "then"], "max"],
  [["fewer", "than"], "max"],
  [["lower", "than"], "max"],
  [["cheaper", "than"], "max"],
  [["up", "to"], "max"],
  [["at", "most"], "max"],
  [["max", "of"], "max"],
  [["budget", "of"], "max"],
  [["under"], "max"],
  [["below"], "max"],
  [["beneath"], "max"],
  [["max"], "max"],
  [["maximum"], "max"],
  [["within"], "max"],
  [["<"], "max"],
  [["<="], "max"],
  [["≤"], "max"],
  [["more", "than"], "min"],
  [["greater", "than"], "min"],
  [["at", "least"], "min"],
  [["starting", "at"], "min"],
  [["over"], "min"],
  [["above"], "min"],
  [["min"], "min"],
  [["minimum"], "min"],
  [[">"], "min"],
  [[">="], "min"],
  [["≥"], "min"],
  [["newer", "than"], "yearMinExclusive"],
  [["later", "than"], "yearMinExclusive"],
  [["after"], "yearMinExclusive"],
  [["since"], "yearMin"],
  [["from"], "yearMin"],
  [["older", "than"], "yearMaxExclusive"],
  [["earlier", "than"], "yearMaxExclusive"],
  [["before"], "yearMaxExclusive"],
  [["close", "to"], "around"],
  [["around"], "around"],
  [["about"], "around"],
  [["approximately"], "around"],
  [["approx"], "around"],
  [["roughly"], "around"],
  [["~"], "around"],
];

/** "2018 or newer", "60k miles or less", "$20k and up". */
const POSTFIXES: [string[], "max" | "min" | "yearMax"][] = [
  [["or", "less"], "max"],
  [["or", "under"], "max"],
  [["or", "below"], "max"],
  [["or", "lower"], "max"],
  [["or", "cheaper"], "max"],
  [["or", "fewer"], "max"],
  [["and", "under"], "max"],
  [["and", "below"], "max"],
  [["max"], "max"],
  [["or", "more"], "min"],
  [["or", "newer"], "min"],
  [["or", "later"], "min"],
  [["or", "above"], "min"],
  [["or", "over"], "min"],
  [["and", "up"], "min"],
  [["and", "newer"], "min"],
  [["and", "above"], "min"],
  [["and", "over"], "min"],
  [["plus"], "min"],
  [["+"], "min"],
  [["or", "older"], "yearMax"],
  [["or", "earlier"], "yearMax"],
  [["and", "older"], "yearMax"],
];

const MILE_WORDS = new Set(["mi", "mile", "miles", "mileage", "odometer"]);
const KM_WORDS = new Set(["km", "kms", "kilometer", "kilometers", "kilometre", "kilometres", "klicks"]);
const MONEY_WORDS = new Set([
  "dollars",
  "dollar",
  "bucks",
  "usd",
  "cad",
  "aud",
  "eur",
  "gbp",
  "euros",
  "pounds",
]);
const THOUSAND_WORDS = new Set(["k", "grand", "thousand", "g"]);

const SORT_PHRASES: [string[], NlSort][] = [
  [["lowest", "price"], "price_asc"],
  [["best", "price"], "price_asc"],
  [["low", "price"], "price_asc"],
  [["cheapest"], "price_asc"],
  [["cheap"], "price_asc"],
  [["affordable"], "price_asc"],
  [["inexpensive"], "price_asc"],
  [["bargain"], "price_asc"],
  [["budget"], "price_asc"],
  [["lowest", "mileage"], "mileage_asc"],
  [["least", "miles"], "mileage_asc"],
  [["fewest", "miles"], "mileage_asc"],
  [["newest"], "year_desc"],
  [["latest"], "year_desc"],
];
const LOW_MILES: string[][] = [
  ["low", "miles"],
  ["low", "mileage"],
  ["low", "mi"],
  ["low-mileage"],
  ["low-miles"],
  ["few", "miles"],
];

interface Draft {
  filters: NlFilters;
  recognized: Recognized[];
  sort: NlSort | null;
}

/**
 * Reads structured filters out of a natural-language vehicle query. Pure, never throws, bounded work
 * (input capped at `maxChars`, tokens at 300, phrases at 3 words). Whatever is not read as a filter is
 * returned in `remainder` for similarity search.
 */
export function parseQuery(input: unknown, opts: ParseOptions = {}): ParsedQuery {
  const maxChars = opts.maxChars && opts.maxChars > 0 ? opts.maxChars : DEFAULT_MAX_CHARS;
  const text = typeof input === "string" ? input : "";
  const truncated = text.length > maxChars;
  const bounded = truncated ? text.slice(0, maxChars) : text;
  try {
    return parseBounded(bounded, truncated, opts);
  } catch {
    return {
      filters: {},
      recognized: [],
      sort: null,
      remainder: bounded.replace(/\s+/g, " ").trim().slice(0, 500),
      truncated,
    };
  }
}

function parseBounded(text: string, truncated: boolean, opts: ParseOptions): ParsedQuery {
  const tokens = tokenize(text, MAX_TOKENS);
  const used: boolean[] = tokens.map(() => false);
  const draft: Draft = { filters: {}, recognized: [], sort: null };
  const now = opts.now instanceof Date && !Number.isNaN(opts.now.getTime()) ? opts.now : new Date();
  const maxYear = now.getUTCFullYear() + 1;
  const minorPerMajor = 10 ** currencyExponent((opts.currency ?? "USD").toUpperCase());
  const lowMiles =
    opts.lowMileageMiles && opts.lowMileageMiles > 0 ? opts.lowMileageMiles : DEFAULT_LOW_MILEAGE;
  const modelIndex = opts.models ? buildModelIndex(opts.models) : null;
  const stockedMakes = opts.makes ? new Set(opts.makes.map((m) => looseKey(String(m)))) : null;

  const span = (a: number, b: number) => text.slice(tokens[a]!.start, tokens[b - 1]!.end);
  const take = (a: number, b: number) => {
    for (let k = a; k < b; k++) used[k] = true;
  };
  const words = (a: number, n: number): string[] | null => {
    if (a + n > tokens.length) return null;
    const out: string[] = [];
    for (let k = a; k < a + n; k++) {
      if (used[k]) return null;
      out.push(tokens[k]!.norm);
    }
    return out;
  };
  const matchSeq = (a: number, seq: string[]) => {
    const w = words(a, seq.length);
    return !!w && w.every((x, k) => x === seq[k]);
  };
  const record = (a: number, b: number, field: Recognized["field"], value: Recognized["value"]) => {
    draft.recognized.push({ text: span(a, b), field, value });
    take(a, b);
  };
  const addList = <
    K extends "make" | "model" | "bodyStyle" | "drivetrain" | "fuelType" | "colorFamily" | "condition",
  >(
    field: K,
    values: string[],
  ) => {
    const list = (draft.filters[field] ?? []) as string[];
    for (const v of values) if (!list.includes(v)) list.push(v);
    (draft.filters as Record<string, string[]>)[field] = list;
  };

  const isYear = (n: NumberInfo) =>
    n.integer && !n.money && !n.thousands && !n.grouped && n.value >= YEAR_MIN && n.value <= maxYear;
  const toMinor = (major: number) => Math.round(Math.min(major, PRICE_MAX_MAJOR) * minorPerMajor);
  const toMiles = (value: number, unit: "mi" | "km") =>
    Math.min(MILEAGE_MAX, Math.round(unit === "km" ? value / KM_PER_MILE : value));

  /** A number at `i` with what follows it: "30 k", "$ 20,000", "60,000 miles", "25 grand". */
  const readAmount = (
    i: number,
  ): { num: NumberInfo; unit: "mi" | "km" | "money" | null; end: number } | null => {
    let k = i;
    let money = false;
    if (tokens[k]?.kind === "op" && /^[$€£]$/.test(tokens[k]!.norm) && !used[k]) {
      money = true;
      k++;
    }
    const t = tokens[k];
    if (!t || used[k] || t.kind !== "number" || !t.num) return null;
    let num: NumberInfo = { ...t.num, money: t.num.money || money };
    let unit: "mi" | "km" | "money" | null = t.unit ?? null;
    k++;
    const next = tokens[k];
    if (next && !used[k] && next.kind === "word" && THOUSAND_WORDS.has(next.norm) && !num.thousands) {
      num = { ...num, value: num.value * 1000, thousands: true };
      k++;
    }
    const after = tokens[k];
    if (!unit && after && !used[k] && after.kind === "word") {
      if (MILE_WORDS.has(after.norm)) unit = "mi";
      else if (KM_WORDS.has(after.norm)) unit = "km";
      else if (MONEY_WORDS.has(after.norm)) unit = "money";
      if (unit) k++;
    }
    return { num, unit, end: k };
  };

  const setPrice = (a: number, b: number, bound: "min" | "max" | "around", major: number) => {
    if (!(major > 0) || major > PRICE_MAX_MAJOR) return false;
    if (bound === "around") {
      draft.filters.priceMin = toMinor(major * 0.9);
      draft.filters.priceMax = toMinor(major * 1.1);
      record(a, b, "priceMax", draft.filters.priceMax);
      return true;
    }
    const field = bound === "min" ? "priceMin" : "priceMax";
    draft.filters[field] = toMinor(major);
    record(a, b, field, draft.filters[field]!);
    return true;
  };
  const setYear = (a: number, b: number, field: "yearMin" | "yearMax", year: number) => {
    if (year < YEAR_MIN || year > maxYear) return false;
    draft.filters[field] = year;
    record(a, b, field, year);
    return true;
  };
  const setMileage = (a: number, b: number, miles: number) => {
    if (!(miles >= 0)) return false;
    draft.filters.mileageMax = miles;
    record(a, b, "mileageMax", miles);
    return true;
  };

  /** Decides what a bounded amount is about and records it over tokens [a, end). */
  const applyBound = (
    a: number,
    amount: { num: NumberInfo; unit: "mi" | "km" | "money" | null; end: number },
    bound: Bound,
  ): boolean => {
    const { num, unit, end } = amount;
    if (unit === "mi" || unit === "km") {
      if (bound === "max" || bound === "around") return setMileage(a, end, toMiles(num.value, unit));
      return false;
    }
    const yearBound = bound.startsWith("year");
    if (isYear(num) && unit !== "money") {
      switch (bound) {
        case "yearMinExclusive":
          return setYear(a, end, "yearMin", num.value + 1);
        case "yearMin":
          return setYear(a, end, "yearMin", num.value);
        case "yearMaxExclusive":
          return setYear(a, end, "yearMax", num.value - 1);
        case "yearMax":
          return setYear(a, end, "yearMax", num.value);
        case "max":
          return setYear(a, end, "yearMax", num.value - 1);
        case "min":
          return setYear(a, end, "yearMin", num.value + 1);
        case "around":
          return setYear(a, end, "yearMin", num.value) && setYear(a, end, "yearMax", num.value);
      }
    }
    if (yearBound) {
      // "from $20k" is a price floor; other year words need a year.
      if (bound === "yearMin" && (num.money || num.thousands || unit === "money" || num.grouped))
        return setPrice(a, end, "min", num.value);
      return false;
    }
    if (num.money || num.thousands || num.grouped || unit === "money" || num.value >= 500) {
      return setPrice(a, end, bound as "min" | "max" | "around", num.value);
    }
    return false;
  };

  // Pass 1: numbers with their comparators, ranges and postfixes.
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    // between A and B / from A to B
    if (matchSeq(i, ["between"]) || matchSeq(i, ["from"])) {
      const lo = readAmount(i + 1);
      const joiner = lo ? tokens[lo.end] : undefined;
      if (lo && joiner && !used[lo.end] && ["and", "to", "-", "–"].includes(joiner.norm)) {
        const hi = readAmount(lo.end + 1);
        if (hi && applyRange(i, lo, hi)) continue;
      }
    }
    const t = tokens[i]!;
    if (t.kind === "range" && t.range) {
      const after = tokens[i + 1];
      let unit: "mi" | "km" | "money" | null = null;
      let end = i + 1;
      if (after && !used[i + 1] && after.kind === "word") {
        if (MILE_WORDS.has(after.norm)) unit = "mi";
        else if (KM_WORDS.has(after.norm)) unit = "km";
        else if (MONEY_WORDS.has(after.norm)) unit = "money";
        if (unit) end++;
      }
      const [l, h] = t.range;
      if (applyRange(i, { num: l, unit, end: i + 1 }, { num: h, unit, end })) continue;
    }
    // comparator + amount
    let handled = false;
    for (const [seq, bound] of COMPARATORS) {
      if (!matchSeq(i, seq)) continue;
      let k = i + seq.length;
      if (tokens[k]?.norm === "a" || tokens[k]?.norm === "the") k++;
      const amount = readAmount(k);
      if (amount && applyBound(i, amount, bound)) {
        handled = true;
        break;
      }
    }
    if (handled) continue;
    // amount + postfix / bare amount
    const amount = readAmount(i);
    if (amount) {
      let post: (typeof POSTFIXES)[number] | undefined;
      for (const p of POSTFIXES) if (matchSeq(amount.end, p[0])) post = post ?? p;
      if (post) {
        const end = amount.end + post[0].length;
        const bound: Bound = post[1] === "yearMax" ? "yearMax" : post[1];
        const effective: Bound =
          isYear(amount.num) && amount.unit === null
            ? bound === "max"
              ? "yearMax"
              : bound === "min"
                ? "yearMin"
                : bound
            : bound;
        if (applyBound(i, { ...amount, end }, effective)) continue;
      }
      if (amount.num.plus && isYear(amount.num) && setYear(i, amount.end, "yearMin", amount.num.value))
        continue;
      if (amount.num.plus && applyBound(i, amount, "min")) continue;
      if (amount.unit === "mi" || amount.unit === "km") {
        if (applyBound(i, amount, "max")) continue;
      } else if (isYear(amount.num) && amount.unit === null) {
        const y = amount.num.value;
        const lo = draft.filters.yearMin;
        const hi = draft.filters.yearMax;
        draft.filters.yearMin = lo === undefined ? y : Math.min(lo, y);
        draft.filters.yearMax = hi === undefined ? y : Math.max(hi, y);
        record(i, amount.end, "yearMin", draft.filters.yearMin);
        draft.recognized.push({ text: span(i, amount.end), field: "yearMax", value: draft.filters.yearMax });
      } else if (amount.num.money || amount.num.thousands || amount.num.grouped || amount.unit === "money") {
        // a bare amount is a budget; "$1" is not a plausible one
        if (amount.num.value >= MIN_BARE_PRICE && applyBound(i, amount, "max")) continue;
      }
    }
  }

  function applyRange(
    a: number,
    lo: { num: NumberInfo; unit: "mi" | "km" | "money" | null; end: number },
    hi: { num: NumberInfo; unit: "mi" | "km" | "money" | null; end: number },
  ): boolean {
    let l = lo.num;
    const h = hi.num;
    const unit = hi.unit ?? lo.unit;
    if (unit === "mi" || unit === "km")
      return setMileage(a, hi.end, toMiles(Math.max(l.value, h.value), unit));
    if (isYear(l) && isYear(h) && unit === null) {
      const [y1, y2] = l.value <= h.value ? [l.value, h.value] : [h.value, l.value];
      setYear(a, hi.end, "yearMin", y1);
      draft.recognized.push({ text: span(a, hi.end), field: "yearMax", value: y2 });
      draft.filters.yearMax = y2;
      return true;
    }
    // "20-25k": the suffix belongs to both ends
    if (h.thousands && !l.thousands && l.value < 1000 && l.value * 1000 <= h.value) {
      l = { ...l, value: l.value * 1000, thousands: true };
    }
    const priceLike = (n: NumberInfo) => n.money || n.thousands || n.grouped || n.value >= 500;
    if (unit === "money" || (priceLike(l) && priceLike(h))) {
      const [p1, p2] = l.value <= h.value ? [l.value, h.value] : [h.value, l.value];
      if (!(p1 > 0) || p2 > PRICE_MAX_MAJOR) return false;
      draft.filters.priceMin = toMinor(p1);
      draft.filters.priceMax = toMinor(p2);
      record(a, hi.end, "priceMin", draft.filters.priceMin);
      draft.recognized.push({ text: span(a, hi.end), field: "priceMax", value: draft.filters.priceMax });
      return true;
    }
    return false;
  }

  // Pass 2: phrases (low miles, cheap), multi-word attributes, makes, models, single-word attributes, colours.
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue;
    const low = LOW_MILES.find((seq) => matchSeq(i, seq));
    if (low) {
      if (draft.filters.mileageMax === undefined || draft.filters.mileageMax > lowMiles) {
        draft.filters.mileageMax = lowMiles;
      }
      record(i, i + low.length, "mileageMax", lowMiles);
      continue;
    }
    const sort = SORT_PHRASES.find(([seq]) => matchSeq(i, seq));
    if (sort) {
      draft.sort = draft.sort ?? sort[1];
      record(i, i + sort[0].length, "sort", sort[1]);
      continue;
    }
    // makes (up to 3 words: "Lynk & Co", "Land Rover")
    let matched = false;
    for (let n = 3; n >= 1 && !matched; n--) {
      const w = words(i, n);
      if (!w) continue;
      const make = makeOf(w, tokens[i]!.raw, stockedMakes);
      if (!make) continue;
      addList("make", [make]);
      record(i, i + n, "make", make);
      matched = true;
      // Without a model vocabulary, the word right after a make is its model ("Honda Civic").
      if (!modelIndex) {
        const m = fallbackModel(i + n);
        if (m) {
          addList("model", [m.model]);
          record(i + n, m.end, "model", m.model);
        }
      }
    }
    if (matched) continue;
    // models from the dealership's stock
    if (modelIndex) {
      for (let n = 3; n >= 1 && !matched; n--) {
        const w = words(i, n);
        if (!w) continue;
        const entry: ModelEntry | undefined = modelIndex.get(looseKey(w.join("")));
        if (!entry) continue;
        if (entry.needsMake && !(i > 0 && used[i - 1] && draft.recognized.at(-1)?.field === "make")) continue;
        if (n === 1 && tokens[i]!.kind === "number" && !entry.needsMake) continue;
        addList("model", entry.models);
        record(i, i + n, "model", entry.models.length === 1 ? entry.models[0]! : entry.models);
        matched = true;
      }
      if (matched) continue;
    }
    // body, drivetrain, fuel, condition: the longest phrase whose every word belongs to it
    for (let n = 3; n >= 1 && !matched; n--) {
      const w = words(i, n);
      if (!w || tokens[i]!.kind === "number") continue;
      const attr = essentialAttribute(w);
      if (!attr) continue;
      if (attr.field === "condition" && (attr.value === "used" || attr.value === "certified")) {
        const values = attr.value === "used" ? ["used", "certified"] : ["certified"];
        addList("condition", values);
        record(i, i + n, "condition", values);
      } else {
        addList(attr.field, [attr.value]);
        record(i, i + n, attr.field, attr.value);
      }
      matched = true;
    }
    if (matched) continue;
    const t = tokens[i]!;
    if (t.kind === "word") {
      const colour = colourOf(t.norm, tokens[i + 1]?.norm);
      if (colour) {
        addList("colorFamily", [colour]);
        record(i, i + 1, "colorFamily", colour);
      }
    }
  }

  function fallbackModel(k: number): { model: string; end: number } | null {
    const t = tokens[k];
    if (!t || used[k] || t.kind !== "word") return null;
    if (
      STOP_WORDS.has(t.norm) ||
      FOLLOWERS.has(t.norm) ||
      attributeOf(t.norm) ||
      essentialAttribute([t.norm])
    )
      return null;
    if (COMPARATORS.some(([seq]) => seq[0] === t.norm) || SORT_PHRASES.some(([seq]) => seq[0] === t.norm))
      return null;
    if (colourOf(t.norm, tokens[k + 1]?.norm) || LOW_MILES.some((s) => s[0] === t.norm)) return null;
    if (makeOf([t.norm], t.raw, stockedMakes)) return null;
    if (t.raw.length > 30) return null;
    let end = k + 1;
    let raw = t.raw;
    const next = tokens[k + 1];
    const glue =
      next &&
      !used[k + 1] &&
      /\d/.test(next.raw) &&
      next.kind !== "range" &&
      next.raw.length <= 8 &&
      !attributeOf(next.norm) &&
      !(next.num && (isYear(next.num) || next.num.money || next.num.thousands || next.unit));
    if (glue) {
      raw = `${raw} ${next.raw}`;
      end++;
    }
    return { model: normalizeModel(raw), end };
  }

  // Words that belong to the filter before them ("all wheel drive", "4x4 truck" after "pickup").
  for (let i = 1; i < tokens.length; i++) {
    if (!used[i] && used[i - 1] && FOLLOWERS.has(tokens[i]!.norm)) used[i] = true;
  }

  const f = draft.filters;
  if (f.priceMin !== undefined && f.priceMax !== undefined && f.priceMin > f.priceMax)
    [f.priceMin, f.priceMax] = [f.priceMax, f.priceMin];
  if (f.yearMin !== undefined && f.yearMax !== undefined && f.yearMin > f.yearMax)
    [f.yearMin, f.yearMax] = [f.yearMax, f.yearMin];

  const remainder = tokens
    .filter((t, k) => !used[k] && (t.kind === "word" || t.kind === "number") && !STOP_WORDS.has(t.norm))
    .map((t) => t.raw)
    .join(" ")
    .slice(0, 500);
  return { filters: f, recognized: draft.recognized, remainder, sort: draft.sort, truncated };
}
