import type { TestProject } from "vitest/node";
import { startQdrantServer } from "../../support/vendors/qdrant-server";

/**
 * globalSetup of the `embedder` project: the local Qdrant (REST API of Qdrant 1.18, test/support/vendors) on
 * a free loopback port, so vector migrations run between real adapter kinds (local <-> qdrant) through the
 * API and the embedder. Provides `embedderQdrant` (its URL), set as QDRANT_URL by vitest.config.ts.
 */
declare module "vitest" {
  export interface ProvidedContext {
    embedderQdrant: string;
  }
}

export default async function setup(project: TestProject) {
  const qdrant = await startQdrantServer();
  project.provide("embedderQdrant", qdrant.url);
  return () => qdrant.close();
}
