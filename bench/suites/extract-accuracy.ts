// Extraction accuracy per field, computed (not hand-written): packages/extract's measureAccuracy over the real
// saved pages with their MANIFEST.tsv truth (as saved, and with every <script> removed, i.e. no JSON-LD or
// embedded state), plus every markup style of the demo site against the generator's truth.
import type { VehicleFields } from "@forecourt/domain";
import {
  ACCURACY_FIELDS,
  type AccuracyReport,
  extractPage,
  measureAccuracy,
} from "../../packages/extract/src/index";
import { demoCorpus, realCorpus } from "../extract/corpus";
import { log } from "../lib/http";

const NOW = new Date("2026-06-01T00:00:00Z");

export const DEMO_FIELDS = [
  "vin",
  "year",
  "make",
  "model",
  "trim",
  "price",
  "mileage",
  "bodyStyle",
  "condition",
  "exteriorColor",
  "drivetrain",
  "transmission",
  "fuelType",
  "stockNumber",
  "photos",
  "description",
] as const;
type DemoField = (typeof DEMO_FIELDS)[number];

export interface ExtractAccuracyResult {
  real: AccuracyReport | null;
  realNoScripts: AccuracyReport | null;
  realSkipped: string | null;
  demo: { style: string; pages: number; fields: Record<DemoField, number> }[];
}

function demoFieldOk(f: DemoField, t: VehicleFields, g: Record<string, unknown>, html: string): boolean {
  const want = t[f as keyof VehicleFields];
  const got = g[f];
  switch (f) {
    case "price":
      return ((got as VehicleFields["price"] | undefined)?.amount ?? null) === (t.price?.amount ?? null);
    case "photos":
      return JSON.stringify(got ?? []) === JSON.stringify(t.photos);
    case "description": {
      // vehicles without a description show a stock sentence in the page's comments section: that is the truth
      const shown =
        t.description ?? /<h2 id="comments-h">Dealer Comments<\/h2><p[^>]*>([^<]*)</.exec(html)?.[1];
      return got === shown?.replace(/&amp;/g, "&").replace(/&#39;/g, "'");
    }
    default:
      if (typeof want === "string" && typeof got === "string")
        return want.toLowerCase() === got.toLowerCase();
      return want === got || (want === null && got === undefined);
  }
}

export async function runExtractAccuracySuite(): Promise<ExtractAccuracyResult> {
  const real = realCorpus();
  const pages = real.pages.map((p) => p.real);
  const result: ExtractAccuracyResult = {
    real: pages.length ? measureAccuracy(pages, { options: { now: NOW } }) : null,
    realNoScripts: pages.length
      ? measureAccuracy(
          pages.map((p) => ({ ...p, html: p.html.replace(/<script\b[\s\S]*?<\/script\s*>/gi, "") })),
          { options: { now: NOW } },
        )
      : null,
    realSkipped: real.skipReason,
    demo: [],
  };
  for (const d of await demoCorpus(60, 0)) {
    const fields = Object.fromEntries(DEMO_FIELDS.map((f) => [f, 0])) as Record<DemoField, number>;
    let n = 0;
    for (const p of d.pages) {
      const t = d.truth.get(p.url);
      if (!t) continue;
      n++;
      const r = extractPage(p.html, p.url, { now: NOW });
      const g = (r.vehicles.find((v) => v.vin === t.vin) ?? r.vehicles[0] ?? {}) as Record<string, unknown>;
      for (const f of DEMO_FIELDS) if (demoFieldOk(f, t, g, p.html)) fields[f]++;
    }
    result.demo.push({ style: d.style, pages: n, fields });
  }
  if (result.real) {
    const f = result.real.detail.fields;
    log(
      `extract-accuracy: real detail pages ${ACCURACY_FIELDS.map((k) => `${k} ${f[k].correct}/${f[k].total}`).join(", ")}; ` +
        `listing VINs recall ${result.real.listing.truePositives}/${result.real.listing.truthVins}`,
    );
  }
  return result;
}
