/**
 * Diagnostics for issue 6 (NOT wired into any test): one soak (soak.ts `runSoak`) with the memory-kind
 * sampler (memsample.ts) running alongside, every 5 s, on the Workers' workerd.
 *
 *   npx tsx test/load/memprobe.ts <seconds> <out.jsonl> [writeShare]
 *
 * env: MEMPROBE_NAME (state dir under .wrangler/, default "memprobe"); MEMPROBE_LOG_LEVEL (the API's
 * LOG_LEVEL as a wrangler --var, e.g. "error"; default: wrangler.toml's).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { freePort, ROOT } from "../browser/support/stack";
import { brief, startSampler } from "./memsample";
import { formatReport, runSoak } from "./soak";

const seconds = Number(process.argv[2] ?? 300);
const out = process.argv[3] ?? "/tmp/memprobe.jsonl";
const writeShare = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const name = process.env.MEMPROBE_NAME ?? "memprobe";
const port = await freePort();
const inspectorPort = await freePort();
writeFileSync(out, "");
const marker = path.join(ROOT, ".wrangler", name, "state");
const sampler = startSampler({
  marker,
  port,
  out,
  intervalMs: 5000,
  onSample: (s) => console.log(`[mem] ${brief(s)}`),
});
try {
  const report = await runSoak({
    seconds,
    name,
    port,
    inspectorPort,
    ...(writeShare === undefined ? {} : { writeShare }),
    ...(process.env.MEMPROBE_LOG_LEVEL ? { vars: { LOG_LEVEL: process.env.MEMPROBE_LOG_LEVEL } } : {}),
    log: (l) => console.log(`[soak] ${new Date().toISOString()} ${l}`),
  });
  console.log(formatReport(report));
  const { samples: _s, ...memory } = report.memory;
  writeFileSync(`${out}.report.json`, `${JSON.stringify({ ...report, memory }, null, 2)}\n`);
} finally {
  sampler.stop();
}
