import { describe, expect, it } from "vitest";
import type { Repositories, ScheduleCandidate, ScrapeTask } from "../../packages/db/src/index";
import { EMPTY_SCRAPE_COUNTS } from "../../packages/domain/src/index";
import {
  assessHealth,
  canonicalListingUrl,
  DEFAULT_SCRAPE_SETTINGS,
  dueSlot,
  fixedClock,
  invalidMessage,
  isTransientFetch,
  latestCronSlot,
  messageRefs,
  nullProgress,
  parseSitemap,
  protectedUrlsOf,
  retryDelaySeconds,
  type ScheduleMessage,
  type ScrapeJobService,
  type ScrapeQueue,
  ScrapeScheduler,
  sameSite,
  toVehicleInput,
} from "../../packages/services/src/index";
import { parseScraperConfig } from "../../workers/scraper/src/config";

const rules = DEFAULT_SCRAPE_SETTINGS.health;
const counts = (o: Partial<typeof EMPTY_SCRAPE_COUNTS>) => ({ ...EMPTY_SCRAPE_COUNTS, ...o });

describe("retry backoff (exponential, equal jitter, capped)", () => {
  it("doubles per attempt within [half, full] and respects the cap", () => {
    const policy = { baseSeconds: 30, maxSeconds: 600 };
    expect(retryDelaySeconds(1, policy, () => 0)).toBe(15);
    expect(retryDelaySeconds(1, policy, () => 1)).toBe(30);
    expect(retryDelaySeconds(3, policy, () => 1)).toBe(120);
    expect(retryDelaySeconds(3, policy, () => 0)).toBe(60);
    expect(retryDelaySeconds(10, policy, () => 1)).toBe(600);
    expect(retryDelaySeconds(10, policy, () => 0)).toBe(300);
    expect(retryDelaySeconds(0, policy, () => 1)).toBe(30);
    expect(retryDelaySeconds(5, { baseSeconds: 0, maxSeconds: 0 })).toBe(0);
    expect(retryDelaySeconds(40, { baseSeconds: 3600, maxSeconds: 99_999 }, () => 1)).toBe(43_200);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelaySeconds(4, policy)));
    expect(spread.size).toBeGreaterThan(5);
  });
});

describe("health: may a scrape remove what it did not see?", () => {
  const base = {
    truncated: null,
    unseen: 1,
    activeBefore: 100,
    baseline: { jobId: "job_1", vehiclesFound: 100 },
  };
  it("a complete, healthy scrape may", () => {
    const d = assessHealth(
      { ...base, counts: counts({ pagesFetched: 110, pagesFailed: 2, vehiclesFound: 99 }) },
      rules,
    );
    expect(d).toEqual({ healthy: true, reasons: [], baselineFound: 100 });
  });
  it("far fewer than the last healthy scrape, mostly errors, incomplete, mass removal, nothing fetched: review", () => {
    const few = assessHealth({ ...base, counts: counts({ pagesFetched: 20, vehiclesFound: 10 }) }, rules);
    expect(few.healthy).toBe(false);
    expect(few.reasons[0]).toMatch(
      /found 10 vehicles, fewer than 70% of the baseline: the last healthy scrape \(job_1\) found 100/,
    );
    const errors = assessHealth(
      { ...base, counts: counts({ pagesFetched: 40, pagesFailed: 60, vehiclesFound: 90 }) },
      rules,
    );
    expect(errors.reasons).toEqual(["mostly errors: 60 of 100 pages failed (more than 50%)"]);
    const cut = assessHealth(
      {
        ...base,
        truncated: "page budget of 5 pages reached",
        counts: counts({ pagesFetched: 5, vehiclesFound: 99 }),
      },
      rules,
    );
    expect(cut.reasons).toEqual(["incomplete: page budget of 5 pages reached"]);
    const mass = assessHealth(
      { ...base, unseen: 60, counts: counts({ pagesFetched: 100, vehiclesFound: 100 }) },
      rules,
    );
    expect(mass.reasons).toEqual(["would remove 60 of 100 active vehicles (more than 50%)"]);
    expect(assessHealth({ ...base, counts: counts({}) }, rules).reasons[0]).toBe("no page could be fetched");
  });
  it("first scrape: the baseline is the active inventory; an empty lot is fine; small lots may sell most cars", () => {
    const first = assessHealth(
      {
        truncated: null,
        unseen: 0,
        activeBefore: 50,
        baseline: null,
        counts: counts({ pagesFetched: 5, vehiclesFound: 3 }),
      },
      rules,
    );
    expect(first.reasons[0]).toMatch(/50 vehicles were active/);
    expect(
      assessHealth(
        {
          truncated: null,
          unseen: 0,
          activeBefore: 0,
          baseline: null,
          counts: counts({ pagesFetched: 3, vehiclesFound: 3 }),
        },
        rules,
      ).healthy,
    ).toBe(true);
    expect(
      assessHealth(
        {
          truncated: null,
          unseen: 3,
          activeBefore: 5,
          baseline: { jobId: "j", vehiclesFound: 3 },
          counts: counts({ pagesFetched: 3, vehiclesFound: 3 }),
        },
        rules,
      ).healthy,
    ).toBe(true);
  });
});

