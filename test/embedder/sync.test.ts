import { describe, expect, it } from "vitest";
import {
  allIds,
  call,
  createDealership,
  createVehicle,
  DIMENSIONS,
  dealerAdmin,
  dealerStaff,
  del,
  embedDeadLetters,
  localStore,
  patch,
  platformAdmin,
  provider,
  testEnv,
  until,
  untilIds,
  vectorsOf,
} from "./support/helpers";

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe("the embedder keeps the vector store in step with the inventory", () => {
  it("create, update, sell and delete through the API: vectors follow, a removed vehicle is never returned", async () => {
    const d = await createDealership();
    const other = await createDealership();
    const truck = await createVehicle(d.id, {
      make: "Ford",
      model: "F-150",
      exteriorColor: "Race Red",
      description: "Tow package, spray-in bedliner.",
    });
    const sedan = await createVehicle(d.id, {
      make: "Honda",
      model: "Accord",
      bodyStyle: "sedan",
      exteriorColor: "Platinum White",
      drivetrain: "fwd",
      price: { amount: 2_150_000, currency: "USD" },
    });
    const suv = await createVehicle(d.id, {
      make: "Toyota",
      model: "RAV4",
      bodyStyle: "suv",
      drivetrain: "awd",
    });
    const theirs = await createVehicle(other.id, { make: "Ford", model: "F-150" });

    await untilIds(d.id, [truck.id, sedan.id, suv.id]);
    await untilIds(other.id, [theirs.id]);
    const before = await vectorsOf(d.id, [truck.id, sedan.id]);
    expect(before.get(truck.id)?.values).toHaveLength(DIMENSIONS);
    expect(before.get(truck.id)?.metadata).toEqual({
      year: 2021,
      make: "Ford",
      model: "F-150",
      bodyStyle: "truck",
      price: 3_499_500,
      mileage: 28_000,
      drivetrain: "4wd",
      fuelType: "gasoline",
      colorFamily: "red",
      condition: "used",
    });

    // An update changes the embedded text and metadata.
    const upd = await patch(
      `/v1/dealerships/${d.id}/vehicles/${truck.id}`,
      {
        price: { amount: 2_999_900, currency: "USD" },
        description: "Price drop! Lariat leather, panoramic roof.",
      },
      { token: await dealerStaff(d.id) },
    );
    expect(upd.status, upd.text).toBe(200);
    const after = await until(
      "updated vector",
      async () => (await vectorsOf(d.id, [truck.id])).get(truck.id),
      (r) => r?.metadata.price === 2_999_900,
    );
    expect(cosine(after!.values, before.get(truck.id)!.values)).toBeLessThan(0.9999);

    // Sold and deleted vehicles leave the store; other tenants are untouched.
    const sold = await patch(
      `/v1/dealerships/${d.id}/vehicles/${sedan.id}`,
      { status: "sold" },
      { token: await dealerStaff(d.id) },
    );
    expect(sold.status, sold.text).toBe(200);
    const gone = await del(`/v1/dealerships/${d.id}/vehicles/${suv.id}`, { token: await dealerStaff(d.id) });
    expect(gone.status, gone.text).toBeLessThan(300);
    await untilIds(d.id, [truck.id]);
    const matches = await localStore().query(d.id, before.get(truck.id)!.values, { topK: 10 });
    expect(matches.map((m) => m.id)).toEqual([truck.id]);
    expect(await allIds(other.id)).toEqual([theirs.id]);

    // Back on sale: back in the store.
    await patch(
      `/v1/dealerships/${d.id}/vehicles/${sedan.id}`,
      { status: "active" },
      { token: await dealerStaff(d.id) },
    );
    await untilIds(d.id, [truck.id, sedan.id]);
  });

  it("duplicate and reordered deliveries change nothing twice (no re-embedding of unchanged vehicles)", async () => {
    const d = await createDealership();
    const a = await createVehicle(d.id, { make: "Volkswagen", model: "Tiguan", bodyStyle: "suv" });
    const b = await createVehicle(d.id, { make: "Honda", model: "Odyssey", bodyStyle: "minivan" });
    await untilIds(d.id, [a.id, b.id]);
    const hashes = async () =>
      (
        await testEnv.DB.prepare(
          "SELECT vehicle_id, content_hash, updated_at FROM vector_documents WHERE dealership_id = ? ORDER BY vehicle_id",
        )
          .bind(d.id)
          .all()
      ).results;
    // The vector is written before its hash (a crash in between re-embeds, never skips): wait for both.
    const stored = await until("hashes recorded", hashes, (rows) => rows.length === 2);

    // The same change delivered three times, plus an old one after a newer: then a marker vehicle whose
    // vector shows the batch was handled.
    const marker = await createVehicle(d.id, { make: "Toyota", model: "Highlander", bodyStyle: "suv" });
    const change = {
      type: "vehicle.changed",
      dealershipId: d.id,
      vehicleIds: [a.id, b.id],
      requestId: "dup",
    };
    await testEnv.EMBED_JOBS.sendBatch([
      { body: change },
      { body: change },
      { body: { ...change, vehicleIds: [b.id] } },
      { body: { ...change, vehicleIds: [marker.id] } },
    ]);
    await untilIds(d.id, [a.id, b.id, marker.id]);
    await new Promise((r) => setTimeout(r, 300));
    // a and b were unchanged: not embedded or written again (their bookkeeping did not move).
    expect(await hashes()).toEqual(expect.arrayContaining(stored));

    // A stale message for a vehicle that is now removed deletes it (state is re-read, not trusted).
    await patch(
      `/v1/dealerships/${d.id}/vehicles/${a.id}`,
      { status: "removed" },
      { token: await dealerStaff(d.id) },
    );
    await untilIds(d.id, [b.id, marker.id]);
    await testEnv.EMBED_JOBS.send({ ...change, vehicleIds: [a.id] });
    await new Promise((r) => setTimeout(r, 500));
    expect(await allIds(d.id)).toEqual([b.id, marker.id].sort());
  });

  it("a provider outage never loses a change: retries, dead letter, replay through the API, converged", async () => {
    const d = await createDealership();
    const car = await createVehicle(d.id, {
      make: "Tesla",
      model: "Model 3",
      fuelType: "electric",
      bodyStyle: "sedan",
    });
    await untilIds(d.id, [car.id]);
    const refusedBefore = (await provider("stats")).refused;

    await provider("outage-on");
    try {
      const res = await patch(
        `/v1/dealerships/${d.id}/vehicles/${car.id}`,
        { mileage: 12_345 },
        { token: await dealerStaff(d.id) },
      );
      expect(res.status, res.text).toBe(200);
      const letters = await until(
        "dead letter",
        () => embedDeadLetters(d.id),
        (l) => l.length === 1,
      );
      expect(letters[0]?.replayed_at).toBeNull();
      expect(JSON.parse(letters[0]!.body)).toMatchObject({ type: "vehicle.changed", vehicleIds: [car.id] });
      // max_retries = 2: three attempts, each refused by the provider.
      expect((await provider("stats")).refused - refusedBefore).toBeGreaterThanOrEqual(3);
      // The old vector is still there (nothing half-written), and the change is not lost: it is in the DLQ.
      expect((await vectorsOf(d.id, [car.id])).get(car.id)?.metadata.mileage).toBe(28_000);
    } finally {
      await provider("outage-off");
    }

    // Replay: only the dealership's staff (or operators), then the store converges.
    const outsider = await createDealership();
    expect(
      (
        await call(`/v1/dealerships/${d.id}/embeddings/replay`, {
          method: "POST",
          token: await dealerStaff(outsider.id),
        })
      ).status,
    ).toBe(404);
    const replay = await call(`/v1/dealerships/${d.id}/embeddings/replay`, {
      method: "POST",
      token: await dealerStaff(d.id),
    });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body.replay).toEqual({ dealershipId: d.id, replayed: 1, skipped: 0 });
    await until(
      "converged after replay",
      async () => (await vectorsOf(d.id, [car.id])).get(car.id)?.metadata.mileage,
      (m) => m === 12_345,
    );
    expect((await embedDeadLetters(d.id))[0]?.replayed_at).not.toBeNull();
    // Replaying again finds nothing left.
    const again = await call(`/v1/dealerships/${d.id}/embeddings/replay`, {
      method: "POST",
      token: await platformAdmin(),
    });
    expect(again.body.replay).toMatchObject({ replayed: 0 });
  });

  it("a malformed message is dead-lettered at once and does not block the queue", async () => {
    const d = await createDealership();
    await testEnv.EMBED_JOBS.send({
      type: "vehicle.changed",
      dealershipId: d.id,
      vehicleIds: ["bad id!"],
      requestId: "x",
    });
    const car = await createVehicle(d.id, { make: "Volkswagen", model: "Atlas", bodyStyle: "suv" });
    await untilIds(d.id, [car.id]);
    const letters = await until(
      "malformed dead letter",
      () => embedDeadLetters(d.id),
      (l) => l.length === 1,
    );
    expect(letters[0]?.reason).toMatch(/malformed message: vehicleIds holds a malformed id/);
  });

  it("rebuild re-embeds every active vehicle and removes vectors that drifted from the inventory", async () => {
    const d = await createDealership();
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) {
      ids.push((await createVehicle(d.id, { model: `Model ${i}`, mileage: 1000 + i })).id);
    }
    const removed = ids.pop() as string;
    await untilIds(d.id, [...ids, removed]);
    await patch(
      `/v1/dealerships/${d.id}/vehicles/${removed}`,
      { status: "removed" },
      { token: await dealerStaff(d.id) },
    );
    await untilIds(d.id, ids);

    // Drift behind the embedder's back: a vector lost, and a stale vector for the removed vehicle.
    const store = localStore();
    const sample = (await vectorsOf(d.id, [ids[0]!])).get(ids[0]!)!;
    await store.delete(d.id, [ids[1]!, ids[2]!]);
    await store.upsert(d.id, [{ id: removed, values: sample.values, metadata: { make: "Stale" } }]);
    expect(await allIds(d.id)).toContain(removed);
    const startedAt = new Date().toISOString();
    // Who may ask: staff of the dealership and operators; not API keys' or other dealers' staff.
    const outsider = await createDealership();
    expect(
      (
        await call(`/v1/dealerships/${d.id}/embeddings/rebuild`, {
          method: "POST",
          token: await dealerAdmin(outsider.id),
        })
      ).status,
    ).toBe(404);
    const res = await call(`/v1/dealerships/${d.id}/embeddings/rebuild`, {
      method: "POST",
      token: await dealerStaff(d.id),
    });
    expect(res.status, res.text).toBe(202);
    expect(res.body.rebuild).toMatchObject({ dealershipId: d.id });

    await untilIds(d.id, ids);
    // Every active vehicle was written again (15, in pages of 7 and batches of 8): its bookkeeping moved.
    await until(
      "re-embedded",
      async () =>
        (
          await testEnv.DB.prepare(
            "SELECT count(*) AS n FROM vector_documents WHERE dealership_id = ? AND updated_at >= ?",
          )
            .bind(d.id, startedAt)
            .first<{ n: number }>()
        )?.n,
      (n) => n === ids.length,
    );
    const metas = await vectorsOf(d.id, ids);
    expect(metas.size).toBe(ids.length);
    expect([...metas.values()].every((r) => r.metadata.make === "Chevrolet")).toBe(true);
  });
});
