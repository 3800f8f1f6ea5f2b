/**
 * Diagnostics for issue 6 (NOT wired into any test): which kind of request grows the Workers' workerd.
 * One local stack (same as the soak: API + scraper + embedder, seeded the same way), a warm-up of the full
 * mix, then cycles of single-kind phases (idle, health, search, detail, semantic, update, upsert), each
 * `phaseSeconds` long. For every phase it prints the Workers' workerd RSS before/after (median of 3
 * samples each side), the V8 cage vs the rest of anonymous memory, the requests served and KB per request.
 *
 *   npx tsx test/load/memphases.ts [warmupRequests=20000] [phaseSeconds=40] [cycles=2] [kinds=all]
 *
 * env: MEMPHASES_VARS='{"LOG_LEVEL":"error"}' (extra wrangler --vars for the API and embedder).
 */
import autocannon from "autocannon";
import { freePort, startLocalApi } from "../browser/support/stack";
import { anonRegionRoles, readProc } from "./memsample";
import {
  cannonRequest,
  commandLine,
  type Kind,
  median,
  mix,
  seed,
  splitWorkerd,
  type Template,
  workerdPids,
} from "./soak";

type Phase = Kind | "idle" | "health";
const warmupRequests = Number(process.argv[2] ?? 20_000);
const phaseSeconds = Number(process.argv[3] ?? 40);
const cycles = Number(process.argv[4] ?? 2);
const kinds = (process.argv[5] ?? "idle,health,search,detail,semantic,update,upsert").split(",") as Phase[];
const vars = process.env.MEMPHASES_VARS
  ? (JSON.parse(process.env.MEMPHASES_VARS) as Record<string, string>)
  : undefined;

const port = await freePort();
const api = await startLocalApi({
  name: "memphases",
  scraperAllowHosts: [],
  embedder: true,
  port,
  ...(vars ? { vars } : {}),
  privateRegistry: true,
});

function memory(): { rss: number; cage: number; other: number } {
  const { workers } = splitWorkerd(
    workerdPids(api.persistDir).map((pid) => ({ pid, cmdline: commandLine(pid) })),
    port,
  );
  let rss = 0;
  let cage = 0;
  let anon = 0;
  for (const pid of workers) {
    const p = readProc(pid);
    if (!p) continue;
    const roles = anonRegionRoles(pid);
    rss += p.vmRssKb;
    anon += p.rssAnonKb;
    for (const [k, v] of Object.entries(p.anonRegions)) if (roles[k] === "v8-cage") cage += v;
  }
  return { rss: rss / 1024, cage: cage / 1024, other: (anon - cage) / 1024 };
}
async function settled() {
  const xs: ReturnType<typeof memory>[] = [];
  for (let i = 0; i < 3; i++) {
    xs.push(memory());
    await new Promise((r) => setTimeout(r, 700));
  }
  return {
    rss: median(xs.map((x) => x.rss)),
    cage: median(xs.map((x) => x.cage)),
    other: median(xs.map((x) => x.other)),
  };
}

try {
  const seeded = await seed(api.url, 5, 12);
  const templates = mix(seeded, 0.15).filter(
    (t) =>
      !seeded.find((s) => s.hot && (t.headers["X-Api-Key"] === s.key || t.path.includes(s.dealershipId))),
  );
  let writes = 0;
  const fire = (list: Template[], limit: { duration: number } | { amount: number }) =>
    autocannon({
      url: api.url,
      connections: 8,
      ...limit,
      timeout: 30,
      requests: list.map((t) => cannonRequest(t, () => writes++)) as never,
    });
  console.log(`[phases] stack ${api.url}; warm-up ${warmupRequests} requests of the full mix`);
  const w0 = await settled();
  const t0 = Date.now();
  if (warmupRequests > 0) await fire(templates, { amount: warmupRequests });
  const w1 = await settled();
  console.log(
    `[phases] warm-up ${((Date.now() - t0) / 1000).toFixed(0)} s: rss ${w0.rss.toFixed(0)} -> ${w1.rss.toFixed(0)} MB (cage ${w0.cage.toFixed(0)} -> ${w1.cage.toFixed(0)}, other anon ${w0.other.toFixed(0)} -> ${w1.other.toFixed(0)})`,
  );
  const totals = new Map<Phase, { mb: number; cage: number; other: number; req: number; s: number }>();
  for (let c = 0; c < cycles; c++) {
    for (const phase of kinds) {
      const before = await settled();
      const started = Date.now();
      let requests = 0;
      let non2xx = 0;
      if (phase === "idle") await new Promise((r) => setTimeout(r, phaseSeconds * 1000));
      else {
        const list: Template[] =
          phase === "health"
            ? [{ kind: "search", dealership: 0, method: "GET", path: "/v1/health", headers: {} }]
            : templates.filter((t) => t.kind === phase);
        const r = await fire(list, { duration: phaseSeconds });
        requests = r.requests.total;
        non2xx = r.non2xx;
      }
      const after = await settled();
      const d = {
        mb: after.rss - before.rss,
        cage: after.cage - before.cage,
        other: after.other - before.other,
      };
      const t = totals.get(phase) ?? { mb: 0, cage: 0, other: 0, req: 0, s: 0 };
      totals.set(phase, {
        mb: t.mb + d.mb,
        cage: t.cage + d.cage,
        other: t.other + d.other,
        req: t.req + requests,
        s: t.s + (Date.now() - started) / 1000,
      });
      console.log(
        `[phases] cycle ${c + 1} ${phase.padEnd(8)} ${String(requests).padStart(6)} req (${non2xx} non-2xx): rss ${before.rss.toFixed(0)} -> ${after.rss.toFixed(0)} (${d.mb >= 0 ? "+" : ""}${d.mb.toFixed(1)} MB; cage ${d.cage.toFixed(1)}, other ${d.other.toFixed(1)})${requests ? `, ${((d.mb * 1024) / requests).toFixed(2)} KB/req` : ""}`,
      );
    }
  }
  console.log("[phases] totals over all cycles:");
  for (const [phase, t] of totals)
    console.log(
      `[phases]   ${phase.padEnd(8)} ${String(t.req).padStart(7)} req in ${t.s.toFixed(0)} s: ${t.mb.toFixed(1)} MB (cage ${t.cage.toFixed(1)}, other ${t.other.toFixed(1)})${t.req ? `, ${((t.mb * 1024) / t.req).toFixed(2)} KB/req` : `, ${((t.mb / t.s) * 60).toFixed(1)} MB/min`}`,
    );
} finally {
  await api.stop();
}
