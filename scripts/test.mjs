#!/usr/bin/env node
// Runs every test (all Vitest projects: unit, Workers on D1, Postgres) and ends with one line
// "N passed, N failed[, N skipped]" computed from Vitest's JSON results. Exit code 1 on any failure.
// Extra arguments are passed to Vitest (e.g. `npm test -- --project unit`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "test-results");
const jsonFile = path.join(outDir, "vitest.json");
mkdirSync(outDir, { recursive: true });
rmSync(jsonFile, { force: true });

// The browser tests drive Debian's chromium (never a downloaded browser): install it when missing. If it
// cannot be installed, the `browser` project reports its tests as SKIPPED with this reason.
const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  const apt = (args) =>
    spawnSync("apt-get", args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  if (process.platform !== "linux" || spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) {
    process.env.FORECOURT_BROWSER_SKIP_REASON = `${CHROMIUM} is missing and apt-get is not available here`;
  } else {
    console.log(`[test] ${CHROMIUM} is missing: apt-get install -y chromium`);
    let r = apt(["install", "-y", "chromium"]);
    if (r.status !== 0) {
      apt(["update"]);
      r = apt(["install", "-y", "chromium"]);
    }
    if (r.status !== 0 || !existsSync(CHROMIUM)) {
      process.env.FORECOURT_BROWSER_SKIP_REASON = `${CHROMIUM} is missing and \`apt-get install -y chromium\` failed (exit ${r.status}; root and a Debian mirror are needed)`;
    }
  }
  if (process.env.FORECOURT_BROWSER_SKIP_REASON)
    console.warn(`[test] browser tests will be SKIPPED: ${process.env.FORECOURT_BROWSER_SKIP_REASON}`);
}

const vitest = path.join(root, "node_modules", ".bin", "vitest");
const run = spawnSync(
  vitest,
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${jsonFile}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
let note = "";
if (existsSync(jsonFile)) {
  const r = JSON.parse(readFileSync(jsonFile, "utf8"));
  passed = r.numPassedTests ?? 0;
  failed = r.numFailedTests ?? 0;
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that fails to load has no test results of its own: count each such file as a failure.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === "failed" && (f.assertionResults ?? []).length === 0,
  );
  failed += brokenFiles.length;
  if (brokenFiles.length) note = ` (${brokenFiles.length} test file(s) failed to load)`;
} else {
  note = " (vitest produced no results)";
}
if (run.status !== 0 && failed === 0) {
  // Vitest failed outside any test (unhandled error, config error): that is a failure too.
  failed = 1;
  note = note || " (vitest reported errors outside tests)";
}

if (note) console.log(`note:${note}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
