import { describe, expect, it } from "vitest";
import {
  algNoneToken,
  dealerAdmin,
  hsSignedWithPublicKey,
  mintToken,
  platformAdmin,
  rs256Token,
} from "./helpers/auth";
import { createApiKey, createDealership, expectError } from "./helpers/fixtures";
import { call, del, get } from "./helpers/http";

/** Bearer-token attacks, each against a staff route the token's holder could otherwise read. */
describe("bearer token attacks → 401 with the JSON error", async () => {
  const d = await createDealership();
  const path = `/v1/dealerships/${d.id}`;
  const good = await dealerAdmin(d.id);
  const [h, p] = good.split(".");
  const { token: rsToken, publicPem } = await rs256Token();

  const cases: [string, () => Promise<Record<string, string>>, RegExp][] = [
    ["no Authorization header", async () => ({}), /Authorization/],
    ["wrong scheme", async () => ({ Authorization: `Basic ${btoa("a:b")}` }), /Bearer/],
    ["Bearer with nothing", async () => ({ Authorization: "Bearer " }), /Bearer/],
    ["garbage token", async () => ({ Authorization: "Bearer not.a.jwt!" }), /JWT|malformed/],
    ["two parts", async () => ({ Authorization: `Bearer ${h}.${p}` }), /JWT/],
    [
      "tampered payload",
      async () => ({
        Authorization: `Bearer ${h}.${btoa('{"role":"platform_admin","sub":"x"}').replace(/=+$/, "")}.${good.split(".")[2]}`,
      }),
      /signature|malformed/,
    ],
    [
      "alg none",
      async () => ({ Authorization: `Bearer ${algNoneToken("platform_admin")}` }),
      /algorithm|malformed/,
    ],
    ["RS256 token (HS/RS mode pinning)", async () => ({ Authorization: `Bearer ${rsToken}` }), /algorithm/],
    [
      "HS256 keyed with an RSA public key (confusion)",
      async () => ({ Authorization: `Bearer ${await hsSignedWithPublicKey(publicPem)}` }),
      /signature/,
    ],
    [
      "wrong secret",
      async () => ({
        Authorization: `Bearer ${await mintToken("platform_admin", { secret: "x".repeat(40) })}`,
      }),
      /signature/,
    ],
    [
      "expired",
      async () => ({
        Authorization: `Bearer ${await mintToken("dealer_admin", { dealerships: [d.id], expiresIn: -120 })}`,
      }),
      /expired/,
    ],
    [
      "nbf in the future",
      async () => ({
        Authorization: `Bearer ${await mintToken("dealer_admin", { dealerships: [d.id], notBefore: 3600 })}`,
      }),
      /not valid yet/,
    ],
    [
      "no exp",
      async () => ({
        Authorization: `Bearer ${await mintToken("dealer_admin", { dealerships: [d.id], omitExp: true })}`,
      }),
      /exp/,
    ],
    [
      "wrong issuer",
      async () => ({
        Authorization: `Bearer ${await mintToken("dealer_admin", { dealerships: [d.id], issuer: "evil" })}`,
      }),
      /iss/,
    ],
    [
      "wrong audience",
      async () => ({
        Authorization: `Bearer ${await mintToken("dealer_admin", { dealerships: [d.id], audience: "other-api" })}`,
      }),
      /aud/,
    ],
    [
      "unknown role",
      async () => ({
        Authorization: `Bearer ${await mintToken("superuser" as never, { dealerships: [d.id] })}`,
      }),
      /role/,
    ],
    [
      "dealer role without dealerships",
      async () => ({ Authorization: `Bearer ${await mintToken("dealer_admin")}` }),
      /dealerships/,
    ],
    [
      "dealer role with empty dealerships",
      async () => ({ Authorization: `Bearer ${await mintToken("dealer_admin", { dealerships: [] })}` }),
      /dealerships/,
    ],
    [
      "dealerships not an array",
      async () => ({
        Authorization: `Bearer ${await mintToken("dealer_admin", { extraClaims: { dealerships: d.id } })}`,
      }),
      /dealerships/,
    ],
    [
      "oversized token (>8 KB)",
      async () => ({
        Authorization: `Bearer ${await mintToken("dealer_admin", { dealerships: [d.id], extraClaims: { pad: "x".repeat(9000) } })}`,
      }),
      /larger than 8192/,
    ],
  ];

  it.each(cases)("%s", async (_name, headers, message) => {
    const res = await call(path, { headers: await headers() });
    const err = expectError(res, 401, "unauthorized");
    expect(err.message).toMatch(message);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/Bearer/);
    expect(res.text).not.toContain(d.name);
  });

  it("the same valid token works (control)", async () => {
    const res = await get(path, { token: good });
    expect(res.status).toBe(200);
  });

  it("a platform_admin token is not a dealership key on public routes", async () => {
    expectError(await get("/v1/public/vehicles", { token: await platformAdmin() }), 401, "unauthorized");
  });
});

describe("API key attacks on public routes", async () => {
  const a = await createDealership();
  const b = await createDealership();
  const keyA = await createApiKey(a.id);

  it.each([
    ["no key", {}],
    ["empty key", { "X-Api-Key": "" }],
    ["malformed key", { "X-Api-Key": "not-a-key" }],
    ["well-formed unknown key", { "X-Api-Key": `fc_pk_${"A".repeat(40)}` }],
    [
      "key with a changed last character",
      { "X-Api-Key": keyA.key.slice(0, -1) + (keyA.key.endsWith("a") ? "b" : "a") },
    ],
    ["key prefix only", { "X-Api-Key": keyA.key.slice(0, 12) }],
    ["very long key", { "X-Api-Key": `fc_pk_${"A".repeat(5000)}` }],
  ])("%s → 401", async (_n, headers) => {
    expectError(
      await call("/v1/public/vehicles", { headers: headers as Record<string, string> }),
      401,
      "unauthorized",
    );
  });

  it("a revoked key → 401", async () => {
    const k = await createApiKey(b.id);
    await del(`/v1/dealerships/${b.id}/api-keys/${k.id}`, { token: await dealerAdmin(b.id) });
    expectError(await get("/v1/public/vehicles", { apiKey: k.key }), 401, "unauthorized");
  });

  it("a key of a disabled dealership → 403", async () => {
    const c = await createDealership();
    const k = await createApiKey(c.id);
    const { patch } = await import("./helpers/http");
    await patch(`/v1/dealerships/${c.id}`, { status: "disabled" }, { token: await platformAdmin() });
    expectError(await get("/v1/public/vehicles", { apiKey: k.key }), 403, "forbidden");
  });
});
