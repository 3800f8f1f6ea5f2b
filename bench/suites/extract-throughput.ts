// Extraction throughput: packages/extract's streaming htmlparser2 pass vs the cheerio twin
// (bench/extract/cheerio-collect.ts) feeding the identical downstream pipeline, over the real saved pages and
// demo-site pages of each markup style. Every run extracts every page once per implementation (alternating
// which goes first); MB/s and pages/s come from the median run. Before timing, both must produce identical
// vehicles and links on every page, or the comparison would not be fair.
import {
  type ExtractOptions,
  type ExtractResult,
  extractPage,
  extractPageWith,
} from "../../packages/extract/src/index";
import { cheerioCollector } from "../extract/cheerio-collect";
import { type CorpusPage, demoCorpus, realCorpus } from "../extract/corpus";
import { log } from "../lib/http";

const NOW = new Date("2026-06-01T00:00:00Z");
const OPTS: ExtractOptions = { now: NOW };

export const EXTRACT_IMPLS = {
  htmlparser2: {
    label: "htmlparser2 streaming pass (packages/extract)",
    run: (p: CorpusPage) => extractPage(p.html, p.url, OPTS),
  },
  cheerio: {
    label: "cheerio twin, `cheerio.load` default (parse5 DOM)",
    run: (() => {
      const c = cheerioCollector("parse5");
      return (p: CorpusPage) => extractPageWith(c, p.html, p.url, OPTS);
    })(),
  },
  cheerioH2: {
    label: "cheerio twin on htmlparser2's DOM (`xml: { xmlMode: false }`)",
    run: (() => {
      const c = cheerioCollector("htmlparser2");
      return (p: CorpusPage) => extractPageWith(c, p.html, p.url, OPTS);
    })(),
  },
} as const;
type ImplName = keyof typeof EXTRACT_IMPLS;

export interface ImplTiming {
  impl: ImplName;
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  mbPerSec: number;
  pagesPerSec: number;
}

export interface CorpusThroughput {
  corpus: string;
  pages: number;
  bytes: number;
  timings: ImplTiming[];
  /** cheerio (parse5) median time / htmlparser2 median time. */
  ratio: number;
  /** cheerio on htmlparser2's DOM / htmlparser2 streaming. */
  ratioSameParser: number;
}

export interface EquivalenceReport {
  pages: number;
  identical: number;
  vehicles: number;
  differences: string[];
}

export interface ExtractThroughputResult {
  runs: number;
  corpora: CorpusThroughput[];
  equivalence: Record<Exclude<ImplName, "htmlparser2">, EquivalenceReport>;
  realSkipped: string | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function same(a: ExtractResult, b: ExtractResult): string | null {
  const va = JSON.stringify(a.vehicles);
  const vb = JSON.stringify(b.vehicles);
  if (va !== vb) {
    if (a.vehicles.length !== b.vehicles.length)
      return `${a.vehicles.length} vs ${b.vehicles.length} vehicles`;
    for (let i = 0; i < a.vehicles.length; i++) {
      const x = a.vehicles[i] as Record<string, unknown>;
      const y = b.vehicles[i] as Record<string, unknown>;
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
        if (JSON.stringify(x[k]) !== JSON.stringify(y[k]))
          return `vehicle ${i} ${k}: ${JSON.stringify(x[k])?.slice(0, 80)} vs ${JSON.stringify(y[k])?.slice(0, 80)}`;
    }
  }
  if (JSON.stringify(a.links) !== JSON.stringify(b.links)) return "links differ";
  if (a.pageKind !== b.pageKind) return `page kind ${a.pageKind} vs ${b.pageKind}`;
  return null;
}

function checkEquivalence(pages: CorpusPage[], impl: ImplName): EquivalenceReport {
  const r: EquivalenceReport = { pages: pages.length, identical: 0, vehicles: 0, differences: [] };
  for (const p of pages) {
    const a = EXTRACT_IMPLS.htmlparser2.run(p);
    const b = EXTRACT_IMPLS[impl].run(p);
    r.vehicles += a.vehicles.length;
    const d = same(a, b);
    if (d === null) r.identical++;
    else if (r.differences.length < 10) r.differences.push(`${p.file}: ${d}`);
  }
  return r;
}

function timeCorpus(corpus: string, pages: CorpusPage[], runs: number): CorpusThroughput {
  const names = Object.keys(EXTRACT_IMPLS) as ImplName[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<ImplName, number[]>;
  const bytes = pages.reduce((s, p) => s + p.bytes, 0);
  for (const n of names) for (const p of pages) EXTRACT_IMPLS[n].run(p); // warm-up (JIT)
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) {
      const run = EXTRACT_IMPLS[n].run;
      const t = performance.now();
      let sink = 0;
      for (const p of pages) sink += run(p).vehicles.length;
      samples[n].push(performance.now() - t);
      if (sink < 0) throw new Error("unreachable");
    }
  }
  const timings = names.map((n): ImplTiming => {
    const m = median(samples[n]);
    return {
      impl: n,
      label: EXTRACT_IMPLS[n].label,
      medianMs: m,
      minMs: Math.min(...samples[n]),
      maxMs: Math.max(...samples[n]),
      mbPerSec: bytes / 1e6 / (m / 1000),
      pagesPerSec: pages.length / (m / 1000),
    };
  });
  const t = (n: ImplName) => timings.find((x) => x.impl === n)!.medianMs;
  return {
    corpus,
    pages: pages.length,
    bytes,
    timings,
    ratio: t("cheerio") / t("htmlparser2"),
    ratioSameParser: t("cheerioH2") / t("htmlparser2"),
  };
}

export async function runExtractThroughputSuite(opts: { runs: number }): Promise<ExtractThroughputResult> {
  const real = realCorpus();
  const demo = await demoCorpus();
  const demoPages = demo.flatMap((d) => d.pages);
  const all = [...real.pages, ...demoPages];
  log(
    `extract-throughput: ${real.pages.length} real pages, ${demoPages.length} demo pages; checking equivalence`,
  );
  const equivalence = {
    cheerio: checkEquivalence(all, "cheerio"),
    cheerioH2: checkEquivalence(all, "cheerioH2"),
  };
  for (const [n, e] of Object.entries(equivalence))
    log(
      `  ${n}: ${e.identical}/${e.pages} pages identical${e.differences.length ? `; ${e.differences.join("; ")}` : ""}`,
    );
  const corpora: CorpusThroughput[] = [];
  if (real.pages.length)
    corpora.push(timeCorpus("real saved pages (../shared/data/pages)", real.pages, opts.runs));
  for (const d of demo) corpora.push(timeCorpus(`demo site, ${d.style}`, d.pages, opts.runs));
  for (const c of corpora)
    log(
      `  ${c.corpus}: ${c.timings.map((t) => `${t.impl} ${t.mbPerSec.toFixed(1)} MB/s`).join(", ")}; ratio ${c.ratio.toFixed(2)}x`,
    );
  return { runs: opts.runs, corpora, equivalence, realSkipped: real.skipReason };
}
