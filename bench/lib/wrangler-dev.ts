// Starts the bench Worker under `wrangler dev` on a free loopback port with its own persistence directory
// (.wrangler/bench/state), applies the D1 migrations first, and stops the whole process group afterwards.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { BUNDLE_DIR, writeBenchConfig, writeRunConfig } from "./bench-config";
import { LOG_DIR, PG_URL, ROOT, STATE_DIR, WRANGLER } from "./paths";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface DevServer {
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

function wranglerEnv() {
  return {
    ...process.env,
    CI: "true",
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: PG_URL,
    WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: PG_URL,
  };
}

export function applyD1Migrations(config: string) {
  const r = spawnSync(
    WRANGLER,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", STATE_DIR, "-c", config],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: wranglerEnv(),
    },
  );
  if (r.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${r.stdout}\n${r.stderr}`);
}

/** Bundles the bench Worker once (wrangler's own build, as for a deploy) into BUNDLE_DIR. */
function bundleSnapshot(config: string) {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const r = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", BUNDLE_DIR, "-c", config], {
    cwd: ROOT,
    encoding: "utf8",
    env: wranglerEnv(),
  });
  if (r.status !== 0) throw new Error(`bundling the bench Worker failed:\n${r.stdout}\n${r.stderr}`);
}

export async function startBenchWorker(
  opts: { port?: number; vars?: Record<string, string> } = {},
): Promise<DevServer> {
  const source = writeBenchConfig(opts.vars);
  applyD1Migrations(source);
  bundleSnapshot(source);
  const config = writeRunConfig();
  const port = opts.port ?? (await freePort());
  const inspector = await freePort();
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `wrangler-dev-${port}.log`);
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      "-c",
      config,
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--persist-to",
      STATE_DIR,
      "--show-interactive-dev-session=false",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true, env: wranglerEnv() },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  // Never leave the dev server behind, whatever way the harness exits.
  process.once("exit", () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
  });
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, "SIGINT");
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${url}/__bench/health`);
      await res.arrayBuffer();
      if (res.ok) return { url, logFile, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`the bench Worker did not answer within 120 s; see ${logFile}`);
}
