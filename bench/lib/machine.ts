import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PG_URL, ROOT } from "./paths";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  wrangler: string;
  workerd: string;
  postgres: string;
  /** 1/5/15-minute load averages when the run started (other work on the machine shows up here). */
  loadAverage: number[];
}

function pkgVersion(dir: string): string {
  try {
    return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version;
  } catch {
    return "unknown";
  }
}

export async function describeMachine(): Promise<Machine> {
  const wranglerDir = path.join(ROOT, "node_modules", "wrangler");
  let workerd = "unknown";
  const r = spawnSync(
    process.execPath,
    [
      "-e",
      "console.log(require(require.resolve('workerd/package.json',{paths:[process.argv[1]]})).version)",
      wranglerDir,
    ],
    { encoding: "utf8" },
  );
  if (r.status === 0) workerd = r.stdout.trim();
  let postgres = "unreachable";
  try {
    const c = new pg.Client({ connectionString: PG_URL.replace(/\/[^/]*$/, "/postgres") });
    await c.connect();
    postgres = (await c.query("show server_version")).rows[0].server_version;
    await c.end();
  } catch {}
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    wrangler: pkgVersion(wranglerDir),
    workerd,
    postgres,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
