import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff, platformAdmin } from "./helpers/auth";
import { counts, createDealership, DB, expectError } from "./helpers/fixtures";
import { call, del, get, post } from "./helpers/http";

describe("api keys: happy", () => {
  it("dealer_admin creates a key: returned once, stored hashed, prefix shown", async () => {
    const d = await createDealership();
    const res = await post(
      `/v1/dealerships/${d.id}/api-keys`,
      { name: "Main website" },
      { token: await dealerAdmin(d.id) },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^key_[0-9a-z]{26}$/),
      dealershipId: d.id,
      name: "Main website",
      key: expect.stringMatching(/^fc_pk_[0-9A-Za-z]{40}$/),
      revokedAt: null,
    });
    expect(res.body.key.startsWith(res.body.prefix)).toBe(true);
    expect(res.body.prefix.length).toBeLessThan(res.body.key.length - 30);

    const row = await DB.prepare("SELECT * FROM api_keys WHERE id = ?")
      .bind(res.body.id)
      .first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(res.body.key);
    expect(Object.values(row!)).toContain(
      [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(res.body.key)))]
        .map((b) => b.toString(16).padStart(2, "0"))
        .join(""),
    );

    const list = await get(`/v1/dealerships/${d.id}/api-keys`, { token: await dealerAdmin(d.id) });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).not.toHaveProperty("key");
    expect(list.text).not.toContain(res.body.key);
  });

  it("body is optional (default name); platform_admin may manage keys too", async () => {
    const d = await createDealership();
    const res = await call(`/v1/dealerships/${d.id}/api-keys`, {
      method: "POST",
      token: await platformAdmin(),
    });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("API key");
  });

  it("rotation without downtime: two keys work at once; revoking one leaves the other", async () => {
    const d = await createDealership();
    const token = await dealerAdmin(d.id);
    const k1 = (await post(`/v1/dealerships/${d.id}/api-keys`, { name: "old" }, { token })).body;
    const k2 = (await post(`/v1/dealerships/${d.id}/api-keys`, { name: "new" }, { token })).body;
    expect((await get("/v1/public/vehicles", { apiKey: k1.key })).status).toBe(200);
    expect((await get("/v1/public/vehicles", { apiKey: k2.key })).status).toBe(200);

    const revoked = await del(`/v1/dealerships/${d.id}/api-keys/${k1.id}`, { token });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: k1.id, revokedAt: expect.any(String) });
    expectError(await get("/v1/public/vehicles", { apiKey: k1.key }), 401, "unauthorized");
    expect((await get("/v1/public/vehicles", { apiKey: k2.key })).status).toBe(200);

    const again = await del(`/v1/dealerships/${d.id}/api-keys/${k1.id}`, { token });
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const list = await get(`/v1/dealerships/${d.id}/api-keys`, { token });
    expect(list.body.items.map((k: any) => [k.name, k.revokedAt !== null])).toEqual([
      ["old", true],
      ["new", false],
    ]);
  });
});

describe("api keys: errors", () => {
  it.each([
    ["unknown field", { name: "x", scopes: ["write"] }],
    ["empty name", { name: "" }],
    ["long name", { name: "x".repeat(101) }],
    ["wrong type", { name: 7 }],
  ])("create rejects %s and writes nothing", async (_n, body) => {
    const d = await createDealership();
    const res = await post(`/v1/dealerships/${d.id}/api-keys`, body, { token: await dealerAdmin(d.id) });
    expectError(res, 400, "validation_failed");
    expect((await counts(d.id)).apiKeys).toBe(0);
  });

  it("malformed JSON", async () => {
    const d = await createDealership();
    const res = await call(`/v1/dealerships/${d.id}/api-keys`, {
      method: "POST",
      token: await dealerAdmin(d.id),
      rawBody: "{name:",
      headers: { "Content-Type": "application/json" },
    });
    expectError(res, 400, "invalid_json");
    expect((await counts(d.id)).apiKeys).toBe(0);
  });

  it("revoking an unknown key is 404", async () => {
    const d = await createDealership();
    expectError(
      await del(`/v1/dealerships/${d.id}/api-keys/key_00000000000000000000000000`, {
        token: await dealerAdmin(d.id),
      }),
      404,
      "not_found",
    );
  });

  it("creating keys for a dealership that does not exist is 404", async () => {
    expectError(
      await post(
        "/v1/dealerships/dlr_00000000000000000000000000/api-keys",
        {},
        { token: await platformAdmin() },
      ),
      404,
      "not_found",
    );
  });
});

describe("api keys: security", () => {
  it("dealer_staff gets 403 on their own dealership's keys and 404 on another's", async () => {
    const a = await createDealership();
    const b = await createDealership();
    const staffA = await dealerStaff(a.id);
    const keyB = (await post(`/v1/dealerships/${b.id}/api-keys`, {}, { token: await dealerAdmin(b.id) }))
      .body;
    expectError(await post(`/v1/dealerships/${a.id}/api-keys`, {}, { token: staffA }), 403, "forbidden");
    expectError(await get(`/v1/dealerships/${a.id}/api-keys`, { token: staffA }), 403, "forbidden");
    expectError(
      await del(`/v1/dealerships/${a.id}/api-keys/key_00000000000000000000000000`, { token: staffA }),
      403,
      "forbidden",
    );
    expectError(await post(`/v1/dealerships/${b.id}/api-keys`, {}, { token: staffA }), 404, "not_found");
    expectError(await get(`/v1/dealerships/${b.id}/api-keys`, { token: staffA }), 404, "not_found");
    expectError(
      await del(`/v1/dealerships/${b.id}/api-keys/${keyB.id}`, { token: staffA }),
      404,
      "not_found",
    );
    expect((await counts(a.id)).apiKeys).toBe(0);
  });

  it("dealer_admin of A cannot list, create or revoke B's keys (404), even naming B's key under A", async () => {
    const a = await createDealership();
    const b = await createDealership();
    const adminA = await dealerAdmin(a.id);
    const keyB = (await post(`/v1/dealerships/${b.id}/api-keys`, {}, { token: await dealerAdmin(b.id) }))
      .body;
    expectError(await get(`/v1/dealerships/${b.id}/api-keys`, { token: adminA }), 404, "not_found");
    expectError(await post(`/v1/dealerships/${b.id}/api-keys`, {}, { token: adminA }), 404, "not_found");
    expectError(
      await del(`/v1/dealerships/${b.id}/api-keys/${keyB.id}`, { token: adminA }),
      404,
      "not_found",
    );
    expectError(
      await del(`/v1/dealerships/${a.id}/api-keys/${keyB.id}`, { token: adminA }),
      404,
      "not_found",
    );
    expect((await get("/v1/public/vehicles", { apiKey: keyB.key })).status).toBe(200);
  });

  it("a key cannot manage keys", async () => {
    const d = await createDealership();
    const k = (await post(`/v1/dealerships/${d.id}/api-keys`, {}, { token: await dealerAdmin(d.id) })).body;
    expectError(await post(`/v1/dealerships/${d.id}/api-keys`, {}, { apiKey: k.key }), 401, "unauthorized");
    expectError(
      await del(`/v1/dealerships/${d.id}/api-keys/${k.id}`, { apiKey: k.key }),
      401,
      "unauthorized",
    );
  });
});
