import type { TestProject } from "vitest/node";
import { startPineconeServer } from "../../support/vendors/pinecone-server";
import { startQdrantServer } from "../../support/vendors/qdrant-server";

export const PINECONE_INDEX = "forecourt-test";
export const TEST_DIMENSIONS = 8;

declare module "vitest" {
  export interface ProvidedContext {
    vectorServers: { pinecone: string; qdrant: string };
  }
}

/**
 * Vitest globalSetup (Node side) of the `vector` project: the local Pinecone and Qdrant servers on free
 * loopback ports; their URLs reach the test Worker as bindings (vitest.config.ts).
 */
export default async function setup(project: TestProject) {
  const pinecone = await startPineconeServer({ indexName: PINECONE_INDEX, dimension: TEST_DIMENSIONS });
  const qdrant = await startQdrantServer();
  project.provide("vectorServers", { pinecone: pinecone.url, qdrant: qdrant.url });
  return async () => {
    await Promise.all([pinecone.close(), qdrant.close()]);
  };
}
