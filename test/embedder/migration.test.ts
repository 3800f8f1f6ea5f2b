import { describe, expect, it } from "vitest";
import { call, dealerAdmin, localStore, platformAdmin, post } from "./support/helpers";
import {
  crashMidCopyThenResume,
  expectTenantCopied,
  migrateThroughApi,
  randomVector,
  twoTenantsEmbedded,
} from "./support/migrations";

describe("vector migrations (operators): start, progress, verification, crash and resume", () => {
  it("copies one tenant from the local store to another local index through the API and verifies it", async () => {
    const { d, other, ids } = await twoTenantsEmbedded(9, (i) => `Model ${i}`);

    // Operators only; bad input changes nothing.
    const body = { from: "local", to: "local:shadow", dealershipId: d.id };
    expect((await post("/v1/ops/vector-migrations", body, { token: await dealerAdmin(d.id) })).status).toBe(
      403,
    );
    for (const [bad, status] of [
      [{ from: "local", to: "local" }, 400],
      [{ from: "chroma", to: "local" }, 400],
      [{ from: "local", to: "pinecone" }, 400],
      [{ from: "local", to: "local:shadow", dealershipId: "dlr_missing" }, 404],
      [{ from: "local", to: "local:shadow", extra: 1 }, 400],
    ] as const) {
      const res = await post("/v1/ops/vector-migrations", bad, { token: await platformAdmin() });
      expect(res.status, `${JSON.stringify(bad)}: ${res.text}`).toBe(status);
    }

    // 9 vectors in batches of 6: 2 copy steps + 1 verify step.
    const { id, done } = await migrateThroughApi(body);
    await expectTenantCopied(done, {
      dealershipId: d.id,
      ids,
      otherId: other.id,
      target: localStore("shadow"),
    });

    // Finished: the same request starts a new migration.
    const again = await migrateThroughApi(body);
    expect(again.id).not.toBe(id);
    expect(again.done.status).toBe("succeeded");
    expect((await call("/v1/ops/vector-migrations/vmig_nope", { token: await platformAdmin() })).status).toBe(
      404,
    );
  });

  it("a crash in the middle of a copy step loses nothing: resuming through the API finishes from the checkpoint", async () => {
    const source = localStore("crash-src");
    const target = localStore("crash-dst");
    const { dealershipId } = await crashMidCopyThenResume({
      from: "local:crash-src",
      to: "local:crash-dst",
      source,
      target,
      records: Array.from({ length: 20 }, (_, i) => ({
        id: `veh_crash_${String(i).padStart(2, "0")}`,
        values: randomVector(i + 1),
        metadata: { year: 2010 + i, make: i % 2 ? "Ford" : "Toyota" },
      })),
    });
    const [seven] = await target.get(dealershipId, ["veh_crash_07"]);
    expect(seven?.metadata).toEqual({ year: 2017, make: "Ford" });
  });
});
