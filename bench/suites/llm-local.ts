// Local embedding throughput: packages/llm's `local-hashing-384` (the embedded default's embedder) over
// synthetic vehicle documents shaped like the embedder's (title line, facts line, a description), embedded in
// batches of 1, 16, 64 and 256 through the EmbeddingModel interface, plus the same through
// CachedEmbeddingModel when every text is a hit. Each configuration embeds the whole corpus `runs` times;
// vectors/s comes from the median run. Numbers only, no pass/fail. Run alone: `tsx bench/suites/llm-local.ts`.
import { fileURLToPath } from "node:url";
import {
  CachedEmbeddingModel,
  createEmbeddingModel,
  type EmbeddingModel,
} from "../../packages/llm/src/index";
import { int, ms, table } from "../lib/format";

export interface LlmLocalOptions {
  /** Documents per run (default 2048). */
  documents?: number;
  /** Timed runs per configuration (default 5, after one warm-up). */
  runs?: number;
  batchSizes?: number[];
}

export interface LlmLocalRow {
  config: string;
  batchSize: number;
  medianMs: number;
  vectorsPerSec: number;
  /** Median time per embed() call. */
  msPerCall: number;
}

export interface LlmLocalResults {
  model: string;
  dimensions: number;
  documents: number;
  avgChars: number;
  runs: number;
  rows: LlmLocalRow[];
}

const MAKES: [string, string[]][] = [
  ["Ford", ["F-150 XLT", "Escape SE", "Explorer Limited", "Mustang GT"]],
  ["Toyota", ["RAV4 XLE", "Camry SE", "Tacoma TRD", "Highlander"]],
  ["Honda", ["Accord Sport", "Civic EX", "CR-V EX-L", "Odyssey"]],
  ["Chevrolet", ["Silverado 1500 LT", "Equinox LT", "Malibu LS", "Tahoe"]],
  ["Tesla", ["Model 3", "Model Y"]],
  ["Subaru", ["Outback", "Forester", "Crosstrek"]],
];
const COLOURS = ["Red", "White", "Black", "Silver", "Blue", "Gray", "Green"];
const BODIES = ["truck", "SUV", "sedan", "coupe", "minivan", "wagon"];
const DRIVES = ["all-wheel drive (AWD)", "front-wheel drive (FWD)", "four-wheel drive (4WD, 4x4)"];
const PHRASES = [
  "One owner, clean history report.",
  "Heated seats, backup camera and Apple CarPlay.",
  "New tires and brakes, full service records.",
  "Tow package and bed liner.",
  "Panoramic sunroof, leather interior.",
  "Adaptive cruise control and lane keeping assist.",
];

/** Deterministic synthetic vehicle documents (mulberry32 PRNG). */
export function vehicleDocuments(n: number, seed = 42): string[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const [make, models] = pick(MAKES);
    const year = 2012 + Math.floor(rnd() * 14);
    const body = pick(BODIES);
    const desc = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => pick(PHRASES)).join(" ");
    out.push(
      `${year} ${make} ${pick(models)} ${body}\n` +
        `Body: ${body}. Condition: used. Colour: ${pick(COLOURS)} exterior. Drivetrain: ${pick(DRIVES)}. ` +
        `Mileage: ${int(5000 + rnd() * 120000)} miles. Price: $${int(8000 + rnd() * 60000)}.\n${desc} Stock #${1000 + i}.`,
    );
  }
  return out;
}

async function timeRuns(model: EmbeddingModel, docs: string[], batch: number, runs: number) {
  const once = async () => {
    const t0 = performance.now();
    let calls = 0;
    for (let i = 0; i < docs.length; i += batch) {
      const r = await model.embed(docs.slice(i, i + batch));
      if (r.embeddings.length !== Math.min(batch, docs.length - i)) throw new Error("wrong vector count");
      calls++;
    }
    return { ms: performance.now() - t0, calls };
  };
  await once(); // warm-up (JIT, lexicon cache)
  const samples: { ms: number; calls: number }[] = [];
  for (let r = 0; r < runs; r++) samples.push(await once());
  samples.sort((a, b) => a.ms - b.ms);
  const med = samples[Math.floor(samples.length / 2)]!;
  return { medianMs: med.ms, vectorsPerSec: (docs.length / med.ms) * 1000, msPerCall: med.ms / med.calls };
}

export async function runLlmLocalSuite(options: LlmLocalOptions = {}): Promise<LlmLocalResults> {
  const documents = options.documents ?? 2048;
  const runs = options.runs ?? 5;
  const batchSizes = options.batchSizes ?? [1, 16, 64, 256];
  const docs = vehicleDocuments(documents);
  const model = createEmbeddingModel({ provider: "local" });
  const rows: LlmLocalRow[] = [];
  for (const b of batchSizes)
    rows.push({ config: "local-hashing-384", batchSize: b, ...(await timeRuns(model, docs, b, runs)) });
  const cached = new CachedEmbeddingModel(model, { maxEntries: documents });
  await cached.embed(docs);
  for (const b of [1, 64]) {
    rows.push({
      config: "CachedEmbeddingModel, all hits (sha256 + LRU)",
      batchSize: b,
      ...(await timeRuns(cached, docs, b, runs)),
    });
  }
  return {
    model: model.modelId,
    dimensions: model.dimensions,
    documents,
    avgChars: Math.round(docs.reduce((n, d) => n + d.length, 0) / docs.length),
    runs,
    rows,
  };
}

export function renderLlmLocal(r: LlmLocalResults): string {
  return [
    `Local embedding throughput: ${r.model} (${r.dimensions} dims), ${int(r.documents)} synthetic vehicle documents ` +
      `(avg ${r.avgChars} chars), median of ${r.runs} runs, single thread.`,
    "",
    table(
      ["configuration", "batch size", "median run (ms)", "vectors/s", "ms per embed() call"],
      r.rows.map((x) => [x.config, x.batchSize, ms(x.medianMs, 1), int(x.vectorsPerSec), ms(x.msPerCall, 3)]),
    ),
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await runLlmLocalSuite();
  console.log(renderLlmLocal(r));
}
