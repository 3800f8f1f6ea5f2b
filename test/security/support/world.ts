import { embedAll, parseSse } from "../../ai/helpers";
import { dealerAdmin, dealerStaff, mintToken, platformAdmin } from "../../api/helpers/auth";
import { vehicleInput } from "../../api/helpers/fixtures";
import { makeVin } from "../../api/helpers/vins";
import { send } from "./client";

/**
 * Two dealerships seeded through the HTTP API, each with values that exist nowhere else (ids, VINs,
 * names, stock numbers, prices, model/trim/colour words, a search marker), so that any of them showing
 * up in the other tenant's responses is a leak. Vehicles are embedded into the local vector store so
 * semantic search and chat have something to (not) leak.
 */
export interface Tenant {
  label: "A" | "B";
  dealership: any;
  admin: string;
  staff: string;
  key: { id: string; key: string };
  /** A second key: the `keyId` fixture (revoking it must not break `key`). */
  spareKey: { id: string; key: string };
  vehicle: any;
  job: any;
  conversationId: string;
  migrationId: string;
  /** A word only this tenant's vehicle description, model and trim contain. */
  marker: string;
  /** Values unique to this tenant: none may appear in a response to the other tenant. */
  secrets: string[];
}

const rand = () => Math.random().toString(36).slice(2, 8);
const HIGH_LIMITS = {
  public: { limit: 100_000, windowSeconds: 60 },
  staff: { limit: 100_000, windowSeconds: 60 },
};

async function ok(path: string, init: Parameters<typeof send>[1], status: number[]): Promise<any> {
  const r = await send(path, init);
  if (!status.includes(r.status)) throw new Error(`seeding ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

export async function operator(sub = "ops-security"): Promise<string> {
  return platformAdmin(sub);
}

export async function seedTenant(label: "A" | "B", price: number): Promise<Tenant> {
  const tag = `${label}${rand()}`;
  const op = { Authorization: `Bearer ${await operator()}` };
  const name = `Secdealer ${tag}`;
  const dealership = (
    await ok(
      "/v1/dealerships",
      {
        method: "POST",
        headers: op,
        json: {
          name,
          websiteUrl: `https://secdealer-${tag.toLowerCase()}.example`,
          timezone: "America/Chicago",
          rateLimits: HIGH_LIMITS,
        },
      },
      [201],
    )
  ).body;
  const admin = await dealerAdmin(dealership.id, `admin-${tag}`);
  const staff = await dealerStaff(dealership.id, `staff-${tag}`);
  const adminH = { Authorization: `Bearer ${admin}` };
  const key = (
    await ok(
      `/v1/dealerships/${dealership.id}/api-keys`,
      { method: "POST", headers: adminH, json: { name: `site ${tag}` } },
      [201],
    )
  ).body;
  const spareKey = (
    await ok(
      `/v1/dealerships/${dealership.id}/api-keys`,
      { method: "POST", headers: adminH, json: { name: `spare ${tag}` } },
      [201],
    )
  ).body;
  const marker = `Zq${tag}marker`;
  const vehicle = (
    await ok(
      `/v1/dealerships/${dealership.id}/vehicles`,
      {
        method: "POST",
        headers: adminH,
        json: vehicleInput({
          vin: makeVin(2021),
          model: `Model${tag}`,
          trim: `Trim${tag}`,
          exteriorColor: `Colour${tag}`,
          description: `${marker}: a one-owner truck only dealership ${label} has.`,
          price: { amount: price, currency: "USD" },
          stockNumber: `STK${tag}`,
        }),
      },
      [201],
    )
  ).body;
  await embedAll(dealership.id, [vehicle.id]);
  const job = (
    await ok(`/v1/dealerships/${dealership.id}/scrapes`, { method: "POST", headers: adminH, json: {} }, [202])
  ).body.job;
  const chat = await ok(
    "/v1/public/chat",
    { method: "POST", headers: { "X-Api-Key": key.key }, json: { message: `Tell me about ${marker}` } },
    [200],
  );
  const meta = parseSse(chat.text).find((e) => e.type === "meta");
  if (!meta?.conversationId) throw new Error(`seeding chat: no conversationId in ${chat.text.slice(0, 300)}`);
  const migration = (
    await ok(
      "/v1/ops/vector-migrations",
      {
        method: "POST",
        headers: op,
        json: { from: "local", to: `local:sec${tag}`, dealershipId: dealership.id },
      },
      [202],
    )
  ).body.migration;
  const secrets = [
    dealership.id,
    dealership.name,
    dealership.websiteUrl,
    key.id,
    key.key,
    spareKey.id,
    spareKey.key,
    vehicle.id,
    vehicle.vin,
    vehicle.stockNumber,
    vehicle.model,
    vehicle.trim,
    vehicle.exteriorColor,
    marker,
    String(price),
    job.id,
    meta.conversationId,
    migration.id,
    `admin-${tag}`,
    `staff-${tag}`,
  ];
  return {
    label,
    dealership,
    admin,
    staff,
    key,
    spareKey,
    vehicle,
    job,
    conversationId: meta.conversationId,
    migrationId: migration.id,
    marker,
    secrets,
  };
}

/** Both tenants. Prices are 7-digit numbers that occur nowhere else. */
export async function seedWorld(): Promise<{ a: Tenant; b: Tenant }> {
  const a = await seedTenant("A", 3_141_593);
  const b = await seedTenant("B", 8_765_431);
  return { a, b };
}

/** A fresh resource for destructive own-tenant calls (DELETE must find something to delete). */
export const SACRIFICIAL: Record<string, (t: Tenant) => Promise<string>> = {
  vehicleId: async (t) =>
    (
      await ok(
        `/v1/dealerships/${t.dealership.id}/vehicles`,
        { method: "POST", headers: { Authorization: `Bearer ${t.admin}` }, json: vehicleInput() },
        [201],
      )
    ).body.id,
  keyId: async (t) =>
    (
      await ok(
        `/v1/dealerships/${t.dealership.id}/api-keys`,
        { method: "POST", headers: { Authorization: `Bearer ${t.admin}` }, json: { name: "sacrificial" } },
        [201],
      )
    ).body.id,
};

export { mintToken };
