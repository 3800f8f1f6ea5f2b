import type { ChatMessage } from "@forecourt/llm";

/** Bounds on conversation state: what is stored, and how much of it goes back into the prompt. */
export const CHAT_MESSAGE_MAX_CHARS = 2_000;
export const STORED_MESSAGES_MAX = 20;
export const STORED_MESSAGE_CHARS_MAX = 4_000;
export const PROMPT_HISTORY_MESSAGES = 6;
export const PROMPT_HISTORY_CHARS = 6_000;

export interface StoredTurnMessage {
  role: "user" | "assistant";
  content: string;
  at: string;
  citations?: string[];
}

export function readMessages(raw: unknown[]): StoredTurnMessage[] {
  const out: StoredTurnMessage[] = [];
  for (const m of raw) {
    if (!m || typeof m !== "object") continue;
    const r = m as Record<string, unknown>;
    if ((r.role === "user" || r.role === "assistant") && typeof r.content === "string") {
      out.push({
        role: r.role,
        content: r.content,
        at: typeof r.at === "string" ? r.at : "",
        ...(Array.isArray(r.citations)
          ? { citations: r.citations.filter((c) => typeof c === "string") }
          : {}),
      });
    }
  }
  return out;
}

/** The newest messages that fit both bounds, oldest first, starting with a user message. */
export function promptHistory(messages: StoredTurnMessage[]): ChatMessage[] {
  const picked: ChatMessage[] = [];
  let chars = 0;
  for (let i = messages.length - 1; i >= 0 && picked.length < PROMPT_HISTORY_MESSAGES; i--) {
    const m = messages[i]!;
    if (chars + m.content.length > PROMPT_HISTORY_CHARS) break;
    chars += m.content.length;
    picked.unshift({ role: m.role, content: m.content });
  }
  while (picked[0] && picked[0].role !== "user") picked.shift();
  return picked;
}

/** Appends a turn and keeps the newest STORED_MESSAGES_MAX messages, each cut at STORED_MESSAGE_CHARS_MAX. */
export function appendTurn(messages: StoredTurnMessage[], turn: StoredTurnMessage[]): StoredTurnMessage[] {
  const cut = (m: StoredTurnMessage) =>
    m.content.length > STORED_MESSAGE_CHARS_MAX
      ? { ...m, content: m.content.slice(0, STORED_MESSAGE_CHARS_MAX) }
      : m;
  return [...messages, ...turn.map(cut)].slice(-STORED_MESSAGES_MAX);
}
