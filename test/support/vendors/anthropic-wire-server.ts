import { randomUUID } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { localAnswer } from "../../../packages/llm/src/local/chat";
import type { ChatMessage } from "../../../packages/llm/src/types";
import { deltas, FaultPlans, type FaultStep, serverInputTokens } from "../../llm/support/fault-plan";
import { readText } from "../http-body";
import type { WireServer } from "./openai-wire-server";

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

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": "application/json",
    "request-id": `req_${randomUUID()}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function error(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
) {
  send(res, status, { type: "error", error: { type, message } }, headers);
}

function commonFault(step: FaultStep, res: ServerResponse): boolean {
  switch (step) {
    case "429":
      error(res, 429, "rate_limit_error", "Number of requests has exceeded your rate limit.", {
        "retry-after": "1",
      });
      return true;
    case "429long":
      error(res, 429, "rate_limit_error", "Number of requests has exceeded your rate limit.", {
        "retry-after": "120",
      });
      return true;
    case "500":
      error(res, 500, "api_error", "An unexpected error has occurred internal to Anthropic's systems.");
      return true;
    case "503":
    case "529":
      error(res, 529, "overloaded_error", "Overloaded");
      return true;
    case "401":
      error(res, 401, "authentication_error", "invalid x-api-key");
      return true;
    case "400":
      error(res, 400, "invalid_request_error", "Invalid request (fault plan).");
      return true;
    case "hang":
      return true;
    default:
      return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

async function handleMessages(
  body: Record<string, unknown>,
  step: FaultStep,
  res: ServerResponse,
  plans: FaultPlans,
  scenario: string,
) {
  if (typeof body.model !== "string" || !body.model)
    return error(res, 400, "invalid_request_error", "model: Field required");
  if (typeof body.max_tokens !== "number" || body.max_tokens < 1)
    return error(res, 400, "invalid_request_error", "max_tokens: Field required");
  const msgs = toMessages(body);
  if (typeof msgs === "string") return error(res, 400, "invalid_request_error", msgs);
  let words = deltas(localAnswer({ messages: msgs }));
  let stop = "end_turn";
  if (words.length > body.max_tokens) {
    words = words.slice(0, body.max_tokens);
    stop = "max_tokens";
  }
  const text = words.join("");
  const inputTokens = serverInputTokens(msgs.map((m) => m.content));
  const id = `msg_${randomUUID().replace(/-/g, "").slice(0, 24)}`;
  const model = body.model;
  if (body.stream !== true) {
    if (step === "garbage") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("upstream connect error or disconnect/reset before headers");
    }
    if (step === "drop") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id":"msg_x","type":"message","content":[{"type":"te');
      return res.socket?.destroy();
    }
    plans.stats(scenario).usage.push({ inputTokens, outputTokens: words.length });
    return send(res, 200, {
      id,
      type: "message",
      role: "assistant",
      model,
      content: [{ type: "text", text }],
      stop_reason: stop,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: words.length },
    });
  }
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "request-id": `req_${randomUUID()}`,
  });
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
  const half = Math.max(4, Math.floor(events.length / 2));
  for (const [i, e] of events.entries()) {
    if (step === "garbage" && i === 1) {
      res.write("event: content_block_start\ndata: {oops not json\n\n");
      continue;
    }
    if ((step === "drop" || step === "errorevent") && i === half) {
      if (step === "errorevent") {
        res.write(
          `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })}\n\n`,
        );
        return res.end();
      }
      // let the delivered half reach the client before the cut
      await sleep(30);
      return res.socket?.destroy();
    }
    res.write(e);
    if (step === "slow") await sleep(40);
  }
  plans.stats(scenario).usage.push({ inputTokens, outputTokens: words.length });
  res.end();
}

export async function startAnthropicWireServer(port = 0): Promise<WireServer> {
  const plans = new FaultPlans();
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const statsMatch = /^\/_stats\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
      if (statsMatch && req.method === "GET") return send(res, 200, plans.stats(statsMatch[1]!));
      const { scenario, steps, rest } = plans.route(url.pathname);
      const raw = await readText(req);
      // The API takes the key as `x-api-key`; SDK 1.x sends it as `Authorization: Bearer`: both are accepted.
      const key = req.headers["x-api-key"] ?? req.headers.authorization?.replace(/^Bearer\s+/i, "");
      if (key !== ANTHROPIC_TEST_KEY) return error(res, 401, "authentication_error", "invalid x-api-key");
      if (!req.headers["anthropic-version"])
        return error(res, 400, "invalid_request_error", "anthropic-version: header is required");
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw);
      } catch {
        return error(res, 400, "invalid_request_error", "Request body is not valid JSON");
      }
      const step = plans.next(scenario, steps, rest, body);
      if (commonFault(step, res)) return;
      if (req.method === "POST" && rest === "/v1/messages")
        return await handleMessages(body, step, res, plans, scenario);
      error(res, 404, "not_found_error", `Not found: ${req.method} ${rest}`);
    } catch (err) {
      if (!res.headersSent) error(res, 500, "api_error", String(err));
      else res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    plans,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