describe("crawl helpers", () => {
  it("parses sitemaps and sitemap indexes (entities, CDATA, limits)", () => {
    const xml = `<?xml version="1.0"?><urlset><url><loc> https://d.example/a?x=1&amp;y=2 </loc></url><url><loc><![CDATA[https://d.example/b]]></loc></url></urlset>`;
    expect(parseSitemap(xml)).toEqual({
      index: false,
      urls: ["https://d.example/a?x=1&y=2", "https://d.example/b"],
    });
    expect(parseSitemap(xml, 1).urls).toHaveLength(1);
    expect(
      parseSitemap(`<sitemapindex><sitemap><loc>https://d.example/s1.xml</loc></sitemap></sitemapindex>`),
    ).toEqual({
      index: true,
      urls: ["https://d.example/s1.xml"],
    });
    expect(parseSitemap("garbage <loc></loc>")).toEqual({ index: false, urls: [] });
  });
  it("reduces listing URLs to their pagination", () => {
    expect(canonicalListingUrl("/inventory?make=Ford&sort=price&page=2", "https://d.example/x")).toBe(
      "https://d.example/inventory?page=2",
    );
    expect(canonicalListingUrl("https://d.example/inventory?condition=new#top")).toBe(
      "https://d.example/inventory",
    );
    expect(canonicalListingUrl("https://d.example/used?Start=24&q=x")).toBe(
      "https://d.example/used?Start=24",
    );
    expect(canonicalListingUrl("javascript:alert(1)")).toBeNull();
  });
  it("same site ignores www. but not ports or other hosts", () => {
    expect(sameSite("https://www.d.example/a", "https://d.example/")).toBe(true);
    expect(sameSite("http://127.0.0.1:8790/a", "http://127.0.0.1:8791/")).toBe(false);
    expect(sameSite("https://evil.example/", "https://d.example/")).toBe(false);
  });
  it("transient fetch failures: network, timeout, 5xx, 429, 408", () => {
    expect(isTransientFetch("timeout")).toBe(true);
    expect(isTransientFetch("network_error")).toBe(true);
    expect(isTransientFetch("http_error", 503)).toBe(true);
    expect(isTransientFetch("http_error", 429)).toBe(true);
    expect(isTransientFetch("http_error", 404)).toBe(false);
    expect(isTransientFetch("ssrf_refused")).toBe(false);
    expect(isTransientFetch("robots_disallowed")).toBe(false);
  });
  it("pages that failed, or batches that never completed, protect their vehicles from removal", () => {
    const task = (o: Partial<ScrapeTask>): ScrapeTask => ({
      jobId: "j",
      taskKey: "f",
      kind: "fetch",
      dealershipId: "d",
      urls: [],
      status: "done",
      leaseToken: null,
      leaseUntil: null,
      attempts: 1,
      result: null,
      createdAt: "",
      completedAt: null,
      ...o,
    });
    expect(
      protectedUrlsOf([
        task({ urls: ["a", "b"], result: { failedUrls: ["b"] } }),
        task({ urls: ["c"], status: "pending" }),
        task({ urls: ["d"], result: { failedUrls: "nope" } }),
      ]).sort(),
    ).toEqual(["b", "c"]);
  });
  it("extracted vehicles are tidied to the inventory's limits", () => {
    const input = toVehicleInput(
      {
        vin: "1HGCM82633A004352",
        year: 2003,
        make: "Honda",
        model: "Accord",
        description: `x\u0000y ${"z".repeat(30_000)}`,
        trim: "  EX  ",
        photos: ["https://img/1.jpg", "javascript:1", `https://img/${"a".repeat(3000)}`],
        url: "https://d.example/v/1",
        sourceUrl: "https://d.example/v/1",
        sources: {},
        warnings: [],
      },
      "https://d.example/v/1",
    );
    expect(input.description?.length).toBe(20_000);
    expect(input.description?.startsWith("x y")).toBe(true);
    expect(input.trim).toBe("EX");
    expect(input.photos).toEqual(["https://img/1.jpg"]);
    expect(input).toMatchObject({ sourceUrl: "https://d.example/v/1", status: "active" });
    expect(input).not.toHaveProperty("condition");
  });
});

