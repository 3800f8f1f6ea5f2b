import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { createApp } from "../../workers/api/src/app";
import { mintToken } from "../api/helpers/auth";
import { vehicleInput } from "../api/helpers/fixtures";

it("API on Postgres through Hyperdrive", async () => {
  const pgEnv = { ...(env as any), DB_DRIVER: "hyperdrive" };
  const app = createApp();
  const call = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const ctx = createExecutionContext();
    const headers = new Headers(init.headers);
    if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
    if (init.body) headers.set("Content-Type", "application/json");
    const res = await app.fetch(new Request(`https://x${path}`, { ...init, headers }), pgEnv, ctx);
    const text = await res.text();
    await waitOnExecutionContext(ctx);
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const admin = await mintToken("platform_admin");
  const d = await call("/v1/dealerships", {
    method: "POST",
    token: admin,
    body: JSON.stringify({ name: "PG Motors", websiteUrl: "https://pg.example" }),
  });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const staff = await mintToken("dealer_staff", { dealerships: [d.body.id] });
  const v = await call(`/v1/dealerships/${d.body.id}/vehicles`, {
    method: "POST",
    token: staff,
    body: JSON.stringify(vehicleInput()),
  });
  expect(v.status, JSON.stringify(v.body)).toBe(201);
  const again = await call(`/v1/dealerships/${d.body.id}/vehicles`, {
    method: "POST",
    token: staff,
    body: JSON.stringify({ ...vehicleInput(), vin: v.body.vin, price: { amount: 5, currency: "USD" } }),
  });
  expect(again.status).toBe(200);
  expect(again.body.price.amount).toBe(5);
  const bulk = await call(`/v1/dealerships/${d.body.id}/vehicles/bulk`, {
    method: "POST",
    token: staff,
    body: JSON.stringify({ items: Array.from({ length: 300 }, () => vehicleInput()) }),
  });
  expect(bulk.body.summary.created).toBe(300);
  const list = await call(`/v1/dealerships/${d.body.id}/vehicles?limit=5&facets=make,status&sort=price_asc`, {
    token: staff,
  });
  expect(list.status).toBe(200);
  expect(list.body.items).toHaveLength(5);
  const next = await call(
    `/v1/dealerships/${d.body.id}/vehicles?limit=5&facets=make,status&sort=price_asc&cursor=${encodeURIComponent(list.body.nextCursor)}`,
    { token: staff },
  );
  expect(next.status).toBe(200);
  const p = await call(`/v1/dealerships/${d.body.id}/vehicles/${v.body.id}`, {
    method: "PATCH",
    token: staff,
    body: JSON.stringify({ price: { amount: 7, currency: "USD" } }),
  });
  expect(p.body.price.amount).toBe(7);
  const h = await call(`/v1/dealerships/${d.body.id}/vehicles/${v.body.id}/price-history`, { token: staff });
  expect(h.body.items.map((x: any) => x.price.amount)).toEqual([3499500, 5, 7]);
  const key = await call(`/v1/dealerships/${d.body.id}/api-keys`, {
    method: "POST",
    token: admin,
    body: "{}",
  });
  expect(key.status).toBe(201);
  const ctx = createExecutionContext();
  const pub = await app.fetch(
    new Request("https://x/v1/public/vehicles?limit=2", { headers: { "X-Api-Key": key.body.key } }),
    pgEnv,
    ctx,
  );
  expect(pub.status).toBe(200);
  await pub.text();
  await waitOnExecutionContext(ctx);
  const del = await call(`/v1/dealerships/${d.body.id}/vehicles/${v.body.id}`, {
    method: "DELETE",
    token: staff,
  });
  expect(del.status).toBe(204);
}, 60_000);
