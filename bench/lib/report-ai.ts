// Markdown for the AI suites (vector-local, llm-local, embedder, chat-ttft), spliced into BENCHMARKS.md
// between its AI markers.
import { type ChatTtftResult, renderChatTtft } from "../suites/chat-ttft";
import { type EmbedderResult, renderEmbedder } from "../suites/embedder";
import { type LlmLocalResults, renderLlmLocal } from "../suites/llm-local";
import { renderVectorLocal, type VectorLocalResult } from "../suites/vector-local";

export interface AiResults {
  vectorLocal?: VectorLocalResult;
  llmLocal?: LlmLocalResults;
  embedder?: EmbedderResult;
  chatTtft?: ChatTtftResult;
}

export const AI_START = "<!-- bench:ai:start -->";
export const AI_END = "<!-- bench:ai:end -->";

export function renderAi(r: AiResults): string {
  const out: string[] = [];
  if (r.vectorLocal) out.push(renderVectorLocal(r.vectorLocal));
  if (r.llmLocal)
    out.push(`### Local embedding model alone (no queue, no store)\n\n${renderLlmLocal(r.llmLocal)}`);
  if (r.embedder) out.push(renderEmbedder(r.embedder));
  if (r.chatTtft) out.push(renderChatTtft(r.chatTtft));
  return out.join("\n\n");
}
