import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { dealerAdmin, platformAdmin } from "./auth";
import { post } from "./http";
import { makeVin } from "./vins";

export const DB = (env as unknown as { DB: D1Database }).DB;

let seq = 0;
export const uniq = (label = "x") => `${label}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export interface DealershipOptions {
  rateLimits?: {
    public?: { limit: number; windowSeconds: number };
    staff?: { limit: number; windowSeconds: number };
  };
  status?: string;
}

/** Creates a dealership through the API (as a platform admin) and returns it. */
export async function createDealership(opts: DealershipOptions = {}): Promise<any> {
  const name = uniq("Dealer");
  const res = await post(
    "/v1/dealerships",
    { name, websiteUrl: `https://${name.toLowerCase()}.example`, timezone: "America/Chicago", ...opts },
    { token: await platformAdmin() },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export async function createApiKey(
  dealershipId: string,
  name = "site",
): Promise<{ id: string; key: string }> {
  const res = await post(
    `/v1/dealerships/${dealershipId}/api-keys`,
    { name },
    { token: await dealerAdmin(dealershipId) },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

export function vehicleInput(overrides: Record<string, unknown> = {}): Record<string, any> {
  const year = (overrides.year as number | undefined) ?? 2021;
  return {
    vin: makeVin(Number.isInteger(year) && year >= 2001 && year <= 2027 ? year : 2021),
    year,
    make: "Chevrolet",
    model: "Silverado 1500",
    trim: "LT",
    bodyStyle: "truck",
    condition: "used",
    price: { amount: 3_499_500, currency: "USD" },
    mileage: 28_000,
    exteriorColor: "Summit White",
    drivetrain: "4wd",
    transmission: "automatic",
    fuelType: "gasoline",
    photos: ["https://img.example/1.jpg"],
    description: "One owner.",
    stockNumber: uniq("STK"),
    ...overrides,
  };
}

export async function createVehicle(
  dealershipId: string,
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const res = await post(`/v1/dealerships/${dealershipId}/vehicles`, vehicleInput(overrides), {
    token: await dealerAdmin(dealershipId),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** Row counts straight from D1, to prove a rejected request wrote nothing. */
export async function counts(
  dealershipId?: string,
): Promise<{ vehicles: number; priceHistory: number; apiKeys: number; dealerships: number }> {
  const one = async (sql: string, ...binds: unknown[]) =>
    ((
      await DB.prepare(sql)
        .bind(...binds)
        .first<{ n: number }>()
    )?.n ?? 0) as number;
  if (dealershipId) {
    return {
      vehicles: await one("SELECT count(*) AS n FROM vehicles WHERE dealership_id = ?", dealershipId),
      priceHistory: await one(
        "SELECT count(*) AS n FROM price_history WHERE vehicle_id IN (SELECT id FROM vehicles WHERE dealership_id = ?)",
        dealershipId,
      ),
      apiKeys: await one("SELECT count(*) AS n FROM api_keys WHERE dealership_id = ?", dealershipId),
      dealerships: await one("SELECT count(*) AS n FROM dealerships WHERE id = ?", dealershipId),
    };
  }
  return {
    vehicles: await one("SELECT count(*) AS n FROM vehicles"),
    priceHistory: await one("SELECT count(*) AS n FROM price_history"),
    apiKeys: await one("SELECT count(*) AS n FROM api_keys"),
    dealerships: await one("SELECT count(*) AS n FROM dealerships"),
  };
}

/** Asserts the one error shape and returns the error object. */
export function expectError(
  res: { status: number; body: any; headers: Headers; text: string },
  status: number,
  code: string,
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({
    error: { code, message: expect.any(String), requestId: expect.any(String) },
  });
  expect(res.headers.get("X-Request-Id")).toBe(res.body.error.requestId);
  expect(res.text).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+|node_modules/);
  return res.body.error;
}
