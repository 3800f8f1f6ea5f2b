// A site whose robots.txt forbids everything: the scrape fetches nothing it may not, records why, and
// removes nothing (workerd, real queues, D1 and the demo site).
import { describe, expect, it } from "vitest";
import { dealershipFor, siteAdmin, siteState, startScrape, vehiclesOf, waitForJob } from "./support/helpers";

describe("robots.txt that forbids everything", () => {
  it("ends without removing anything, with the refusals recorded, and fetches no disallowed page", async () => {
    const dealer = await dealershipFor("robots");
    const truth = await siteState("robots");
    const first = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(first.status).toBe("succeeded");
    expect(first.counts.vehiclesFound).toBe(truth.count);

    await siteAdmin("robots", "set?robotsDisallowAll=true");
    try {
      const before = (await siteAdmin("robots", "state", "GET")).stats;
      const res = await startScrape(dealer.id);
      expect(res.status, res.text).toBe(202);
      const job = await waitForJob(res.body.job.id);
      expect(["needs_review", "failed"]).toContain(job.status);
      expect(job.counts.vehiclesRemoved).toBe(0);
      expect(job.counts.pagesFetched).toBe(0);
      const said = JSON.stringify([job.errors, job.review, job.lastError]);
      expect(said).toMatch(/robots/i);
      // every vehicle is still active
      const active = await vehiclesOf(dealer.id, "active");
      expect(active).toHaveLength(truth.count);
      // the site saw robots.txt and nothing else from this job
      const after = (await siteAdmin("robots", "state", "GET")).stats;
      const kinds = Object.fromEntries(
        Object.keys(after.byKind).map((k) => [k, (after.byKind[k] ?? 0) - (before.byKind[k] ?? 0)]),
      );
      for (const [k, n] of Object.entries(kinds)) if (k !== "robots") expect(n, k).toBe(0);
    } finally {
      await siteAdmin("robots", "set?robotsDisallowAll=false");
    }
  });
});
