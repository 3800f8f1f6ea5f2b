import type { TestProject } from "vitest/node";
import { startDemoSite } from "../../../web/demo-site/src/index";
import { startReceivers } from "./receivers";

declare module "vitest" {
  export interface ProvidedContext {
    observabilityServers: { receivers: string; demoSite: string };
  }
}

/**
 * globalSetup of the observability projects (Node side): the local alert receivers (Slack, PagerDuty,
 * webhook, email API) and one demo dealer site for the correlation test, on port 0; URLs via inject.
 */
export default async function setup(project: TestProject) {
  const receivers = await startReceivers();
  const site = await startDemoSite({
    port: 0,
    seed: 4242,
    count: 12,
    pageSize: 6,
    style: "mixed",
    dealershipIndex: 90,
    dealerName: "Demo Motors observability",
  });
  project.provide("observabilityServers", { receivers: receivers.url, demoSite: site.url });
  return async () => {
    await new Promise<void>((r) => receivers.server.close(() => r()));
    await site.close();
  };
}