describe("queue messages", () => {
  it("validates bodies and extracts references from anything", () => {
    const ok = {
      v: 1,
      type: "fetch-batch",
      jobId: "job_1",
      dealershipId: "dlr_1",
      task: "f:d:0:0#3",
      requestId: "r",
    };
    expect(invalidMessage(ok)).toBeNull();
    expect(invalidMessage({ ...ok, v: 2 })).toMatch(/version/);
    expect(invalidMessage({ ...ok, task: "a b" })).toMatch(/task/);
    expect(invalidMessage({ ...ok, type: "discover", round: -1, offset: 0 })).toMatch(/round/);
    expect(invalidMessage({ ...ok, jobId: "'; drop" })).toMatch(/jobId/);
    expect(invalidMessage(null)).toMatch(/not an object/);
    expect(messageRefs(ok)).toEqual({ jobId: "job_1", dealershipId: "dlr_1" });
    expect(messageRefs("x")).toEqual({ jobId: null, dealershipId: null });
  });
});

describe("schedules: five-field cron in the dealership's timezone", () => {
  it("latest slot at or before now, DST-aware", () => {
    expect(
      latestCronSlot("0 3 * * *", "America/Chicago", new Date("2026-03-10T12:00:00Z"))?.toISOString(),
    ).toBe("2026-03-10T08:00:00.000Z");
    // Before the US DST change (Mar 8 2026) 03:00 CST is 09:00 UTC.
    expect(
      latestCronSlot("0 3 * * *", "America/Chicago", new Date("2026-03-07T12:00:00Z"))?.toISOString(),
    ).toBe("2026-03-07T09:00:00.000Z");
    expect(latestCronSlot("0 3 * * *", "Asia/Tokyo", new Date("2026-03-10T12:00:00Z"))?.toISOString()).toBe(
      "2026-03-09T18:00:00.000Z",
    );
    expect(latestCronSlot("*/5 * * * *", "UTC", new Date("2026-03-10T12:05:00Z"))?.toISOString()).toBe(
      "2026-03-10T12:05:00.000Z",
    );
    expect(latestCronSlot("0 0 * * 1-5", "UTC", new Date("2026-03-08T12:00:00Z"))?.toISOString()).toBe(
      "2026-03-06T00:00:00.000Z",
    );
    expect(latestCronSlot("not cron", "UTC", new Date())).toBeNull();
    expect(latestCronSlot("0 3 * * *", "Not/AZone", new Date())).toBeNull();
  });
  it("due when the latest slot is newer than the last one enqueued (or the dealership's creation)", () => {
    const dealership = {
      id: "dlr_1",
      name: "D",
      websiteUrl: "https://d.example/",
      timezone: "UTC",
      scrapeSchedule: { enabled: true, cron: "0 3 * * *" },
      rateLimits: { public: { limit: 1, windowSeconds: 1 }, staff: { limit: 1, windowSeconds: 1 } },
      status: "active" as const,
      createdAt: "2026-03-01T10:00:00.000Z",
      updatedAt: "2026-03-01T10:00:00.000Z",
    };
    const at = new Date("2026-03-02T04:00:00Z");
    expect(dueSlot({ dealership, lastSlotAt: null }, at)?.toISOString()).toBe("2026-03-02T03:00:00.000Z");
    expect(dueSlot({ dealership, lastSlotAt: "2026-03-02T03:00:00.000Z" }, at)).toBeNull();
    expect(dueSlot({ dealership, lastSlotAt: null }, new Date("2026-03-01T12:00:00Z"))).toBeNull();
    expect(dueSlot({ dealership: { ...dealership, status: "paused" }, lastSlotAt: null }, at)).toBeNull();
    expect(
      dueSlot(
        {
          dealership: { ...dealership, scrapeSchedule: { enabled: false, cron: "0 3 * * *" } },
          lastSlotAt: null,
        },
        at,
      ),
    ).toBeNull();
  });
  it("one failing dealership never stops the others; failures are recorded", async () => {
    const make = (id: string): ScheduleCandidate => ({
      dealership: {
        id,
        name: id,
        websiteUrl: "https://d.example/",
        timezone: "UTC",
        scrapeSchedule: { enabled: true, cron: "*/5 * * * *" },
        rateLimits: { public: { limit: 1, windowSeconds: 1 }, staff: { limit: 1, windowSeconds: 1 } },
        status: "active",
        createdAt: "2026-03-01T00:00:00.000Z",
        updatedAt: "2026-03-01T00:00:00.000Z",
      },
      lastSlotAt: null,
    });
    const candidates = ["dlr_a", "dlr_bad", "dlr_c", "dlr_busy"].map(make);
    const recorded: Record<string, { slotAt?: string; error?: string | null }> = {};
    const repos = {
      scrapes: {
        scheduleCandidates: async () => ({ items: candidates, nextCursor: null }),
        scheduleCandidatesByIds: async (ids: string[]) =>
          candidates.filter((c) => ids.includes(c.dealership.id)),
        recordScheduleResults: async (
          rs: { dealershipId: string; slotAt?: string; error?: string | null }[],
        ) => {
          for (const { dealershipId, ...r } of rs) recorded[dealershipId] = r;
        },
        stalledJobs: async () => [],
      },
    } as unknown as Repositories;
    const started: string[] = [];
    const jobs = {
      startScheduled: async (d: { id: string }) => {
        if (d.id === "dlr_bad") throw new Error("queue unavailable");
        if (d.id === "dlr_busy") return { outcome: "busy", job: null };
        started.push(d.id);
        return { outcome: "created", job: null };
      },
    } as unknown as ScrapeJobService;
    const sent: { body: ScheduleMessage; delaySeconds?: number }[] = [];
    const queue = {
      send: async (body: ScheduleMessage, o?: { delaySeconds?: number }) => void sent.push({ body, ...o }),
      sendBatch: async (ms: { body: ScheduleMessage; delaySeconds?: number }[]) => void sent.push(...ms),
    } as unknown as ScrapeQueue;
    const scheduler = new ScrapeScheduler(
      repos,
      fixedClock("2026-03-02T00:01:00Z"),
      jobs,
      nullProgress,
      { ...DEFAULT_SCRAPE_SETTINGS, scheduleSpreadSeconds: 0 },
      queue,
    );
    // The tick only decides and enqueues: one `schedule` message naming the four due slots.
    const tick = await scheduler.tick("req_1", new Date("2026-03-02T00:01:00Z"));
    expect(tick).toMatchObject({ checked: 4, due: 4, messages: 1, continued: false, stalled: [] });
    expect(started).toEqual([]);
    expect(sent).toHaveLength(1);
    const msg = sent[0]?.body as ScheduleMessage;
    expect(msg).toMatchObject({ type: "schedule", at: "2026-03-02T00:01:00.000Z", requestId: "req_1" });
    expect(msg.dealerships.map((d) => d.slot)).toEqual(Array(4).fill("2026-03-02T00:00:00.000Z"));

    // The consumer starts them; each dealership on its own.
    const result = await scheduler.startDue(msg);
    expect(result).toMatchObject({
      started: 2,
      busy: 1,
      skipped: 0,
      failed: [{ dealershipId: "dlr_bad", error: "queue unavailable" }],
    });
    expect(started.sort()).toEqual(["dlr_a", "dlr_c"]);
    expect(recorded.dlr_bad).toEqual({ now: "2026-03-02T00:01:00.000Z", error: "queue unavailable" });
    expect(recorded.dlr_a).toMatchObject({ slotAt: "2026-03-02T00:00:00.000Z", error: null });
    expect(recorded.dlr_busy).toMatchObject({ slotAt: "2026-03-02T00:00:00.000Z" });
  });
});

