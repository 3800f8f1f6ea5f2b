import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff, mintToken, platformAdmin } from "./helpers/auth";
import { createDealership } from "./helpers/fixtures";
import { get, patch, post } from "./helpers/http";

describe("dealerships: happy paths", () => {
  it("platform_admin creates with defaults and reads it back", async () => {
    const res = await post(
      "/v1/dealerships",
      { name: "  Riverside   Motors ", websiteUrl: "https://riverside.example" },
      { token: await platformAdmin() },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^dlr_[0-9a-z]{26}$/),
      name: "Riverside Motors",
      websiteUrl: "https://riverside.example/",
      timezone: "America/New_York",
      scrapeSchedule: { enabled: true, cron: "0 3 * * *" },
      rateLimits: { public: { limit: 600, windowSeconds: 60 }, staff: { limit: 1200, windowSeconds: 60 } },
      status: "active",
    });
    const again = await get(`/v1/dealerships/${res.body.id}`, { token: await platformAdmin() });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
  });

  it("creates with every field set", async () => {
    const res = await post(
      "/v1/dealerships",
      {
        name: "Lakeside Autos",
        websiteUrl: "http://lakeside.example/inventory",
        timezone: "America/Chicago",
        scrapeSchedule: { enabled: false, cron: "30 2 * * 1-5" },
        rateLimits: { public: { limit: 100, windowSeconds: 10 } },
        status: "onboarding",
      },
      { token: await platformAdmin() },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      timezone: "America/Chicago",
      scrapeSchedule: { enabled: false, cron: "30 2 * * 1-5" },
      rateLimits: { public: { limit: 100, windowSeconds: 10 }, staff: { limit: 1200, windowSeconds: 60 } },
      status: "onboarding",
    });
  });

  it("lists: platform_admin sees all (paginated), dealer roles only their own", async () => {
    const a = await createDealership();
    const b = await createDealership();
    const c = await createDealership();
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await get(
        `/v1/dealerships?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        {
          token: await platformAdmin(),
        },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      all.push(...page.body.items.map((d: any) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(new Set(all).size).toBe(all.length);

    const mine = await get("/v1/dealerships", {
      token: await mintToken("dealer_staff", { dealerships: [a.id, c.id] }),
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((d: any) => d.id).sort()).toEqual([a.id, c.id].sort());
    expect(mine.body.nextCursor).toBeNull();
  });

  it("dealer roles can read their own dealership", async () => {
    const d = await createDealership();
    for (const token of [await dealerAdmin(d.id), await dealerStaff(d.id)]) {
      const res = await get(`/v1/dealerships/${d.id}`, { token });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(d.id);
    }
  });

  it("platform_admin patches anything, including status and rate limits", async () => {
    const d = await createDealership();
    const res = await patch(
      `/v1/dealerships/${d.id}`,
      {
        status: "paused",
        rateLimits: { staff: { limit: 50, windowSeconds: 60 } },
        scrapeSchedule: { cron: "0 4 * * *" },
      },
      { token: await platformAdmin() },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "paused",
      rateLimits: { public: d.rateLimits.public, staff: { limit: 50, windowSeconds: 60 } },
      scrapeSchedule: { enabled: true, cron: "0 4 * * *" },
    });
  });

  it("dealer_admin patches name, website, timezone and schedule of their own", async () => {
    const d = await createDealership();
    const res = await patch(
      `/v1/dealerships/${d.id}`,
      {
        name: "Renamed Motors",
        websiteUrl: "https://renamed.example/",
        timezone: "Europe/London",
        scrapeSchedule: { enabled: false },
      },
      { token: await dealerAdmin(d.id) },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Renamed Motors",
      websiteUrl: "https://renamed.example/",
      timezone: "Europe/London",
      scrapeSchedule: { enabled: false, cron: d.scrapeSchedule.cron },
      status: d.status,
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(d.updatedAt));
  });

  it("an empty patch changes nothing", async () => {
    const d = await createDealership();
    const res = await patch(`/v1/dealerships/${d.id}`, {}, { token: await platformAdmin() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(d);
  });
});
