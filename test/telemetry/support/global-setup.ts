import type { TestProject } from "vitest/node";
import { startTelemetryReceiver } from "./receiver";

declare module "vitest" {
  export interface ProvidedContext {
    telemetryReceiver: { url: string; sentryDsn: string };
  }
}

/** Vitest globalSetup (Node side) of the `telemetry` project: the local OTLP + Sentry receiver on a free port. */
export default async function setup(project: TestProject) {
  const receiver = await startTelemetryReceiver(0);
  project.provide("telemetryReceiver", { url: receiver.url, sentryDsn: receiver.sentryDsn });
  return () => receiver.close();
}
