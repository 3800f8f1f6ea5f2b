// `pnpm bench --only soak` (bench/run.ts hands over here) or `tsx test/load/cli.ts [seconds]`: a
// several-minute load and soak run of the local stack (default LOAD_SOAK_SECONDS or 300 s judged, after a
// warm-up of JUDGED_WARMUP_REQUESTS), printed and written to test-results/load-soak.json. Exit 1 on any
// 5xx / non-429 error, or on unstable memory in a judged window.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../browser/support/stack";
import { formatReport, memoryJudged, runSoak } from "./soak";

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const arg = argv.find((a) => /^\d+$/.test(a));
  const seconds = Number(arg ?? process.env.LOAD_SOAK_SECONDS ?? 300);
  const report = await runSoak({ seconds, log: (l) => console.log(`[soak] ${l}`) });
  console.log(formatReport(report));
  mkdirSync(path.join(ROOT, "test-results"), { recursive: true });
  writeFileSync(path.join(ROOT, "test-results", "load-soak.json"), `${JSON.stringify(report, null, 2)}\n`);
  // Memory is judged on windows of MEMORY_JUDGED_FROM_SECONDS or more (after a JUDGED_WARMUP_REQUESTS warm-up).
  const memoryOk = !memoryJudged(seconds) || report.memory.ok;
  const ok =
    report.serverErrors === 0 &&
    report.otherErrors === 0 &&
    report.connectionErrors === 0 &&
    report.timeouts === 0 &&
    memoryOk;
  console.log(ok ? "[soak] PASS" : `[soak] FAIL (memory ok: ${memoryOk})`);
  return ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await main());
