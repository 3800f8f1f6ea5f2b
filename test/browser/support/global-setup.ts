import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type DemoSiteHandle, startDemoSite } from "../../../web/demo-site/src/index";
import {
  OPENAI_TEST_KEY,
  startOpenAIWireServer,
  type WireServer,
} from "../../support/vendors/openai-wire-server";
import { freePort, type LocalApi, ROOT, startLocalApi } from "./stack";

export const CHROMIUM = "/usr/bin/chromium";

export interface BrowserStack {
  apiUrl: string;
  adminUrl: string;
  /** The dealer-site widget, served by the admin app (web/admin/vite/widget-asset.ts). */
  widgetUrl: string;
  sites: { main: string; faulty: string };
  /** Why the browser tests are skipped (no chromium), or null. */
  skipReason: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    browserStack: BrowserStack;
  }
}

const ADMIN = path.join(ROOT, "web", "admin");
const VITE = path.join(ADMIN, "node_modules", ".bin", "vite");

/** `vite build` of the admin app (with widget.js) against the given API. */
function buildAdmin(outDir: string, apiUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const build = spawn(VITE, ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], {
      cwd: ADMIN,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, VITE_API_URL: apiUrl },
    });
    let out = "";
    build.stdout?.on("data", (c) => (out += c));
    build.stderr?.on("data", (c) => (out += c));
    build.once("error", reject);
    build.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`admin build failed:\n${out}`))));
  });
}

/**
 * Vitest globalSetup of the `browser` project: the REAL local stack — two demo dealer sites, the API and
 * scraper and embedder Workers under one `wrangler dev` (fresh state under .wrangler/browser-test/), chat
 * through a local OpenAI wire-protocol server, and the admin app (with widget.js) built against that API
 * and served by `vite preview` (with the dev sign-in endpoint) — all on free ports.
 */
export default async function setup(project: TestProject) {
  const skipReason = existsSync(CHROMIUM)
    ? null
    : (process.env.FORECOURT_BROWSER_SKIP_REASON ??
      `${CHROMIUM} is not installed (apt-get install -y chromium)`);
  if (skipReason) console.warn(`[forecourt] browser tests will be SKIPPED: ${skipReason}`);

  const sites: DemoSiteHandle[] = [];
  let api: LocalApi | null = null;
  let preview: ChildProcess | null = null;
  let openai: WireServer | null = null;
  const teardown = async () => {
    if (preview?.pid && preview.exitCode === null) {
      try {
        process.kill(-preview.pid, "SIGTERM");
      } catch {}
    }
    await api?.stop();
    await Promise.all(sites.map((s) => s.close()));
    await openai?.close();
  };
  try {
    const main = await startDemoSite({
      port: 0,
      seed: 7,
      count: 30,
      pageSize: 12,
      style: "mixed",
      dealerName: "Riverside Motors",
    });
    sites.push(main);
    const faulty = await startDemoSite({
      port: 0,
      seed: 8,
      count: 10,
      pageSize: 12,
      style: "jsonld",
      dealerName: "Hilltop Autos",
      dealershipIndex: 9,
    });
    sites.push(faulty);
    // Chat goes through the real OpenAI adapter to a local server speaking OpenAI's wire protocol (answers
    // grounded in the request's <vehicles>), so replies carry real token counts and a non-zero cost;
    // embeddings stay local (the embedder Worker fills the local vector store).
    // A model's pace (8 ms a word), so the UI visibly receives the answer in pieces.
    openai = await startOpenAIWireServer(0, { interTokenDelayMs: 8 });
    // The API and the admin build (which needs the API's URL) start side by side.
    const apiPort = await freePort();
    const outDir = path.join(ROOT, ".wrangler", "browser-test", "admin-dist");
    const [started, built] = await Promise.allSettled([
      startLocalApi({
        name: "browser-test",
        port: apiPort,
        scraperAllowHosts: sites.map((s) => new URL(s.url).host),
        embedder: true,
        vars: {
          LLM_CHAT_PROVIDERS: "openai",
          OPENAI_API_KEY: OPENAI_TEST_KEY,
          OPENAI_BASE_URL: `${openai.url}/v1`,
        },
      }),
      buildAdmin(outDir, `http://127.0.0.1:${apiPort}`),
    ]);
    if (started.status === "fulfilled") api = started.value; // stopped by teardown whatever happens next
    if (started.status === "rejected") throw started.reason;
    if (built.status === "rejected") throw built.reason;
    const port = await freePort();
    let out = "";
    preview = spawn(
      VITE,
      ["preview", "--outDir", outDir, "--port", String(port), "--strictPort", "--host", "127.0.0.1"],
      {
        cwd: ADMIN,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    preview.stdout?.on("data", (c) => (out += c));
    preview.stderr?.on("data", (c) => (out += c));
    const adminUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (true) {
      if (preview.exitCode !== null) throw new Error(`vite preview exited:\n${out}`);
      if (Date.now() > deadline) throw new Error(`vite preview did not start:\n${out}`);
      const ok = await fetch(`${adminUrl}/__dev/token`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    project.provide("browserStack", {
      apiUrl: api!.url,
      adminUrl,
      widgetUrl: `${adminUrl}/widget.js`,
      sites: { main: main.url, faulty: faulty.url },
      skipReason,
    });
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
