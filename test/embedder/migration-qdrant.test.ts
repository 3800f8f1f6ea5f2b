import { describe, expect, it } from "vitest";
import { localStore, qdrantStore } from "./support/helpers";
import {
  crashMidCopyThenResume,
  expectSameVectors,
  expectTenantCopied,
  migrateThroughApi,
  twoTenantsEmbedded,
  unitVector,
} from "./support/migrations";

// Vector migrations between REAL adapter kinds, through the API route and the embedder: the local Durable
// Object store and Qdrant (the real @qdrant/js-client-rest against the local Qdrant 1.18 REST server started
// by test/embedder/support/qdrant-server.ts, QDRANT_URL set by vitest.config.ts).

describe("vector migrations between adapter kinds (local <-> qdrant) through the API", () => {
  it("local -> qdrant: copies one tenant, verifies counts and a sample, leaves the source and other tenants alone", async () => {
    const { d, other, ids } = await twoTenantsEmbedded(11, (i) => `Qd ${i}`);
    const qdrant = qdrantStore();

    // 11 vectors in batches of 6 (VECTOR_MIGRATION_BATCH_SIZE): 2 copy steps + 1 verify step.
    const { done } = await migrateThroughApi({ from: "local", to: "qdrant", dealershipId: d.id });
    await expectTenantCopied(done, { dealershipId: d.id, ids, otherId: other.id, target: qdrant });
    expect(done.verification.namespaces[0].sampled).toBeGreaterThan(0);
    expect((await qdrant.stats(d.id)).vectorCount).toBe(11);
    await expectSameVectors(localStore(), qdrant, d.id, ids);
  });

  it("qdrant -> local: a crash mid-copy loses nothing; the same request through the API resumes and verifies", async () => {
    const qdrant = qdrantStore();
    const { dealershipId } = await crashMidCopyThenResume({
      from: "qdrant",
      to: "local:from-qdrant",
      source: qdrant,
      target: localStore("from-qdrant"),
      records: Array.from({ length: 20 }, (_, i) => ({
        id: `veh_qd_${String(i).padStart(2, "0")}`,
        values: unitVector(i + 1),
        metadata: { year: 2005 + i, make: i % 3 ? "Subaru" : "Kia", price: 1_000_000 + i * 12_345 },
      })),
    });
    // Never deletes from the source.
    expect((await qdrant.stats(dealershipId)).vectorCount).toBe(20);
  });
});
