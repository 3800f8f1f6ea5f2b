#!/usr/bin/env node
// Makes a fresh clone runnable with only Node 20 + npm: fetches the pinned pnpm (through npm, into
// .tools/) when the machine has no pnpm of that version, then installs the workspace from the lockfile.
// Plain .mjs with no dependencies, because it runs before anything is installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const quiet = process.argv.includes("--quiet");
const log = (msg) => !quiet && console.error(`[bootstrap] ${msg}`);

const [major] = process.versions.node.split(".").map(Number);
if (major < 20) {
  console.error(`Forecourt needs Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, "");

function pnpmPath() {
  const local = path.join(root, ".tools", "node_modules", ".bin", "pnpm");
  if (existsSync(local)) return local;
  try {
    const v = execFileSync("pnpm", ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (v === pnpmVersion) return "pnpm";
  } catch {}
  log(`installing pnpm@${pnpmVersion} into .tools/ (through npm)`);
  const r = spawnSync(
    "npm",
    [
      "install",
      "--prefix",
      path.join(root, ".tools"),
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `pnpm@${pnpmVersion}`,
    ],
    { stdio: quiet ? "ignore" : "inherit" },
  );
  if (r.status !== 0) {
    console.error("Could not install pnpm through npm: is the npm registry reachable?");
    process.exit(1);
  }
  return local;
}

const pnpm = pnpmPath();
// pnpm records the lockfile it installed from in node_modules/.pnpm/lock.yaml; reinstall when the
// committed lockfile is newer than that record (a pull, a dependency change) or nothing is installed.
const lock = path.join(root, "pnpm-lock.yaml");
const installed = path.join(root, "node_modules", ".pnpm", "lock.yaml");
const upToDate = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
if (!upToDate) {
  log("installing dependencies (pnpm install --frozen-lockfile)");
  const r = spawnSync(pnpm, ["install", "--frozen-lockfile", "--reporter=append-only"], {
    cwd: root,
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
