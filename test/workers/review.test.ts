import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff } from "../api/helpers/auth";
import { call, get } from "../api/helpers/http";
import { dealershipFor, siteAdmin, siteState, startScrape, vehiclesOf, waitForJob } from "./support/helpers";

const action = async (jobId: string, what: "apply" | "discard" | "replay", token: string) =>
  call(`/v1/jobs/${jobId}/${what}`, { method: "POST", token });

describe("a scrape that looks broken is flagged for review, never mass-removes", () => {
  it("far fewer vehicles than the last healthy scrape → needs_review with the diff; apply, then discard", async () => {
    const dealer = await dealershipFor("review");
    const admin = await dealerAdmin(dealer.id);
    await siteAdmin("review", "reset");
    const healthy = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(healthy.status).toBe("succeeded");
    const before = await siteState("review");

    // The dealer's inventory widget breaks: listing and sitemap show a handful of cars.
    await siteAdmin("review", "set?brokenListing=true");
    const broken = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(broken.status).toBe("needs_review");
    expect(broken.counts.vehiclesFound).toBeLessThan(0.7 * before.count);
    expect(broken.counts.vehiclesRemoved).toBe(0);
    expect(broken.review.reasons.join(" ")).toMatch(/fewer than 70% of the baseline/);
    expect(broken.review.baseline).toMatchObject({ jobId: healthy.id, vehiclesFound: before.count });
    expect(broken.review.wouldRemoveCount).toBe(before.count - broken.counts.vehiclesFound);
    expect(broken.review.wouldRemove).toHaveLength(broken.review.wouldRemoveCount);
    expect(broken.review.resolution).toBeNull();
    // Nothing was removed.
    expect((await vehiclesOf(dealer.id, "active")).length).toBe(before.count);

    // Staff cannot resolve reviews; admins can.
    expect((await action(broken.id, "apply", await dealerStaff(dealer.id))).status).toBe(403);
    const applied = await action(broken.id, "apply", admin);
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body.job).toMatchObject({
      status: "succeeded",
      counts: { vehiclesRemoved: broken.review.wouldRemoveCount },
      review: { resolution: { action: "applied", removed: broken.review.wouldRemoveCount } },
    });
    const removedVins = new Set(broken.review.wouldRemove.map((r: any) => r.vin));
    const all = await vehiclesOf(dealer.id);
    for (const v of all) expect(v.status).toBe(removedVins.has(v.vin) ? "removed" : "active");
    // Resolving twice is a conflict.
    expect((await action(broken.id, "apply", admin)).status).toBe(409);
    expect((await action(broken.id, "discard", admin)).status).toBe(409);

    // The site recovers: the removed vehicles come back.
    await siteAdmin("review", "set?brokenListing=false");
    const recovered = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(recovered.status).toBe("succeeded");
    expect((await vehiclesOf(dealer.id, "active")).length).toBe(before.count);

    // Broken again: this time the review is discarded and nothing is removed.
    await siteAdmin("review", "set?brokenListing=true");
    const again = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(again.status).toBe("needs_review");
    const discarded = await action(again.id, "discard", admin);
    expect(discarded.status, discarded.text).toBe(200);
    expect(discarded.body.job).toMatchObject({
      status: "failed",
      review: { resolution: { action: "discarded" } },
    });
    expect((await vehiclesOf(dealer.id, "active")).length).toBe(before.count);
    // A discarded job is not a baseline: the next healthy scrape compares with the recovered one.
    await siteAdmin("review", "set?brokenListing=false");
    const next = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(next.status).toBe("succeeded");
    const history = await get(`/v1/dealerships/${dealer.id}/jobs?status=needs_review,failed,succeeded`, {
      token: admin,
    });
    expect(history.body.items.map((j: any) => j.status)).toEqual([
      "succeeded",
      "failed",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
  });

  it("a site answering 500 on some detail pages: errors recorded, job succeeds, those vehicles are kept", async () => {
    const dealer = await dealershipFor("poison");
    await siteAdmin("poison", "reset");
    const first = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(first.status).toBe("succeeded");
    const count = first.counts.vehiclesFound;
    await siteAdmin("poison", "set?failEvery=4");
    const second = await waitForJob((await startScrape(dealer.id)).body.job.id);
    await siteAdmin("poison", "set?failEvery=0");
    expect(second.status, JSON.stringify(second.review)).toBe("succeeded");
    expect(second.counts.pagesFailed).toBeGreaterThan(0);
    expect(second.errorCount).toBe(second.counts.pagesFailed);
    expect(second.errors[0]).toMatchObject({ code: "http_error", message: "HTTP 500" });
    expect(second.errors[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // Vehicles whose page failed were not seen, but are not removed either.
    expect(second.counts.vehiclesRemoved).toBe(0);
    expect((await vehiclesOf(dealer.id, "active")).length).toBe(count);
  });
});
