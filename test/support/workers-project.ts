import { cloudflareTest, type D1Migration } from "@cloudflare/vitest-pool-workers";
import type { TestProjectInlineConfiguration } from "vitest/config";
import type { DemoSiteName } from "../workers/support/demo-sites";

/** The pool's options as cloudflareTest() takes them: a value, or a function of what globalSetup provided. */
type PoolOptionsArg = Parameters<typeof cloudflareTest>[0];
type PoolOptions = Exclude<PoolOptionsArg, (...args: never[]) => unknown>;
/** `{ inject }`: the values globalSetup provided (the function runs after globalSetup). */
export type PoolContext = Parameters<Extract<PoolOptionsArg, (...args: never[]) => unknown>>[0];
type MiniflareOptions = NonNullable<PoolOptions["miniflare"]>;
type ProjectTest = NonNullable<TestProjectInlineConfiguration["test"]>;

export interface WorkersProjectOptions
  extends Pick<ProjectTest, "exclude" | "globalSetup" | "testTimeout" | "hookTimeout" | "fileParallelism"> {
  name: string;
  /** Test file globs: every file matching them runs in the project (new files included). */
  include: string[];
  /** The test Worker's wrangler config, e.g. "./test/workers/wrangler.toml". */
  wrangler: string;
  /**
   * D1 migrations: bound as TEST_MIGRATIONS and applied before each test file by
   * test/support/apply-d1-migrations.ts (added to setupFiles). Omitted: neither.
   */
  d1Migrations?: D1Migration[];
  /**
   * The project's own Miniflare options (bindings, hyperdrives, ...): a value, or a function of
   * `{ inject }` when they need what globalSetup provided. Bindings are merged after TEST_MIGRATIONS.
   */
  miniflare?: MiniflareOptions | ((ctx: PoolContext) => MiniflareOptions);
}

/**
 * One Vitest project running its tests in workerd through @cloudflare/vitest-pool-workers; each project
 * in vitest.config.ts states only what differs.
 */
export function workersProject(o: WorkersProjectOptions): TestProjectInlineConfiguration {
  const { name, include, wrangler, d1Migrations, miniflare, ...test } = o;
  const poolOptions = (own: MiniflareOptions | undefined): PoolOptions => {
    const pool: PoolOptions = { wrangler: { configPath: wrangler } };
    if (d1Migrations)
      pool.miniflare = { ...own, bindings: { TEST_MIGRATIONS: d1Migrations, ...own?.bindings } };
    else if (own) pool.miniflare = own;
    return pool;
  };
  return {
    extends: true,
    plugins: [
      // A function only where the options need `inject`: it runs after globalSetup.
      typeof miniflare === "function"
        ? cloudflareTest((ctx) => poolOptions(miniflare(ctx)))
        : cloudflareTest(poolOptions(miniflare)),
    ],
    test: {
      name,
      include,
      ...(d1Migrations ? { setupFiles: ["test/support/apply-d1-migrations.ts"] } : {}),
      ...test,
    },
  };
}

/** Lets the scraper fetch the demo dealer sites that test/workers/support/demo-sites.ts started (globalSetup). */
export function demoSitesAllowed({ inject }: PoolContext): MiniflareOptions {
  const sites = inject<Record<DemoSiteName, string>>("demoSites");
  const hosts = Object.values(sites).map((u) => new URL(u).host);
  return { bindings: { SCRAPER_DEV_ALLOW_HOSTS: hosts.join(",") } };
}
