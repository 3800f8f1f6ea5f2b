import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateInventory } from "@forecourt/demo-inventory";
import { apiClient } from "./api-client";
import { ROOT } from "./dev-config";

export const DEMO_DEALERSHIP_NAME = "Demo Motors";
export const DEMO_SITE_URL = "http://127.0.0.1:8790";
const STATE_FILE = path.join(ROOT, ".wrangler", "forecourt-demo.json");

interface DemoState {
  dealershipId: string;
  apiKey?: string;
}

/**
 * Makes sure the local stack has the demo dealership with its inventory and a publishable key.
 * Idempotent: a second `npm start` finds everything in the persisted local state and changes nothing.
 * Goes through the public HTTP API, so the seed exercises the same validation as any client.
 */
export async function seedDemo(apiUrl: string, platformToken: string, vehicleCount: number) {
  const api = apiClient(apiUrl, { token: platformToken });
  const list = await api<{ items: { id: string; name: string }[] }>("GET", "/v1/dealerships?limit=100");
  let dealer = list.items.find((d) => d.name === DEMO_DEALERSHIP_NAME);
  if (!dealer) {
    dealer = await api<{ id: string; name: string }>("POST", "/v1/dealerships", {
      name: DEMO_DEALERSHIP_NAME,
      websiteUrl: DEMO_SITE_URL,
      timezone: "America/Chicago",
    });
    console.log(`[seed] created dealership ${dealer.name} (${dealer.id})`);
  }
  const existing = await api<{ items: unknown[] }>(
    "GET",
    `/v1/dealerships/${dealer.id}/vehicles?limit=1&status=active,sold,removed`,
  );
  if (existing.items.length === 0) {
    const vehicles = generateInventory({ seed: 1, count: vehicleCount, siteUrl: DEMO_SITE_URL }).map(
      ({ exteriorColorFamily: _derived, ...fields }) => fields,
    );
    for (let i = 0; i < vehicles.length; i += 500) {
      await api("POST", `/v1/dealerships/${dealer.id}/vehicles/bulk`, {
        items: vehicles.slice(i, i + 500),
        atomic: true,
      });
    }
    console.log(`[seed] added ${vehicles.length} vehicles to ${dealer.name}`);
  }

  const state: DemoState = existsSync(STATE_FILE)
    ? JSON.parse(readFileSync(STATE_FILE, "utf8"))
    : { dealershipId: dealer.id };
  let apiKey = state.dealershipId === dealer.id ? state.apiKey : undefined;
  if (apiKey) {
    const check = await fetch(`${apiUrl}/v1/public/vehicles?limit=1`, { headers: { "x-api-key": apiKey } });
    await check.arrayBuffer();
    if (check.status === 401) apiKey = undefined;
  }
  if (!apiKey) {
    const created = await api<{ key: string }>("POST", `/v1/dealerships/${dealer.id}/api-keys`, {
      name: "demo website",
    });
    apiKey = created.key;
  }
  mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, JSON.stringify({ dealershipId: dealer.id, apiKey } satisfies DemoState, null, 2));
  return { dealershipId: dealer.id, apiKey };
}
