import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { loadAiConfig } from "../../packages/config/src/index";
import { createRepositories } from "../../packages/db/src/index";
import { generateInventory } from "../../packages/demo-inventory/src/index";
import { createAiProviders, storeKeyOf } from "../../packages/providers/src/index";
import { EmbeddingSync, systemClock } from "../../packages/services/src/index";
import worker from "../../workers/api/src/index";
import { dealerAdmin } from "../api/helpers/auth";
import { createApiKey, createDealership } from "../api/helpers/fixtures";
import { BASE, post } from "../api/helpers/http";

export const testEnv = env as unknown as Record<string, unknown> & { DB: D1Database };

/** Writes vehicles through the API (bulk, atomic) and returns them as stored. */
export async function addVehicles(dealershipId: string, items: Record<string, unknown>[]): Promise<any[]> {
  const token = await dealerAdmin(dealershipId);
  const out: any[] = [];
  for (let i = 0; i < items.length; i += 500) {
    const res = await post(
      `/v1/dealerships/${dealershipId}/vehicles/bulk`,
      { items: items.slice(i, i + 500), atomic: true },
      { token },
    );
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    out.push(...res.body.results);
  }
  return out;
}

/**
 * Embeds the dealership's vehicles into the configured (local Durable Object) vector store exactly as the
 * embedder Worker does (EmbeddingSync with the providers built from this Worker's configuration).
 */
export async function embedAll(dealershipId: string, vehicleIds: string[]): Promise<void> {
  const config = loadAiConfig(testEnv as never);
  const ai = createAiProviders(config);
  const repos = createRepositories({ driver: "d1", d1: testEnv.DB });
  const sync = new EmbeddingSync({
    repos,
    vectors: ai.vectors,
    embeddings: ai.embeddings,
    storeKey: storeKeyOf(config.vectorStore),
    clock: systemClock,
  });
  for (let i = 0; i < vehicleIds.length; i += 200)
    await sync.syncVehicles(dealershipId, vehicleIds.slice(i, i + 200));
}

export interface SseEvent {
  type: string;
  [k: string]: any;
}

/** Parses a text/event-stream body into its JSON `data:` events (fails the test on anything else). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\n\n+/)) {
    const lines = block.split("\n").filter((l) => l.startsWith("data:"));
    if (lines.length === 0) continue;
    events.push(JSON.parse(lines.map((l) => l.slice(5).trimStart()).join("\n")));
  }
  return events;
}

export interface ChatReply {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  text: string;
  body: any;
}

/**
 * A chat request through the Worker's fetch handler. `envOverrides` replaces settings for this call only
 * (a provider switched by configuration, e.g. an unreachable OpenAI base URL).
 */
export async function chat(
  path: string,
  json: unknown,
  auth: { token?: string; apiKey?: string },
  envOverrides: Record<string, unknown> | null = null,
): Promise<ChatReply> {
  const headers = new Headers({ "Content-Type": "application/json" });
  if (auth.token) headers.set("Authorization", `Bearer ${auth.token}`);
  if (auth.apiKey) headers.set("X-Api-Key", auth.apiKey);
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(BASE + path, { method: "POST", headers, body: JSON.stringify(json) }) as never,
    (envOverrides ? { ...testEnv, ...envOverrides } : testEnv) as never,
    ctx,
  );
  const raw = await res.text();
  await waitOnExecutionContext(ctx);
  const contentType = res.headers.get("content-type");
  const isSse = contentType?.startsWith("text/event-stream") ?? false;
  const events = isSse ? parseSse(raw) : [];
  return {
    status: res.status,
    contentType,
    events,
    text: events
      .filter((e) => e.type === "text")
      .map((e) => e.delta)
      .join(""),
    body: isSse ? null : raw ? JSON.parse(raw) : null,
  };
}

const STOCK = generateInventory({ seed: 11, count: 400 });

/** A small lot with distinct vehicles, embedded into the local vector store like the embedder does. */
export async function lot(extra: Record<string, Record<string, unknown>> = {}) {
  const d = await createDealership();
  const key = await createApiKey(d.id);
  const pick = (model: string, overrides: Record<string, unknown>) => {
    const base = STOCK.find((v) => v.model === model && v.year >= 2019);
    if (!base) throw new Error(`no ${model} in the generated stock`);
    return {
      ...base,
      exteriorColorFamily: undefined,
      stockNumber: null,
      ...overrides,
      ...(extra[model] ?? {}),
    };
  };
  const items = [
    pick("Outback", {
      drivetrain: "awd",
      price: { amount: 2_699_500, currency: "USD" },
      mileage: 31_000,
      exteriorColor: "Crimson Red",
      description: "Heated seats, roof rails, great in snow.",
    }),
    pick("RAV4", {
      drivetrain: "awd",
      price: { amount: 2_850_000, currency: "USD" },
      mileage: 22_000,
      exteriorColor: "Magnetic Gray Metallic",
      description: "Adaptive cruise, Apple CarPlay.",
    }),
    pick("Civic", {
      drivetrain: "fwd",
      price: { amount: 1_899_500, currency: "USD" },
      mileage: 41_000,
      exteriorColor: "Aegean Blue",
      description: "Fuel-efficient commuter with a backup camera.",
    }),
    pick("F-150", {
      drivetrain: "4wd",
      price: { amount: 3_100_000, currency: "USD" },
      mileage: 58_000,
      exteriorColor: "Race Red",
      description: "Tow package and bed liner for towing a trailer.",
    }),
    pick("Telluride", {
      drivetrain: "awd",
      price: { amount: 4_400_000, currency: "USD" },
      mileage: 9_000,
      exteriorColor: "Snow White Pearl",
      description: "Third-row seating for eight.",
    }),
  ];
  const results = await addVehicles(d.id, items);
  const ids = results.map((r: any) => r.id as string);
  await embedAll(d.id, ids);
  return {
    d,
    key,
    ids,
    byModel: Object.fromEntries(results.map((r: any, i: number) => [items[i]!.model, r.id])) as Record<
      string,
      string
    >,
  };
}
