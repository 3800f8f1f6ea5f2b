// Markdown for the scraping suites (extract-throughput, extract-accuracy, scrape-e2e), spliced into
// BENCHMARKS.md between its scraping markers.
import { ACCURACY_FIELDS } from "../../packages/extract/src/index";
import { DEMO_FIELDS, type ExtractAccuracyResult } from "../suites/extract-accuracy";
import type { ExtractThroughputResult } from "../suites/extract-throughput";
import type { ScrapeE2eResult } from "../suites/scrape-e2e";
import { int, table } from "./format";

export interface ScrapingResults {
  throughput?: ExtractThroughputResult;
  accuracy?: ExtractAccuracyResult;
  e2e?: ScrapeE2eResult;
}

export const SCRAPING_START = "<!-- bench:scraping:start -->";
export const SCRAPING_END = "<!-- bench:scraping:end -->";

const f1 = (x: number) => x.toFixed(1);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const pct = (c: number, t: number) => (t === 0 ? "—" : `${c}/${t} (${Math.round((100 * c) / t)}%)`);

function throughput(t: ExtractThroughputResult): string {
  const out: string[] = [];
  out.push(
    `### Extraction throughput: htmlparser2 streaming vs the cheerio twin (median of ${t.runs} runs per corpus, after a warm-up run)`,
  );
  const rows = t.corpora.flatMap((c) =>
    c.timings.map((x) => [
      c.corpus,
      `${c.pages} pages, ${mb(c.bytes)}`,
      x.label,
      f1(x.medianMs),
      `${f1(x.minMs)}–${f1(x.maxMs)}`,
      f1(x.mbPerSec),
      f1(x.pagesPerSec),
    ]),
  );
  out.push(table(["corpus", "size", "implementation", "median ms", "min–max ms", "MB/s", "pages/s"], rows));
  out.push(
    table(
      [
        "corpus",
        "cheerio (parse5) / htmlparser2",
        "≥ 3x",
        "cheerio on htmlparser2's DOM / htmlparser2 streaming",
      ],
      t.corpora.map((c) => [
        c.corpus,
        `${c.ratio.toFixed(2)}x`,
        c.ratio >= 3 ? "yes" : "**no**",
        `${c.ratioSameParser.toFixed(2)}x`,
      ]),
    ),
  );
  const eq = Object.entries(t.equivalence).map(([name, e]) => [
    name === "cheerio" ? "cheerio twin (parse5)" : "cheerio twin (htmlparser2 DOM)",
    `${e.identical}/${e.pages}`,
    int(e.vehicles),
    e.differences.length ? e.differences.join("; ") : "none",
  ]);
  out.push(
    `Same output check (before timing, every page of every corpus): vehicles (every field, sources and warnings), links and page kind compared as JSON with the htmlparser2 pipeline's.\n\n${table(["implementation", "pages with identical output", "vehicles compared", "differences"], eq)}`,
  );
  if (t.realSkipped) out.push(`_Real pages skipped: ${t.realSkipped}._`);
  return out.join("\n\n");
}

