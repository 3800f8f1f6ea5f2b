import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { ChatMessage } from "../../../packages/llm/src/types";
import { serverInputTokens } from "../../llm/support/fault-plan";
import {
  answerBodyFault,
  type HttpFault,
  jsonWriter,
  localDeltas,
  startSse,
  startWireServer,
  type WireRequest,
  type WireServer,
  wireId,
  writeSse,
} from "./wire-server";

/**
 * A local server speaking the Anthropic Messages API wire format (https://docs.anthropic.com/en/api/messages,
 * /en/api/messages-streaming, /en/api/errors): POST /v1/messages with `x-api-key` and `anthropic-version`
 * headers, top-level `system`, JSON answers and SSE streams with the documented event sequence
 * message_start, content_block_start, ping, content_block_delta*, content_block_stop, message_delta,
 * message_stop; errors as `{type:"error",error:{type,message}}` (429 rate_limit_error with retry-after,
 * 500 api_error, 529 overloaded_error, 401 authentication_error, 400 invalid_request_error) and the in-stream
 * `event: error`. Answers come from the local extractive responder. Faults per test/llm/support/fault-plan.ts.
 */
export const ANTHROPIC_TEST_KEY = "sk-ant-test-forecourt-local";

const send = jsonWriter("request-id");

function error(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
) {
  send(res, status, { type: "error", error: { type, message } }, headers);
}

const rateLimited = (retryAfter: string) => (res: ServerResponse) =>
  error(res, 429, "rate_limit_error", "Number of requests has exceeded your rate limit.", {
    "retry-after": retryAfter,
  });
const overloaded = (res: ServerResponse) => error(res, 529, "overloaded_error", "Overloaded");

/** The HTTP-level fault steps, as Anthropic answers them. */
const FAULTS: Record<HttpFault, (res: ServerResponse) => void> = {
  "429": rateLimited("1"),
  "429long": rateLimited("120"),
  "500": (res) =>
    error(res, 500, "api_error", "An unexpected error has occurred internal to Anthropic's systems."),
  "503": overloaded,
  "529": overloaded,
  "401": (res) => error(res, 401, "authentication_error", "invalid x-api-key"),
  "400": (res) => error(res, 400, "invalid_request_error", "Invalid request (fault plan)."),
};

function toMessages(body: Record<string, unknown>): ChatMessage[] | string {
  const out: ChatMessage[] = [];
  const system = body.system;
  if (typeof system === "string") out.push({ role: "system", content: system });
  else if (Array.isArray(system)) {
    for (const b of system as { type?: string; text?: unknown }[]) {
      if (b?.type !== "text" || typeof b.text !== "string") return "system: blocks must be text blocks";
      out.push({ role: "system", content: b.text });
    }
  } else if (system !== undefined) return "system: Input should be a valid string";
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return "messages: at least one message is required";
  for (const [i, m] of (messages as { role?: unknown; content?: unknown }[]).entries()) {
    if (m?.role !== "user" && m?.role !== "assistant") {
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    let content: string;
    if (typeof m.content === "string") content = m.content;
    else if (Array.isArray(m.content))
      content = (m.content as { text?: string }[]).map((b) => b?.text ?? "").join("");
    else return `messages.${i}.content: Input should be a valid string or list`;
    if (content === "" && i !== messages.length - 1)
      return `messages.${i}: all messages must have non-empty content`;
    out.push({ role: m.role, content });
  }
  if ((messages[0] as { role: string }).role !== "user")
    return 'messages: first message must use the "user" role';
  return out;
}

async function handleMessages(r: WireRequest) {
  const { body, res } = r;
  if (typeof body.model !== "string" || !body.model)
    return error(res, 400, "invalid_request_error", "model: Field required");
  if (typeof body.max_tokens !== "number" || body.max_tokens < 1)
    return error(res, 400, "invalid_request_error", "max_tokens: Field required");
  const msgs = toMessages(body);
  if (typeof msgs === "string") return error(res, 400, "invalid_request_error", msgs);
  const { words, cut } = localDeltas(msgs, body.max_tokens);
  const stop = cut ? "max_tokens" : "end_turn";
  const text = words.join("");
  const inputTokens = serverInputTokens(msgs.map((m) => m.content));
  const served = { inputTokens, outputTokens: words.length };
  const id = wireId("msg_");
  const model = body.model;
  if (body.stream !== true) {
    if (
      answerBodyFault(r, {
        garbage: "upstream connect error or disconnect/reset before headers",
        partial: '{"id":"msg_x","type":"message","content":[{"type":"te',
      })
    )
      return;
    return r.answer(
      {
        id,
        type: "message",
        role: "assistant",
        model,
        content: [{ type: "text", text }],
        stop_reason: stop,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: words.length },
      },
      served,
    );
  }
  startSse(res, { "request-id": `req_${randomUUID()}` });
  const ev = (type: string, data: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [
    ev("message_start", {
      message: {
        id,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    }),
    ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    ev("ping", {}),
    ...words.map((w) => ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: w } })),
    ev("content_block_stop", { index: 0 }),
    ev("message_delta", {
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: words.length },
    }),
    ev("message_stop", {}),
  ];
  await writeSse(r, events, {
    minBeforeCut: 4,
    garbage: "event: content_block_start\ndata: {oops not json\n\n",
    errorEvent: `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })}\n\n`,
    usage: served,
  });
}

export function startAnthropicWireServer(port = 0): Promise<WireServer> {
  return startWireServer(port, {
    json: send,
    refuse(req, res) {
      // The API takes the key as `x-api-key`; SDK 1.x sends it as `Authorization: Bearer`: both are accepted.
      const key = req.headers["x-api-key"] ?? req.headers.authorization?.replace(/^Bearer\s+/i, "");
      if (key !== ANTHROPIC_TEST_KEY) error(res, 401, "authentication_error", "invalid x-api-key");
      else if (!req.headers["anthropic-version"])
        error(res, 400, "invalid_request_error", "anthropic-version: header is required");
      else return false;
      return true;
    },
    badJson: (res) => error(res, 400, "invalid_request_error", "Request body is not valid JSON"),
    faults: FAULTS,
    async handle(r) {
      if (r.req.method === "POST" && r.rest === "/v1/messages") return await handleMessages(r);
      error(r.res, 404, "not_found_error", `Not found: ${r.req.method} ${r.rest}`);
    },
    internalError: (res, err) => error(res, 500, "api_error", String(err)),
  });
}
