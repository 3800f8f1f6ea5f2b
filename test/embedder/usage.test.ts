import { describe, expect, it } from "vitest";
import { createRepositories } from "../../packages/db/src/index";
import { vehicleDocument } from "../../packages/services/src/index";
import { serverInputTokens } from "../llm/support/fault-plan";
import {
  call,
  createDealership,
  createVehicle,
  dealerStaff,
  patch,
  provider,
  testEnv,
  until,
  untilIds,
  vectorsOf,
} from "./support/helpers";

interface UsageRow {
  feature: string;
  provider: string;
  model_id: string;
  input_tokens: number;
  output_tokens: number;
  cost_micro_usd: number;
}

async function usage(dealershipId: string, feature: string): Promise<UsageRow[]> {
  const rows = await testEnv.DB.prepare(
    "SELECT feature, provider, model_id, input_tokens, output_tokens, cost_micro_usd FROM ai_usage WHERE dealership_id = ? AND feature = ? ORDER BY at, id",
  )
    .bind(dealershipId, feature)
    .all<UsageRow>();
  return rows.results;
}

/** What the local OpenAI wire server reports as prompt tokens for these vehicles' embedder documents. */
async function documentTokens(dealershipId: string, ids: string[]): Promise<number> {
  const repos = createRepositories({ driver: "d1", d1: testEnv.DB });
  try {
    const vehicles = await repos.vehicles.getByIds(dealershipId, ids);
    expect(vehicles).toHaveLength(ids.length);
    return serverInputTokens(vehicles.map((v) => vehicleDocument(v).text));
  } finally {
    await repos.close();
  }
}

const sum = (rows: UsageRow[]) => rows.reduce((n, r) => n + r.input_tokens, 0);

describe("embedding usage is accounted per dealership, exactly once", () => {
  it("embedder batches: the provider's reported tokens, once per call; duplicates and unchanged vehicles cost nothing", async () => {
    const d = await createDealership();
    const other = await createDealership();
    const a = await createVehicle(d.id, { make: "Ford", model: "F-150", exteriorColor: "Race Red" });
    const b = await createVehicle(d.id, { make: "Toyota", model: "RAV4", bodyStyle: "suv" });
    const theirs = await createVehicle(other.id, { make: "Honda", model: "Accord" });
    await untilIds(d.id, [a.id, b.id]);
    await untilIds(other.id, [theirs.id]);

    const rows = await usage(d.id, "embedding");
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const r of rows) {
      expect(r).toMatchObject({ provider: "openai", model_id: "text-embedding-3-small", output_tokens: 0 });
      expect(r.input_tokens).toBeGreaterThan(0);
      // text-embedding-3-small list price, rounded up to whole micro-dollars.
      expect(r.cost_micro_usd).toBeGreaterThanOrEqual(1);
    }
    // Exactly the tokens the provider reported for the two documents: nothing twice, nothing missing.
    expect(sum(rows)).toBe(await documentTokens(d.id, [a.id, b.id]));
    // The other dealership pays for its own vehicle only.
    expect(sum(await usage(other.id, "embedding"))).toBe(await documentTokens(other.id, [theirs.id]));

    // A duplicate delivery of an unchanged vehicle is not embedded again, so not charged; a real change is.
    await testEnv.EMBED_JOBS.send({ type: "vehicle.changed", dealershipId: d.id, vehicleIds: [a.id, b.id] });
    const res = await patch(
      `/v1/dealerships/${d.id}/vehicles/${b.id}`,
      { mileage: 9_876 },
      { token: await dealerStaff(d.id) },
    );
    expect(res.status, res.text).toBe(200);
    await until(
      "b re-embedded",
      async () => (await vectorsOf(d.id, [b.id])).get(b.id)?.metadata.mileage,
      (m) => m === 9_876,
    );
    const after = await usage(d.id, "embedding");
    expect(after).toHaveLength(rows.length + 1);
    expect(after.at(-1)!.input_tokens).toBe(await documentTokens(d.id, [b.id]));
  });

  it("search queries: one record per embedding call (feature search); a repeated query is a cache hit, not charged again", async () => {
    const d = await createDealership();
    const car = await createVehicle(d.id, { make: "Tesla", model: "Model 3", fuelType: "electric" });
    await untilIds(d.id, [car.id]);
    const token = await dealerStaff(d.id);
    const q = `quiet electric commuter ${crypto.randomUUID().slice(0, 8)}`;
    const calls0 = (await provider("stats")).calls;
    const first = await call(`/v1/dealerships/${d.id}/search?q=${encodeURIComponent(q)}`, { token });
    expect(first.status, first.text).toBe(200);
    expect(first.body.mode).toBe("semantic");
    const calls1 = (await provider("stats")).calls;
    expect(calls1 - calls0).toBe(1);
    const rows = await usage(d.id, "search");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      provider: "openai",
      model_id: "text-embedding-3-small",
      output_tokens: 0,
    });
    expect(rows[0]!.input_tokens).toBeGreaterThan(0);

    const again = await call(`/v1/dealerships/${d.id}/search?q=${encodeURIComponent(q)}`, { token });
    expect(again.status).toBe(200);
    expect((await provider("stats")).calls).toBe(calls1);
    expect(await usage(d.id, "search")).toHaveLength(1);

    // The usage report shows both features for this dealership.
    const report = await call(`/v1/dealerships/${d.id}/ai/usage`, { token });
    expect(report.status, report.text).toBe(200);
    const features = new Set(report.body.days.map((x: { feature: string }) => x.feature));
    expect(features).toEqual(new Set(["embedding", "search"]));
  });
});
