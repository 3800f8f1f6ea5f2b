import { describe, expect, it } from "vitest";
import { dealerAdmin, platformAdmin } from "../api/helpers/auth";
import { get } from "../api/helpers/http";
import {
  dealershipFor,
  siteAdmin,
  siteState,
  sorted,
  startScrape,
  vehiclesOf,
  waitForJob,
} from "./support/helpers";

describe("scrape end to end: POST → queue → discover → fetch batches → reconcile", () => {
  it("a first scrape finds every vehicle; a second one after changes applies updates, removals and price history", async () => {
    const dealer = await dealershipFor("flow");
    const truth = await siteState("flow");

    const res = await startScrape(dealer.id);
    expect(res.status, res.text).toBe(202);
    expect(res.headers.get("Location")).toBe(`/v1/jobs/${res.body.job.id}`);
    expect(res.body.job).toMatchObject({ dealershipId: dealer.id, status: "queued", trigger: "manual" });

    const job = await waitForJob(res.body.job.id);
    expect(
      job.status,
      JSON.stringify({
        errors: job.errors,
        review: job.review,
        counts: job.counts,
        truncated: job.truncated,
        b: job.batches,
      }),
    ).toBe("succeeded");
    expect(job.counts).toMatchObject({
      vehiclesFound: truth.count,
      vehiclesNew: truth.count,
      vehiclesRemoved: 0,
      pagesFailed: 0,
    });
    expect(job.counts.pagesFetched).toBeGreaterThan(truth.count);
    expect(job.batches.done).toBe(job.batches.total);
    expect(job.discoveryDone).toBe(true);
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt).not.toBeNull();

    // The vehicles are searchable, exactly the site's lot.
    const first = await vehiclesOf(dealer.id, "active");
    expect(sorted(first.map((v) => v.vin))).toEqual(sorted(truth.vins));
    const search = await get(`/v1/dealerships/${dealer.id}/vehicles?limit=5&facets=make`, {
      token: await dealerAdmin(dealer.id),
    });
    expect(search.body.items.length).toBe(5);
    expect(first.every((v) => v.sourceUrl?.startsWith("http://127.0.0.1:"))).toBe(true);
    // Every scraped vehicle was scored by its batch; the summary covers the whole lot.
    expect(search.body.items.every((v: any) => Number.isInteger(v.quality?.score))).toBe(true);
    const quality = await get(`/v1/dealerships/${dealer.id}/quality`, {
      token: await dealerAdmin(dealer.id),
    });
    expect(quality.status, quality.text).toBe(200);
    expect(quality.body.count).toBe(truth.count);

    // The site changes: some sold, some repriced, new arrivals.
    const { changes } = await siteAdmin("flow", "advance");
    const after = await siteState("flow");
    const second = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(second.status, JSON.stringify({ errors: second.errors, review: second.review })).toBe("succeeded");
    expect(second.counts.vehiclesFound).toBe(after.count);
    expect(second.counts.vehiclesNew).toBe(changes.arrived.length);
    expect(second.counts.vehiclesRemoved).toBe(changes.sold.length);
    expect(second.counts.vehiclesUpdated).toBeGreaterThanOrEqual(changes.repriced.length);

    const all = await vehiclesOf(dealer.id);
    const byVin = new Map(all.map((v) => [v.vin, v]));
    for (const vin of changes.sold) {
      expect(byVin.get(vin)).toMatchObject({ status: "removed" });
      expect(byVin.get(vin).removedAt >= second.startedAt).toBe(true);
    }
    expect(sorted(all.filter((v) => v.status === "active").map((v) => v.vin))).toEqual(sorted(after.vins));
    const repriced = changes.repriced.find(
      (r: any) => !changes.sold.includes(r.vin) && r.to !== null && r.from !== null,
    );
    expect(repriced, "the demo site repriced something").toBeTruthy();
    if (repriced) {
      const v = byVin.get(repriced.vin);
      const history = await get(`/v1/dealerships/${dealer.id}/vehicles/${v.id}/price-history`, {
        token: await platformAdmin(),
      });
      expect(history.body.items.length).toBe(2);
      expect(history.body.items.at(-1).source).toBe("scrape");
      expect(v.price).toEqual(repriced.to);
    }

    // History, newest first.
    const jobs = await get(`/v1/dealerships/${dealer.id}/jobs`, { token: await dealerAdmin(dealer.id) });
    expect(jobs.body.items.map((j: any) => j.id)).toEqual([second.id, job.id]);
  });
});
