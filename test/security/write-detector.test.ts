import { describe, expect, it } from "vitest";
import { dealerAdmin } from "../api/helpers/auth";
import { createDealership, createVehicle, vehicleInput } from "../api/helpers/fixtures";
import { diffSnapshots, send, snapshot } from "./support/client";

/** Control for the "nothing written" assertions of the other suites: the detector does see writes. */
describe("the write detector (triggers on every D1 table)", () => {
  it("sees an INSERT, an UPDATE that leaves counts alone, a DELETE — and nothing for a read", async () => {
    const d = await createDealership();
    const token = await dealerAdmin(d.id);
    const auth = { Authorization: `Bearer ${token}` };
    let before = await snapshot();
    await send(`/v1/dealerships/${d.id}`, { headers: auth });
    expect(diffSnapshots(before, await snapshot())).toBe("");

    before = await snapshot();
    const v = await createVehicle(d.id);
    expect(diffSnapshots(before, await snapshot())).toMatch(/vehicles/);

    before = await snapshot();
    const r = await send(`/v1/dealerships/${d.id}`, {
      method: "PATCH",
      headers: auth,
      json: { name: `${d.name} 2` },
    });
    expect(r.status).toBe(200);
    expect(diffSnapshots(before, await snapshot())).toMatch(/dealerships/);

    before = await snapshot();
    expect(
      (await send(`/v1/dealerships/${d.id}/vehicles/${v.id}`, { method: "DELETE", headers: auth })).status,
    ).toBe(204);
    expect(diffSnapshots(before, await snapshot())).toMatch(/vehicles/);

    before = await snapshot();
    const bad = await send(`/v1/dealerships/${d.id}/vehicles`, {
      method: "POST",
      headers: auth,
      json: { ...vehicleInput(), year: "x" },
    });
    expect(bad.status).toBe(400);
    expect(diffSnapshots(before, await snapshot())).toBe("");
  });
});
