import { env } from "cloudflare:workers";
import { expect, inject } from "vitest";
import { dealerAdmin, platformAdmin } from "../../api/helpers/auth";
import { type ApiResponse, call, get, post } from "../../api/helpers/http";
import type { DemoSiteName } from "./demo-sites";

export const DB = (env as unknown as { DB: D1Database }).DB;

const TERMINAL = new Set(["succeeded", "needs_review", "failed", "dead"]);

/** Base URL of one of the demo sites started for this project. */
export function siteUrl(name: DemoSiteName): string {
  return inject("demoSites")[name];
}

/** Calls a demo site's admin endpoint (loopback only). */
export async function siteAdmin(name: DemoSiteName, path: string, method = "POST"): Promise<any> {
  const res = await fetch(`${siteUrl(name)}/__admin/${path}`, { method });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text);
}

/** The site's current lot: the truth a scrape should find. */
export async function siteState(
  name: DemoSiteName,
): Promise<{ vins: string[]; count: number; generation: number }> {
  return siteAdmin(name, "state", "GET");
}

let seq = 0;
/** A dealership (created by a platform admin) whose website is the named demo site. */
export async function dealershipFor(name: DemoSiteName, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await post(
    "/v1/dealerships",
    {
      name: `Pipeline ${name} ${Date.now().toString(36)}-${seq++}`,
      websiteUrl: `${siteUrl(name)}/`,
      timezone: "America/Chicago",
      ...extra,
    },
    { token: await platformAdmin() },
  );
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function startScrape(
  dealershipId: string,
  opts: { key?: string; body?: unknown; token?: string } = {},
): Promise<ApiResponse> {
  return call(`/v1/dealerships/${dealershipId}/scrapes`, {
    method: "POST",
    token: opts.token ?? (await dealerAdmin(dealershipId)),
    json: opts.body ?? {},
    headers: opts.key ? { "Idempotency-Key": opts.key } : {},
  });
}

/** Polls GET /v1/jobs/{id} until `done(job)` (default: a terminal status). */
export async function waitForJob(
  jobId: string,
  done: (job: any) => boolean = (j) => TERMINAL.has(j.status),
  timeoutMs = 45_000,
): Promise<any> {
  const token = await platformAdmin();
  const started = Date.now();
  let last: any = null;
  while (Date.now() - started < timeoutMs) {
    const res = await get(`/v1/jobs/${jobId}`, { token });
    expect(res.status, res.text).toBe(200);
    last = res.body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `job ${jobId} did not get there in ${timeoutMs} ms; last state: ${JSON.stringify(last).slice(0, 1500)}`,
  );
}

/** Every vehicle of a dealership in the given statuses (pages through the search). */
export async function vehiclesOf(dealershipId: string, status = "active,sold,removed"): Promise<any[]> {
  const token = await platformAdmin();
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const q: string = `status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await get(`/v1/dealerships/${dealershipId}/vehicles?${q}`, { token });
    expect(res.status, res.text).toBe(200);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

export const sorted = (xs: string[]) => [...xs].sort();