function accuracy(a: ExtractAccuracyResult): string {
  const out: string[] = [];
  if (a.real && a.realNoScripts) {
    const r = a.real;
    const ns = a.realNoScripts;
    out.push(
      `### Extraction accuracy on the real saved pages (computed by \`measureAccuracy\` against MANIFEST.tsv)\n\nDetail pages: ${r.detail.pages}. A field counts where the manifest gives a truth for it.`,
    );
    out.push(
      table(
        ["field", "as saved", "with every <script> removed (no JSON-LD, no embedded state)"],
        ACCURACY_FIELDS.map((f) => [
          f,
          pct(r.detail.fields[f].correct, r.detail.fields[f].total),
          pct(ns.detail.fields[f].correct, ns.detail.fields[f].total),
        ]),
      ),
    );
    const total = (x: typeof r) =>
      ACCURACY_FIELDS.reduce(
        (s, f) => ({ c: s.c + x.detail.fields[f].correct, t: s.t + x.detail.fields[f].total }),
        { c: 0, t: 0 },
      );
    const t1 = total(r);
    const t2 = total(ns);
    const misses = r.detail.perPage.flatMap((p) =>
      Object.entries(p.fields)
        .filter(([, v]) => v && !v.ok)
        .map(
          ([k, v]) =>
            `${p.file} ${k}: expected ${JSON.stringify(v!.expected)}, got ${JSON.stringify(v!.got)}`,
        ),
    );
    const nsMisses = ns.detail.perPage.flatMap((p) =>
      Object.entries(p.fields)
        .filter(([, v]) => v && !v.ok)
        .map(
          ([k, v]) =>
            `${p.file} ${k}: expected ${JSON.stringify(v!.expected)}, got ${JSON.stringify(v!.got)}`,
        ),
    );
    out.push(
      table(
        ["measure", "as saved", "scripts removed"],
        [
          ["all detail fields", pct(t1.c, t1.t), pct(t2.c, t2.t)],
          [
            "VINs invented on pages without one",
            String(r.detail.perPage.filter((p) => p.falseVin).length),
            String(ns.detail.perPage.filter((p) => p.falseVin).length),
          ],
          [
            `listing pages (${r.listing.pages}): VIN recall`,
            pct(r.listing.truePositives, r.listing.truthVins),
            pct(ns.listing.truePositives, ns.listing.truthVins),
          ],
          [
            "listing pages: VIN precision",
            pct(r.listing.truePositives, r.listing.foundVins),
            pct(ns.listing.truePositives, ns.listing.foundVins),
          ],
          [
            `other pages (${r.other.pages}): vehicles reported (want 0)`,
            String(r.other.falseVehicles),
            String(ns.other.falseVehicles),
          ],
          [
            "page kind (vdp/srp/other) right",
            pct(r.pageKind.correct, r.pageKind.total),
            pct(ns.pageKind.correct, ns.pageKind.total),
          ],
        ],
      ),
    );
    out.push(
      `Misses as saved: ${misses.length ? misses.join("; ") : "none"}. Misses with scripts removed: ${nsMisses.length ? nsMisses.join("; ") : "none"}.`,
    );
  } else if (a.realSkipped) out.push(`_Real pages skipped: ${a.realSkipped}._`);
  if (a.demo.length) {
    out.push(
      "### Extraction accuracy on the demo site, per markup style (detail pages vs the generator's truth; photos = the exact list in order)",
    );
    out.push(
      table(
        ["field", ...a.demo.map((d) => `${d.style} (${d.pages})`)],
        DEMO_FIELDS.map((f) => [f, ...a.demo.map((d) => pct(d.fields[f], d.pages))]),
      ),
    );
  }
  return out.join("\n\n");
}

function e2e(e: ScrapeE2eResult): string {
  const out: string[] = [];
  out.push(
    `### End-to-end scrape: ${int(e.vehicles)}-vehicle demo site (${e.style} markup), politeness delay 0, through the real Workers`,
  );
  out.push(
    table(
      [
        "run",
        "status",
        "wall time",
        "pages fetched (failed)",
        "vehicles found (new / updated / unchanged)",
        "pages/s",
        "vehicles/s",
        "fetch-batch messages",
        "workerd CPU",
        "CPU ms per vehicle (workerd)",
        "wrangler (Node) CPU",
        "harness + demo site CPU",
      ],
      e.runs.map((r) => [
        r.label,
        r.status,
        `${f1(r.wallMs / 1000)} s`,
        `${int(r.pages)} (${r.pagesFailed})`,
        `${int(r.vehiclesFound)} (${r.vehiclesNew} / ${r.vehiclesUpdated} / ${r.vehiclesUnchanged})`,
        f1(r.pagesPerSec),
        f1(r.vehiclesPerSec),
        r.batches,
        `${int(r.workerdCpuMs)} ms`,
        r.cpuMsPerVehicle.toFixed(1),
        `${int(r.wranglerCpuMs)} ms`,
        `${int(r.harnessCpuMs)} ms`,
      ]),
    ),
  );
  out.push(
    `D1 afterwards holds exactly the site's lot: ${e.truthMatches ? "yes" : "**no**"}. Requests the demo site answered (both runs): ${int(e.siteRequests)}. Scraper vars: ${Object.entries(
      e.scraperVars,
    )
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(
        ", ",
      )} (the rest as in workers/scraper/wrangler.toml).${e.notes.length ? ` Notes: ${e.notes.join("; ")}.` : ""}`,
  );
  return out.join("\n\n");
}

export function renderScraping(s: ScrapingResults): string {
  return [s.throughput && throughput(s.throughput), s.accuracy && accuracy(s.accuracy), s.e2e && e2e(s.e2e)]
    .filter(Boolean)
    .join("\n\n");
}
