// The AI bench stack: ONE `wrangler dev` (spawned, its own process group) serving bench/suites/embedder-worker.ts
// — the real API Worker's fetch handler and Durable Objects plus the real embedder's queue handler — with the
// API's bindings (root wrangler.toml) and the embedder's embed-jobs consumer settings
// (workers/embedder/wrangler.toml), fresh local state, on the AI engineer's bench ports 8840-8841.
// Used by bench/suites/embedder.ts and bench/suites/chat-ttft.ts.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { BENCH_DIR, LOG_DIR, ROOT, WRANGLER } from "../lib/paths";

/** Ports per stack (the AI engineer's bench range 8840-8859): the two suites never share a port. */
export const AI_BENCH_PORTS = {
  embedder: { api: 8840, inspector: 8841 },
  chat: { api: 8842, inspector: 8843 },
};

export interface AiStack {
  url: string;
  logFile: string;
  /** Vectors in a dealership's namespace of the local store. */
  vectorCount(dealershipId: string): Promise<number>;
  /** Vehicles the embedder recorded as stored (D1; written after each upsert). */
  embeddedCount(dealershipId: string): Promise<number>;
  stop(): Promise<void>;
}

type Toml = Record<string, any>;

/** The generated config: API bindings + the embedder's consumer, vars of both, `vars` last. */
function writeConfig(dir: string, label: string, vars: Record<string, string>): string {
  const api = parse(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8")) as Toml;
  const emb = parse(readFileSync(path.join(ROOT, "workers/embedder/wrangler.toml"), "utf8")) as Toml;
  const config = {
    // Its own name: wrangler's dev registry is shared by every local session (npm start runs forecourt-api),
    // and two sessions of one name make each other reload.
    name: `forecourt-bench-ai-${label}`,
    main: path.join(ROOT, "bench/suites/embedder-worker.ts"),
    compatibility_date: api.compatibility_date,
    compatibility_flags: api.compatibility_flags,
    vars: { ...emb.vars, ...api.vars, LOG_LEVEL: "warn", ...vars },
    d1_databases: (api.d1_databases as Toml[]).map((d) => ({
      ...d,
      migrations_dir: path.join(ROOT, d.migrations_dir),
    })),
    durable_objects: api.durable_objects,
    migrations: api.migrations,
    queues: { producers: api.queues.producers, consumers: emb.queues.consumers },
  };
  const file = path.join(dir, "wrangler.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

async function waitFor(url: string, timeoutMs: number, alive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error("wrangler dev exited (see its log)");
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export async function startAiStack(
  label: string,
  vars: Record<string, string> = {},
  ports: { api: number; inspector: number } = AI_BENCH_PORTS.embedder,
): Promise<AiStack> {
  const dir = path.join(BENCH_DIR, "ai", label);
  const state = path.join(dir, "state");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const source = writeConfig(dir, label, vars);
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
  const migrate = spawnSync(
    WRANGLER,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "-c", source],
    { cwd: ROOT, encoding: "utf8", env },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  // Bundle once and serve the snapshot (no_bundle): edits to the tree during a run cannot reload the Worker.
  const dist = path.join(dir, "dist");
  const bundle = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", dist, "-c", source], {
    cwd: ROOT,
    encoding: "utf8",
    env,
  });
  if (bundle.status !== 0) throw new Error(`bundling failed:\n${bundle.stdout}\n${bundle.stderr}`);
  const config = path.join(dir, "wrangler.run.json");
  writeFileSync(
    config,
    JSON.stringify({
      ...JSON.parse(readFileSync(source, "utf8")),
      main: path.join(dist, "embedder-worker.js"),
      no_bundle: true,
    }),
  );
  const logFile = path.join(LOG_DIR, `ai-${label}.log`);
  const out = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      "-c",
      config,
      "--ip",
      "127.0.0.1",
      "--port",
      String(ports.api),
      "--inspector-port",
      String(ports.inspector),
      "--persist-to",
      state,
      "--show-interactive-dev-session=false",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true, env },
  );
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const kill = () => {
    if (child.exitCode === null && child.pid)
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
  };
  process.once("exit", kill);
  const url = `http://127.0.0.1:${ports.api}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGINT");
      } catch {}
      const t = setTimeout(kill, 5000);
      await exited;
      clearTimeout(t);
    }
    process.removeListener("exit", kill);
  };
  try {
    await waitFor(`${url}/v1/health`, 120_000, () => child.exitCode === null);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    logFile,
    async vectorCount(dealershipId) {
      const r = await fetch(`${url}/__bench/vector-stats?ns=${encodeURIComponent(dealershipId)}`, {
        signal: AbortSignal.timeout(120_000),
      });
      const body = (await r.json()) as { vectorCount?: number };
      if (!r.ok || typeof body.vectorCount !== "number")
        throw new Error(`vector-stats: ${r.status} ${JSON.stringify(body)}`);
      return body.vectorCount;
    },
    async embeddedCount(dealershipId) {
      const r = await fetch(`${url}/__bench/embedded?ns=${encodeURIComponent(dealershipId)}`, {
        signal: AbortSignal.timeout(120_000),
      });
      const body = (await r.json()) as { count?: number };
      if (!r.ok || typeof body.count !== "number")
        throw new Error(`embedded: ${r.status} ${JSON.stringify(body)}`);
      return body.count;
    },
    stop,
  };
}
