import { generateInventory } from "@forecourt/demo-inventory";
import type { VehicleFields } from "@forecourt/domain";
import { expect } from "vitest";
import { apiCall } from "./browser";

export interface AiDealership {
  id: string;
  /** The publishable key (fc_pk_…). */
  key: string;
  vehicles: VehicleFields[];
}

/** A dealership with a generated lot (written through the API) and a publishable key; no vectors yet. */
export async function createDealershipWithKey(apiUrl: string, name: string) {
  const d = await apiCall(apiUrl, "POST", "/v1/dealerships", { name, websiteUrl: "https://dealer.example" });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const k = await apiCall(apiUrl, "POST", `/v1/dealerships/${d.body.id}/api-keys`, { name: "website" });
  expect(k.status, JSON.stringify(k.body)).toBe(201);
  return { id: d.body.id as string, key: k.body.key as string };
}

/**
 * Writes a generated lot into the dealership (as the demo site with the same seed shows it, links included),
 * then waits until the embedder has put it into the vector store: a staff semantic search returns
 * similarity scores.
 */
export async function stockAndEmbed(
  apiUrl: string,
  dealershipId: string,
  lot: { seed: number; count: number; dealershipIndex: number; siteUrl: string },
): Promise<VehicleFields[]> {
  const vehicles = generateInventory(lot);
  const items = vehicles.map(({ exteriorColorFamily: _derived, ...fields }) => fields);
  const bulk = await apiCall(apiUrl, "POST", `/v1/dealerships/${dealershipId}/vehicles/bulk`, {
    items,
    atomic: true,
  });
  expect(bulk.status, JSON.stringify(bulk.body).slice(0, 500)).toBeLessThan(300);
  // (A plain loop: expect.poll only works inside a test, and this runs in beforeAll.)
  const want = Math.min(50, vehicles.length);
  let scored = 0;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const r = await apiCall(apiUrl, "GET", `/v1/dealerships/${dealershipId}/search?q=car&limit=50`);
    scored = (r.body?.results ?? []).filter((x: { score: number | null }) => x.score !== null).length;
    if (scored >= want) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(scored, "vehicles searchable by vector after 30 s").toBe(want);
  return vehicles;
}

/** A query the lot can answer: a make it stocks and a price ceiling that keeps at least one of them. */
export function answerableQuery(vehicles: VehicleFields[]) {
  const priced = vehicles.filter((v) => v.price);
  const counts = new Map<string, number>();
  for (const v of priced) counts.set(v.make, (counts.get(v.make) ?? 0) + 1);
  const make = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const prices = priced.filter((v) => v.make === make).map((v) => v.price!.amount);
  const ceilingDollars = Math.ceil(Math.max(...prices) / 100 / 1000) * 1000;
  return { make, ceilingDollars, text: `${make} under $${ceilingDollars.toLocaleString("en-US")}` };
}
