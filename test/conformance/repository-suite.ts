import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repositories } from "../../packages/db/src/index";
import { newDealership } from "./fixtures";
import { aiCases } from "./suite-ai";
import { apiKeyCases } from "./suite-api-keys";
import { dealershipCases } from "./suite-dealerships";
import { qualityCases } from "./suite-quality";
import { scrapeCases } from "./suite-scrapes";
import { searchCases } from "./suite-search";
import { vectorCases } from "./suite-vectors";
import { vehicleWriteCases } from "./suite-vehicle-writes";

export interface ConformanceOptions {
  /** Skip every case, reporting this reason (e.g. the database is not reachable). */
  skipReason?: string;
  /** Cases this implementation cannot support, by exact test name → why. They are reported as skipped. */
  unsupported?: Record<string, string>;
}

/** What each group of cases gets: the repositories under test and a test function honouring `unsupported`. */
export interface SuiteContext {
  repos(): Repositories;
  /** A separate instance (its own connection on Postgres), as a concurrent request would have. */
  fresh(): Promise<Repositories>;
  test(name: string, run: () => Promise<void> | void, timeoutMs?: number): void;
}

/**
 * The repository conformance suite: one set of cases, run unchanged against every implementation
 * (modelled on drizzle-orm's integration-tests/tests/sqlite/sqlite-common.ts). Each driver's test file
 * only builds its Repositories.
 */
export function runRepositoryConformance(
  name: string,
  makeRepos: () => Promise<Repositories>,
  opts: ConformanceOptions = {},
): void {
  const skip = opts.skipReason;
  if (skip) console.warn(`[conformance] ${name}: every test SKIPPED: ${skip}`);
  describe.skipIf(!!skip)(skip ? `${name} (skipped: ${skip})` : name, () => {
    let repos: Repositories | undefined;
    beforeAll(async () => {
      repos = await makeRepos();
    });
    afterAll(async () => {
      await repos?.close();
    });
    const used = new Set<string>();
    const ctx: SuiteContext = {
      repos: () => {
        if (!repos) throw new Error("repositories not ready");
        return repos;
      },
      fresh: makeRepos,
      test(title, run, timeoutMs) {
        if (used.has(title)) throw new Error(`duplicate conformance test name: ${title}`);
        used.add(title);
        const reason = opts.unsupported?.[title];
        if (reason) it.skip(`${title} (unsupported: ${reason})`, run);
        else it(title, run, timeoutMs);
      },
    };
    describe("lifecycle", () => {
      ctx.test("short-lived instances (one per request) work and close cleanly, twice", async () => {
        const id = (await ctx.repos().dealerships.create(newDealership())).id;
        for (let i = 0; i < 10; i++) {
          const perRequest = await makeRepos();
          expect((await perRequest.dealerships.get(id))?.id).toBe(id);
          await perRequest.close();
          await perRequest.close();
        }
        const unused = await makeRepos();
        await unused.close();
      });
    });
    describe("dealerships", () => dealershipCases(ctx));
    describe("api keys", () => apiKeyCases(ctx));
    describe("vehicle writes", () => vehicleWriteCases(ctx));
    describe("vehicle search", () => searchCases(ctx));
    describe("scrape jobs", () => scrapeCases(ctx));
    describe("quality", () => qualityCases(ctx));
    describe("ai usage and conversations", () => aiCases(ctx));
    describe("vectors", () => vectorCases(ctx));
  });
}