describe("scraper configuration", () => {
  const env = {
    ENVIRONMENT: "development",
    DB: { prepare() {}, batch() {} } as never,
    SCRAPE_JOBS: { send() {} } as never,
  };
  it("development: the demo site may be allow-listed; DNS is not resolved", () => {
    const c = parseScraperConfig({
      ...env,
      SCRAPER_DEV_ALLOW_HOSTS: "127.0.0.1:8790",
      SCRAPER_BATCH_SIZE: "7",
    });
    expect(c.policy.allowHosts).toEqual(["127.0.0.1:8790"]);
    expect(c.dns).toBe("none");
    expect(c.settings.batchSize).toBe(7);
  });
  it("production: no allow-list, DNS over HTTPS required, bad values named", () => {
    expect(() =>
      parseScraperConfig({ ...env, ENVIRONMENT: "production", SCRAPER_DEV_ALLOW_HOSTS: "127.0.0.1:8790" }),
    ).toThrow(/SCRAPER_DEV_ALLOW_HOSTS/);
    expect(parseScraperConfig({ ...env, ENVIRONMENT: "production" }).dns).toBe("doh");
    expect(() => parseScraperConfig({ ...env, ENVIRONMENT: "production", SCRAPER_DNS: "none" })).toThrow(
      /SCRAPER_DNS/,
    );
    expect(() => parseScraperConfig({ ...env, SCRAPER_BATCH_SIZE: "0" })).toThrow(/SCRAPER_BATCH_SIZE/);
    expect(() => parseScraperConfig({ ...env, SCRAPE_JOBS: undefined })).toThrow(/SCRAPE_JOBS/);
  });
  it("per-job budgets: pages, bytes and seconds from the env, defaults otherwise, bad values named", () => {
    expect(parseScraperConfig(env).settings.budget).toEqual(DEFAULT_SCRAPE_SETTINGS.budget);
    const c = parseScraperConfig({
      ...env,
      SCRAPER_JOB_MAX_PAGES: "1200",
      SCRAPER_JOB_MAX_BYTES: String(200 * 1024 * 1024),
      SCRAPER_JOB_MAX_SECONDS: "900",
    });
    expect(c.settings.budget).toEqual({ maxPages: 1200, maxBytes: 200 * 1024 * 1024, maxSeconds: 900 });
    // the rest of the settings keep their defaults
    expect(c.settings.batchSize).toBe(DEFAULT_SCRAPE_SETTINGS.batchSize);
    for (const [setting, value, why] of [
      ["SCRAPER_JOB_MAX_BYTES", "1000", /at least 65536/],
      ["SCRAPER_JOB_MAX_BYTES", "10MB", /whole number/],
      ["SCRAPER_JOB_MAX_SECONDS", "5", /at least 10/],
      ["SCRAPER_JOB_MAX_SECONDS", String(8 * 24 * 3600), /at most 604800/],
      ["SCRAPER_JOB_MAX_PAGES", "0", /at least 1/],
      ["SCRAPER_JOB_MAX_PAGES", "-3", /whole number/],
    ] as const) {
      let err: unknown;
      try {
        parseScraperConfig({ ...env, [setting]: value });
      } catch (e) {
        err = e;
      }
      expect(err, `${setting}=${value}`).toBeInstanceOf(Error);
      expect((err as Error).message).toContain(setting);
      expect((err as Error).message).toMatch(why);
    }
  });
});
