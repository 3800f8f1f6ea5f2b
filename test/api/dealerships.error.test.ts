import { describe, expect, it } from "vitest";
import { platformAdmin } from "./helpers/auth";
import { counts, createDealership, expectError } from "./helpers/fixtures";
import { call, get, patch, post } from "./helpers/http";

const valid = { name: "Valid Motors", websiteUrl: "https://valid.example" };

describe("dealerships: hostile input", () => {
  const createCases: [string, unknown, number, string][] = [
    ["missing name", { websiteUrl: "https://x.example" }, 400, "validation_failed"],
    ["name wrong type", { ...valid, name: 42 }, 400, "validation_failed"],
    ["empty name", { ...valid, name: "" }, 400, "validation_failed"],
    ["blank name", { ...valid, name: "    " }, 400, "validation_failed"],
    ["name too long", { ...valid, name: "x".repeat(201) }, 400, "validation_failed"],
    ["unknown field", { ...valid, ownerEmail: "x@y.z" }, 400, "validation_failed"],
    ["bad url", { ...valid, websiteUrl: "not a url" }, 400, "validation_failed"],
    ["javascript url", { ...valid, websiteUrl: "javascript:alert(1)" }, 400, "validation_failed"],
    ["url with credentials", { ...valid, websiteUrl: "https://u:p@x.example" }, 400, "validation_failed"],
    ["bad timezone", { ...valid, timezone: "Mars/Olympus" }, 400, "validation_failed"],
    ["bad cron", { ...valid, scrapeSchedule: { cron: "every day" } }, 400, "validation_failed"],
    ["cron out of range", { ...valid, scrapeSchedule: { cron: "99 3 * * *" } }, 400, "validation_failed"],
    [
      "unknown schedule field",
      { ...valid, scrapeSchedule: { cron: "0 3 * * *", tz: "UTC" } },
      400,
      "validation_failed",
    ],
    [
      "negative limit",
      { ...valid, rateLimits: { public: { limit: -1, windowSeconds: 60 } } },
      400,
      "validation_failed",
    ],
    [
      "zero window",
      { ...valid, rateLimits: { staff: { limit: 10, windowSeconds: 0 } } },
      400,
      "validation_failed",
    ],
    [
      "fractional limit",
      { ...valid, rateLimits: { staff: { limit: 1.5, windowSeconds: 60 } } },
      400,
      "validation_failed",
    ],
    [
      "unknown key class",
      { ...valid, rateLimits: { admin: { limit: 1, windowSeconds: 1 } } },
      400,
      "validation_failed",
    ],
    ["bad status", { ...valid, status: "deleted" }, 400, "validation_failed"],
    ["array body", [valid], 400, "validation_failed"],
    ["null body", null, 400, "validation_failed"],
  ];

  it.each(createCases)(
    "POST /v1/dealerships rejects %s and writes nothing",
    async (_name, body, status, code) => {
      const before = await counts();
      const res = await post("/v1/dealerships", body, { token: await platformAdmin() });
      const err = expectError(res, status, code);
      expect(err.message.length).toBeGreaterThan(10);
      expect(Array.isArray(err.details)).toBe(true);
      expect(await counts()).toEqual(before);
    },
  );

  it("malformed JSON is invalid_json; a non-JSON body is 415; an oversize body is 413 — nothing written", async () => {
    const token = await platformAdmin();
    const before = await counts();
    expectError(
      await call("/v1/dealerships", {
        method: "POST",
        token,
        rawBody: '{"name": "x",',
        headers: { "Content-Type": "application/json" },
      }),
      400,
      "invalid_json",
    );
    expectError(
      await call("/v1/dealerships", {
        method: "POST",
        token,
        rawBody: "name=x",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
      415,
      "unsupported_media_type",
    );
    expectError(
      await call("/v1/dealerships", {
        method: "POST",
        token,
        rawBody: JSON.stringify({ ...valid, name: "x".repeat(1_100_000) }),
        headers: { "Content-Type": "application/json" },
      }),
      413,
      "payload_too_large",
    );
    expectError(await call("/v1/dealerships", { method: "POST", token }), 400, "validation_failed");
    expect(await counts()).toEqual(before);
  });

  it.each([
    [
      "__proto__ key",
      '{"name":"x","websiteUrl":"https://x.example","__proto__":{"admin":true}}',
      "validation_failed",
    ],
    [
      "constructor key",
      '{"name":"x","websiteUrl":"https://x.example","constructor":{"prototype":{"a":1}}}',
      "validation_failed",
    ],
    ["deeply nested arrays", "[".repeat(50_000) + "]".repeat(50_000), "validation_failed"],
    [
      "1e400 (Infinity)",
      '{"name":"x","websiteUrl":"https://x.example","rateLimits":{"public":{"limit":1e400,"windowSeconds":60}}}',
      "validation_failed",
    ],
    ["NUL in name", '{"name":"Dealer\\u0000","websiteUrl":"https://x.example"}', "validation_failed"],
    ["escape in name", '{"name":"\\u001b[31mred","websiteUrl":"https://x.example"}', "validation_failed"],
    ["JSON string", '"just a string"', "validation_failed"],
    ["JSON true", "true", "validation_failed"],
    ["BOM before an empty object", "\uFEFF{}", "validation_failed"],
    ["NaN literal", '{"name":NaN}', "invalid_json"],
    ["trailing garbage", '{"name":"x","websiteUrl":"https://x.example"} extra', "invalid_json"],
  ])("JSON-level hostility: %s → 400, nothing written", async (_n, raw, code) => {
    const before = await counts();
    const res = await call("/v1/dealerships", {
      method: "POST",
      token: await platformAdmin(),
      rawBody: raw,
      headers: { "Content-Type": "application/json" },
    });
    expectError(res, 400, code);
    expect(await counts()).toEqual(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("details carry zod issues with paths", async () => {
    const res = await post(
      "/v1/dealerships",
      { ...valid, rateLimits: { public: { limit: "many", windowSeconds: 60 } } },
      { token: await platformAdmin() },
    );
    const err = expectError(res, 400, "validation_failed");
    expect(err.details[0]).toMatchObject({
      path: ["rateLimits", "public", "limit"],
      code: expect.any(String),
      message: expect.any(String),
    });
    expect(err.message).toMatch(/rateLimits\.public\.limit/);
  });

  it("PATCH rejects hostile input and leaves the row unchanged", async () => {
    const d = await createDealership();
    const token = await platformAdmin();
    for (const body of [
      { name: "" },
      { timezone: "Nowhere/City" },
      { websiteUrl: "ftp://x" },
      { id: "dlr_other" },
      { createdAt: "2020-01-01" },
      { status: 3 },
    ]) {
      const res = await patch(`/v1/dealerships/${d.id}`, body, { token });
      expectError(res, 400, "validation_failed");
    }
    const after = await get(`/v1/dealerships/${d.id}`, { token });
    expect(after.body).toEqual(d);
  });

  it("list rejects bad cursors, bad limits and unknown parameters", async () => {
    const token = await platformAdmin();
    expectError(await get("/v1/dealerships?cursor=%%%", { token }), 400, "validation_failed");
    expectError(await get("/v1/dealerships?cursor=bm90LWEtY3Vyc29y", { token }), 400, "bad_request");
    expectError(await get("/v1/dealerships?limit=0", { token }), 400, "validation_failed");
    expectError(await get("/v1/dealerships?limit=1000", { token }), 400, "validation_failed");
    expectError(await get("/v1/dealerships?limit=abc", { token }), 400, "validation_failed");
    expectError(await get("/v1/dealerships?status=active", { token }), 400, "validation_failed");
  });

  it("unknown and malformed ids", async () => {
    const token = await platformAdmin();
    expectError(await get("/v1/dealerships/dlr_00000000000000000000000000", { token }), 404, "not_found");
    expectError(
      await patch("/v1/dealerships/dlr_00000000000000000000000000", { name: "x" }, { token }),
      404,
      "not_found",
    );
    expectError(await get(`/v1/dealerships/${"x".repeat(65)}`, { token }), 400, "validation_failed");
    expectError(await get("/v1/dealerships/bad%20id", { token }), 400, "validation_failed");
  });
});
