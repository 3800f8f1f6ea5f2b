import { inject } from "vitest";
import {
  type ChatModel,
  createChatModel,
  createEmbeddingModel,
  type EmbeddingModel,
} from "../../../packages/llm/src/index";
import { ANTHROPIC_TEST_KEY } from "../../support/vendors/anthropic-wire-server";
import { OPENAI_TEST_KEY } from "../../support/vendors/openai-wire-server";
import { WorkersAiStandIn } from "../../support/vendors/workers-ai-standin";
import type { FaultStep, ScenarioStats } from "./fault-plan";

/** One adapter under test, built by configuration exactly as the Workers build it. */
export interface Harness<M> {
  name: "openai" | "anthropic" | "workers-ai" | "local";
  /** False for the local provider: no network, so network faults cannot happen (those cases are skipped). */
  network: boolean;
  make(steps?: FaultStep[], extra?: Record<string, unknown>): { model: M; stats(): Promise<ScenarioStats> };
}

let seq = 0;
const scenarioId = () =>
  `t${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function serverStats(base: string, id: string): Promise<ScenarioStats> {
  const r = await fetch(`${base}/_stats/${id}`);
  return (await r.json()) as ScenarioStats;
}

function standInStats(s: WorkersAiStandIn): () => Promise<ScenarioStats> {
  return async () => ({
    count: s.calls.length,
    requests: s.calls.map((c) => ({ path: c.model, body: c.inputs, step: c.step })),
    usage: s.usage,
  });
}

const noStats = async (): Promise<ScenarioStats> => ({ count: 0, requests: [], usage: [] });

export function chatHarnesses(): Harness<ChatModel>[] {
  const urls = inject("llmServers");
  return [
    {
      name: "openai",
      network: true,
      make(steps = ["ok"], extra = {}) {
        const id = scenarioId();
        const model = createChatModel({
          provider: "openai",
          apiKey: OPENAI_TEST_KEY,
          baseURL: `${urls.openai}/s/${id}/${steps.join(",")}/v1`,
          model: "gpt-4o-mini",
          ...extra,
        });
        return { model, stats: () => serverStats(urls.openai, id) };
      },
    },
    {
      name: "anthropic",
      network: true,
      make(steps = ["ok"], extra = {}) {
        const id = scenarioId();
        const model = createChatModel({
          provider: "anthropic",
          apiKey: ANTHROPIC_TEST_KEY,
          baseURL: `${urls.anthropic}/s/${id}/${steps.join(",")}`,
          model: "claude-haiku-4-5",
          ...extra,
        });
        return { model, stats: () => serverStats(urls.anthropic, id) };
      },
    },
    {
      name: "workers-ai",
      network: true,
      make(steps = ["ok"], extra = {}) {
        const binding = new WorkersAiStandIn(steps);
        const model = createChatModel({
          provider: "workers-ai",
          binding,
          model: "@cf/meta/llama-3.1-8b-instruct",
          ...extra,
        });
        return { model, stats: standInStats(binding) };
      },
    },
    {
      name: "local",
      network: false,
      make(_steps = ["ok"], extra = {}) {
        return { model: createChatModel({ provider: "local", ...extra }), stats: noStats };
      },
    },
  ];
}

export function embeddingHarnesses(): Harness<EmbeddingModel>[] {
  const urls = inject("llmServers");
  return [
    {
      name: "openai",
      network: true,
      make(steps = ["ok"], extra = {}) {
        const id = scenarioId();
        const model = createEmbeddingModel({
          provider: "openai",
          apiKey: OPENAI_TEST_KEY,
          baseURL: `${urls.openai}/s/${id}/${steps.join(",")}/v1`,
          model: "text-embedding-3-small",
          dimensions: 384,
          ...extra,
        });
        return { model, stats: () => serverStats(urls.openai, id) };
      },
    },
    {
      name: "workers-ai",
      network: true,
      make(steps = ["ok"], extra = {}) {
        const binding = new WorkersAiStandIn(steps);
        const model = createEmbeddingModel({
          provider: "workers-ai",
          binding,
          model: "@cf/baai/bge-small-en-v1.5",
          ...extra,
        });
        return { model, stats: standInStats(binding) };
      },
    },
    {
      name: "local",
      network: false,
      make() {
        return { model: createEmbeddingModel({ provider: "local" }), stats: noStats };
      },
    },
  ];
}

/** Collects a stream: text, events in order, and the error that ended it (if any). */
export async function collect(
  stream: AsyncIterable<import("../../../packages/llm/src/index").ChatStreamEvent>,
) {
  const events: import("../../../packages/llm/src/index").ChatStreamEvent[] = [];
  let text = "";
  let error: unknown = null;
  try {
    for await (const ev of stream) {
      events.push(ev);
      if (ev.type === "text") text += ev.delta;
    }
  } catch (err) {
    error = err;
  }
  return { events, text, error };
}
