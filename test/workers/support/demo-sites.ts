import type { TestProject } from "vitest/node";
import { type DemoSiteHandle, startDemoSite } from "../../../web/demo-site/src/index";

/** Demo dealer sites for the pipeline tests, one per scenario (they change state during a test). */
export const DEMO_SITES = [
  "flow",
  "review",
  "dead",
  "ws",
  "idempotency",
  "duplicates",
  "cron",
  "cron-b",
  "poison",
  "isolation",
  "budget",
  "robots",
] as const;
export type DemoSiteName = (typeof DEMO_SITES)[number];

declare module "vitest" {
  export interface ProvidedContext {
    demoSites: Record<DemoSiteName, string>;
  }
}

/**
 * Vitest globalSetup (Node side) of the `pipeline` project: starts the demo dealer website
 * (web/demo-site) once per scenario on free loopback ports and provides their URLs; the Worker's SSRF
 * dev allow-list is set to exactly these host:ports (vitest.config.ts).
 */
export default async function setup(project: TestProject) {
  const handles: DemoSiteHandle[] = [];
  const urls = {} as Record<DemoSiteName, string>;
  for (const [i, name] of DEMO_SITES.entries()) {
    const site = await startDemoSite({
      port: 0,
      seed: 1000 + i,
      count: 24,
      pageSize: 10,
      style: "mixed",
      dealershipIndex: 50 + i,
      dealerName: `Demo Motors ${name}`,
    });
    handles.push(site);
    urls[name] = site.url;
  }
  project.provide("demoSites", urls);
  return async () => {
    await Promise.all(handles.map((h) => h.close()));
  };
}
