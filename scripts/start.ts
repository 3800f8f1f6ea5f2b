// npm start: migrate the local D1, start every Worker under one `wrangler dev`, seed the demo dealership,
// print URLs and dev credentials. Ctrl-C stops everything; local state persists in .wrangler/.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { waitForHealth } from "./lib/api-client";
import { startDemoSiteForDev } from "./lib/demo-site";
import { ROOT } from "./lib/dev-config";
import { mintDevToken } from "./lib/dev-token";
import { seedDemo } from "./lib/seed-demo";

const API_PORT = Number(process.env.API_PORT ?? 8787);
const API_URL = `http://127.0.0.1:${API_PORT}`;
const DEMO_VEHICLES = Number(process.env.DEMO_VEHICLES ?? 300);
const wrangler = path.join(ROOT, "node_modules", ".bin", "wrangler");

function step(msg: string) {
  console.log(`\n\u001b[1m▸ ${msg}\u001b[0m`);
}

step("Applying D1 migrations to the local database");
const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local"], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, CI: "true" },
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

step("Starting the demo dealership website on http://127.0.0.1:8790");
let demoSite = await startDemoSiteForDev({ count: DEMO_VEHICLES }).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});

step(`Starting the API Worker on ${API_URL} (wrangler dev)`);
const children: ChildProcess[] = [];
const dev = spawn(
  wrangler,
  // One wrangler dev for both Workers (API first: it gets the port), so they share local D1, Queues and
  // Durable Objects: the API enqueues scrape-jobs, the scraper consumes them and publishes progress.
  [
    "dev",
    "-c",
    "wrangler.toml",
    "-c",
    "workers/scraper/wrangler.toml",
    // The embedder consumes embed-jobs (inventory changes, rebuilds, vector migrations) into the local
    // vector store (the API's VectorIndex Durable Object).
    "-c",
    "workers/embedder/wrangler.toml",
    "--ip",
    "127.0.0.1",
    "--port",
    String(API_PORT),
    "--show-interactive-dev-session=false",
    // wrangler dev never fires crons itself: the tick below calls the API's scheduled handler (this flag
    // also exposes /__scheduled, for a manual tick from the browser).
    "--test-scheduled",
  ],
  {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: { ...process.env, FORCE_COLOR: "1" },
  },
);
children.push(dev);

// The admin UI (web/admin): Vite's dev server on 8788 against the local API, with the dev sign-in endpoint
// (web/admin/vite/dev-auth.ts signs tokens server-side; the secret never reaches the browser bundle).
const ADMIN_PORT = Number(process.env.ADMIN_PORT ?? 8788);
const ADMIN_URL = `http://127.0.0.1:${ADMIN_PORT}`;
step(`Starting the admin UI on ${ADMIN_URL} (vite)`);
const admin = spawn(
  path.join(ROOT, "web", "admin", "node_modules", ".bin", "vite"),
  ["--host", "127.0.0.1", "--port", String(ADMIN_PORT), "--strictPort", "--clearScreen", "false"],
  {
    cwd: path.join(ROOT, "web", "admin"),
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
    env: { ...process.env, VITE_API_URL: API_URL },
  },
);
children.push(admin);
admin.on("exit", (code) => {
  if (!stopping)
    console.error(
      `The admin UI (vite) exited (${code}); is port ${ADMIN_PORT} in use? The API keeps running.`,
    );
});

let stopping = false;
function signalChildren(signal: NodeJS.Signals) {
  for (const child of children) {
    // Each child leads its own process group (detached), so this reaches workerd under wrangler too.
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {}
    }
  }
}
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping…");
  void demoSite.close();
  signalChildren("SIGINT");
  setTimeout(() => {
    signalChildren("SIGKILL");
    process.exit(code);
  }, 5000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null))).then(
    () => process.exit(code),
  );
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
dev.on("exit", (code) => {
  if (!stopping) {
    console.error(`wrangler dev exited (${code}).`);
    stop(code ?? 1);
  }
});

try {
  await waitForHealth(`${API_URL}/v1/health`, 120_000, () => dev.exitCode === null);
  step("Seeding the demo dealership");
  const platformToken = await mintDevToken({ role: "platform_admin", subject: "dev-operator" });
  const demo = await seedDemo(API_URL, platformToken, DEMO_VEHICLES);
  const dealerToken = await mintDevToken({
    role: "dealer_admin",
    dealerships: [demo.dealershipId],
    subject: "dev-dealer-admin",
  });
  // The dealer-site widget (web/widget; the admin app serves /widget.js) on every demo-site page, with the
  // demo dealership's publishable key: the key exists only now, so the demo site restarts with it.
  const WIDGET_URL = `${ADMIN_URL}/widget.js?api=${encodeURIComponent(API_URL)}`;
  await demoSite.close();
  demoSite = await startDemoSiteForDev({
    count: DEMO_VEHICLES,
    widgetScriptUrl: WIDGET_URL,
    widgetApiKey: demo.apiKey,
  });
  // Drive the cron locally, once a minute on the minute, like Cloudflare would (scheduledTime = the minute):
  // the API's scheduled handler (workers/api/src/index.ts) runs the schedule tick (a scrape for every
  // dealership due on its own schedule and timezone) and the alert rules (workers/scraper/src/alerts.ts,
  // logged as `alerts evaluated`; ALERT_* in .dev.vars sends them somewhere, docs/operations.md).
  const tick = async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    // Miniflare's trigger endpoint (on the first Worker, the API) takes the scheduled time; /__scheduled
    // (--test-scheduled) would use "now", and the alert rules' windows want whole minutes.
    const res = await fetch(
      `${API_URL}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}&time=${minute}`,
    ).catch(() => null);
    await res?.arrayBuffer();
  };
  setTimeout(
    () => {
      void tick();
      setInterval(() => void tick(), 60_000).unref();
    },
    60_000 - (Date.now() % 60_000),
  ).unref();
  console.log(`
\u001b[1mForecourt is running\u001b[0m
  API              ${API_URL}/v1
  API reference    ${API_URL}/docs   (OpenAPI: ${API_URL}/openapi.json)
  Cron             schedule tick + alert rules every minute (${API_URL}/cdn-cgi/handler/scheduled)
  Admin UI         ${ADMIN_URL}   (development sign-in: pick a role and dealership)
  Demo dealer site ${demoSite.url}   (change it: curl -X POST ${demoSite.url}/__admin/advance)
  Website widget   ${ADMIN_URL}/widget.js   (on every demo-site page: search and chat, bottom right)
  Demo dealership  ${demo.dealershipId}
  Publishable key  ${demo.apiKey}

  Try it:
    curl -H "X-Api-Key: ${demo.apiKey}" "${API_URL}/v1/public/vehicles?make=Toyota&limit=3"
    curl -H "Authorization: Bearer $TOKEN" "${API_URL}/v1/dealerships/${demo.dealershipId}/vehicles?facets=make,bodyStyle&limit=3"

  Dev token (dealer_admin of the demo dealership, 12 h):
${dealerToken}

  Dev token (platform_admin, 12 h):
${platformToken}

Press Ctrl-C to stop. Local data persists in .wrangler/ (delete it to start over).`);
} catch (err) {
  console.error(`\nStart-up failed: ${(err as Error).message}`);
  stop(1);
}
