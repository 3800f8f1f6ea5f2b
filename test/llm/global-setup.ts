import type { TestProject } from "vitest/node";
import { startAnthropicWireServer } from "../support/vendors/anthropic-wire-server";
import { startOpenAIWireServer } from "../support/vendors/openai-wire-server";

declare module "vitest" {
  export interface ProvidedContext {
    llmServers: { openai: string; anthropic: string };
  }
}

/** Vitest globalSetup (Node side) of the `llm` project: the OpenAI-wire and Anthropic-wire servers on free ports. */
export default async function setup(project: TestProject) {
  const openai = await startOpenAIWireServer(0);
  const anthropic = await startAnthropicWireServer(0);
  project.provide("llmServers", { openai: openai.url, anthropic: anthropic.url });
  return async () => {
    await Promise.all([openai.close(), anthropic.close()]);
  };
}
