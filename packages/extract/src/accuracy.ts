import { currencyExponent, looseKey, makeKey } from "@forecourt/normalize";
import { decodeVin } from "@forecourt/vin";
import { extractPage } from "./extract";
import type { ExtractOptions, ExtractResult, PageKind } from "./types";

/**
 * Field-level accuracy of extraction over pages with known truth (the saved real pages, or any other set):
 * per field over detail pages (the page's own vehicle, i.e. the first one extracted), VIN recall and precision
 * over listing pages, and false vehicles on pages that have none. Pure: callers load the pages (Node's fs in
 * tests and benchmarks), so this runs anywhere.
 */

export const ACCURACY_FIELDS = ["vin", "year", "make", "model", "trim", "price", "mileage"] as const;
export type AccuracyField = (typeof ACCURACY_FIELDS)[number];

/** Hand-read truth for a detail page; null where the page does not say (e.g. a UK page without a VIN). */
export interface DetailTruth {
  vin: string | null;
  year: number | null;
  make: string | null;
  model: string | null;
  trim: string | null;
  /** Major units (e.g. 24000 for $24,000). */
  price: number | null;
  mileage: number | null;
  currency: string | null;
}

export interface AccuracyPage {
  file: string;
  kind: PageKind;
  html: string;
  pageUrl: string;
  /** Detail pages. */
  truth?: DetailTruth;
  /** Listing pages: the valid VINs in the page (see `listingTruthVins`). */
  truthVins?: string[];
}

export interface FieldScore {
  correct: number;
  total: number;
  accuracy: number;
}

export interface DetailPageResult {
  file: string;
  fields: Partial<
    Record<AccuracyField, { expected: unknown; got: unknown; source: string | null; ok: boolean }>
  >;
  /** A VIN was reported on a page whose truth has none. */
  falseVin: string | null;
}

export interface ListingPageResult {
  file: string;
  truth: number;
  found: number;
  truePositives: number;
  missed: string[];
  extra: string[];
}

export interface AccuracyReport {
  detail: { pages: number; fields: Record<AccuracyField, FieldScore>; perPage: DetailPageResult[] };
  listing: {
    pages: number;
    truthVins: number;
    foundVins: number;
    truePositives: number;
    recall: number;
    precision: number;
    perPage: ListingPageResult[];
  };
  other: { pages: number; falseVehicles: number; perPage: { file: string; vehicles: number }[] };
  pageKind: {
    correct: number;
    total: number;
    mismatches: { file: string; expected: PageKind; got: PageKind }[];
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

/**
 * The truth for a listing page: every 17-character token in the raw HTML that is a valid VIN from a known
 * manufacturer with a correct check digit. Independent of the extractor (a plain regular-expression scan).
 */
export function listingTruthVins(html: string): string[] {
  const out = new Set<string>();
  const re = /(?<![A-Za-z0-9])[A-HJ-NPR-Za-hj-npr-z0-9]{17}(?![A-Za-z0-9])/g;
  let n = 0;
  for (const m of html.matchAll(re)) {
    if (n++ >= 100_000) break;
    const v = m[0].toUpperCase();
    if (out.has(v)) continue;
    const d = decodeVin(v);
    if (d.valid && d.checkDigit.ok === true && !d.reasons.some((r) => r.code === "unknown_wmi")) out.add(v);
  }
  return [...out];
}

function compare(
  field: AccuracyField,
  truth: DetailTruth,
  v: Record<string, unknown>,
): { expected: unknown; got: unknown; ok: boolean } | null {
  switch (field) {
    case "vin":
      return truth.vin
        ? { expected: truth.vin, got: v.vin ?? null, ok: v.vin === truth.vin.toUpperCase() }
        : null;
    case "year":
      return truth.year !== null
        ? { expected: truth.year, got: v.year ?? null, ok: v.year === truth.year }
        : null;
    case "make":
      return truth.make
        ? {
            expected: truth.make,
            got: v.make ?? null,
            ok: typeof v.make === "string" && makeKey(v.make) === makeKey(truth.make),
          }
        : null;
    case "model":
      return truth.model
        ? {
            expected: truth.model,
            got: v.model ?? null,
            ok: typeof v.model === "string" && looseKey(v.model) === looseKey(truth.model),
          }
        : null;
    case "trim":
      return truth.trim
        ? {
            expected: truth.trim,
            got: v.trim ?? null,
            ok: typeof v.trim === "string" && looseKey(v.trim) === looseKey(truth.trim),
          }
        : null;
    case "price": {
      if (truth.price === null) return null;
      const p = v.price as { amount: number; currency: string } | undefined;
      const cur = truth.currency ?? p?.currency ?? "USD";
      const want = Math.round(truth.price * 10 ** currencyExponent(cur));
      return {
        expected: `${truth.price} ${cur}`,
        got: p ? `${p.amount / 10 ** currencyExponent(p.currency)} ${p.currency}` : null,
        ok: !!p && p.amount === want && p.currency === cur,
      };
    }
    case "mileage":
      return truth.mileage !== null
        ? { expected: truth.mileage, got: v.mileage ?? null, ok: v.mileage === truth.mileage }
        : null;
  }
}

export function measureAccuracy(
  pages: AccuracyPage[],
  opts: {
    extract?: (html: string, url: string, o?: ExtractOptions) => ExtractResult;
    options?: ExtractOptions;
  } = {},
): AccuracyReport {
  const extract = opts.extract ?? extractPage;
  const fields = Object.fromEntries(
    ACCURACY_FIELDS.map((f) => [f, { correct: 0, total: 0, accuracy: 1 }]),
  ) as Record<AccuracyField, FieldScore>;
  const report: AccuracyReport = {
    detail: { pages: 0, fields, perPage: [] },
    listing: { pages: 0, truthVins: 0, foundVins: 0, truePositives: 0, recall: 1, precision: 1, perPage: [] },
    other: { pages: 0, falseVehicles: 0, perPage: [] },
    pageKind: { correct: 0, total: 0, mismatches: [] },
  };
  for (const page of pages) {
    const res = extract(page.html, page.pageUrl, opts.options);
    report.pageKind.total++;
    if (res.pageKind === page.kind) report.pageKind.correct++;
    else report.pageKind.mismatches.push({ file: page.file, expected: page.kind, got: res.pageKind });

    if (page.kind === "vdp" && page.truth) {
      report.detail.pages++;
      const v = (res.vehicles[0] ?? {}) as Record<string, unknown>;
      const sources = (v.sources ?? {}) as Record<string, string>;
      const r: DetailPageResult = { file: page.file, fields: {}, falseVin: null };
      for (const f of ACCURACY_FIELDS) {
        const c = compare(f, page.truth, v);
        if (!c) continue;
        fields[f].total++;
        if (c.ok) fields[f].correct++;
        r.fields[f] = { ...c, source: sources[f] ?? null };
      }
      if (!page.truth.vin && typeof v.vin === "string") r.falseVin = v.vin;
      report.detail.perPage.push(r);
    } else if (page.kind === "srp") {
      report.listing.pages++;
      const truth = new Set((page.truthVins ?? []).map((x) => x.toUpperCase()));
      const found = new Set(res.vehicles.map((x) => x.vin).filter((x): x is string => typeof x === "string"));
      const tp = [...found].filter((x) => truth.has(x));
      report.listing.truthVins += truth.size;
      report.listing.foundVins += found.size;
      report.listing.truePositives += tp.length;
      report.listing.perPage.push({
        file: page.file,
        truth: truth.size,
        found: found.size,
        truePositives: tp.length,
        missed: [...truth].filter((x) => !found.has(x)),
        extra: [...found].filter((x) => !truth.has(x)),
      });
    } else {
      report.other.pages++;
      report.other.falseVehicles += res.vehicles.length;
      report.other.perPage.push({ file: page.file, vehicles: res.vehicles.length });
    }
  }
  for (const f of ACCURACY_FIELDS) fields[f].accuracy = ratio(fields[f].correct, fields[f].total);
  report.listing.recall = ratio(report.listing.truePositives, report.listing.truthVins);
  report.listing.precision = ratio(report.listing.truePositives, report.listing.foundVins);
  return report;
}
