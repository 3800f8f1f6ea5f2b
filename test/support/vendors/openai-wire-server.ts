import { randomUUID } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { localAnswer } from "../../../packages/llm/src/local/chat";
import { hashingEmbedding } from "../../../packages/llm/src/local/embedding";
import type { ChatMessage } from "../../../packages/llm/src/types";
import { deltas, FaultPlans, type FaultStep, serverInputTokens } from "../../llm/support/fault-plan";
import { readText } from "../http-body";

/**
 * A local server speaking the OpenAI REST wire format (https://platform.openai.com/docs/api-reference,
 * openai-openapi spec): POST /v1/chat/completions (JSON and SSE streaming with `chat.completion.chunk`
 * objects, `stream_options.include_usage` usage chunk, `data: [DONE]`), POST /v1/embeddings (float and
 * base64 `encoding_format`, `dimensions`), Bearer auth, and the `{error:{message,type,param,code}}` error
 * shape with Retry-After on 429. Answers are produced by the local extractive responder, so they are
 * grounded in the `<vehicles>` records of the request. Faults per test/llm/support/fault-plan.ts.
 */
export const OPENAI_TEST_KEY = "sk-test-forecourt-local";

export interface WireServer {
  url: string;
  plans: FaultPlans;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": "application/json",
    "x-request-id": `req_${randomUUID()}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function error(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
) {
  json(res, status, { error: { message, type, param: null, code } }, headers);
}

/** Answers a fault step that does not depend on the endpoint; returns true when handled. */
function commonFault(step: FaultStep, res: ServerResponse): boolean {
  switch (step) {
    case "429":
      error(
        res,
        429,
        "Rate limit reached for requests. Please try again in 1s.",
        "requests",
        "rate_limit_exceeded",
        { "retry-after": "1" },
      );
      return true;
    case "429long":
      error(
        res,
        429,
        "Rate limit reached for requests. Please try again in 2m.",
        "requests",
        "rate_limit_exceeded",
        { "retry-after": "120" },
      );
      return true;
    case "500":
      error(
        res,
        500,
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
        null,
      );
      return true;
    case "503":
    case "529":
      error(res, 503, "The engine is currently overloaded, please try again later.", "server_error", null);
      return true;
    case "401":
      error(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
      return true;
    case "400":
      error(res, 400, "Invalid request (fault plan).", "invalid_request_error", null);
      return true;
    case "hang":
      // Keep the socket open; the client's abort (or server close) ends it.
      return true;
    default:
      return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Simulated provider latency (benchmarks): before a stream's first event, and between its text events. */
export interface WireTiming {
  firstTokenDelayMs?: number;
  interTokenDelayMs?: number;
}

async function chatCompletions(
  body: Record<string, unknown>,
  step: FaultStep,
  res: ServerResponse,
  plans: FaultPlans,
  scenario: string,
  timing: WireTiming = {},
) {
  if (typeof body.model !== "string" || !body.model)
    return error(res, 400, "you must provide a model parameter", "invalid_request_error", null);
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return error(res, 400, "'messages' must contain at least 1 item", "invalid_request_error", null);
  }
  for (const m of messages as { role?: unknown; content?: unknown }[]) {
    if (
      !["system", "user", "assistant", "developer"].includes(String(m?.role)) ||
      typeof m.content !== "string"
    ) {
      return error(res, 400, "Invalid message in 'messages'", "invalid_request_error", null);
    }
  }
  const msgs = messages as ChatMessage[];
  const max =
    typeof body.max_completion_tokens === "number"
      ? body.max_completion_tokens
      : typeof body.max_tokens === "number"
        ? body.max_tokens
        : 4096;
  let words = deltas(localAnswer({ messages: msgs }));
  let finish = "stop";
  if (words.length > max) {
    words = words.slice(0, max);
    finish = "length";
  }
  const text = words.join("");
  const usage = {
    prompt_tokens: serverInputTokens(msgs.map((m) => m.content)),
    completion_tokens: words.length,
  };
  const id = `chatcmpl-${randomUUID().replace(/-/g, "").slice(0, 24)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = body.model;
  if (body.stream !== true) {
    if (step === "garbage") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end("<html><body>502 Bad Gateway</body></html>");
    }
    if (step === "drop") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"id":"chatcmpl-x","object":"chat.completion","choi');
      return res.socket?.destroy();
    }
    plans
      .stats(scenario)
      .usage.push({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens });
    return json(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text, refusal: null },
          logprobs: null,
          finish_reason: finish,
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      system_fingerprint: "fp_local",
    });
  }
  if (timing.firstTokenDelayMs) await sleep(timing.firstTokenDelayMs);
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_local", choices, ...extra })}\n\n`;
  const includeUsage =
    (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const events: string[] = [
    chunk(
      [
        {
          index: 0,
          delta: { role: "assistant", content: "", refusal: null },
          logprobs: null,
          finish_reason: null,
        },
      ],
      includeUsage ? { usage: null } : {},
    ),
  ];
  for (const w of words)
    events.push(
      chunk(
        [{ index: 0, delta: { content: w }, logprobs: null, finish_reason: null }],
        includeUsage ? { usage: null } : {},
      ),
    );
  events.push(
    chunk(
      [{ index: 0, delta: {}, logprobs: null, finish_reason: finish }],
      includeUsage ? { usage: null } : {},
    ),
  );
  if (includeUsage)
    events.push(
      chunk([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }),
    );
  events.push("data: [DONE]\n\n");
  const half = Math.max(2, Math.floor(events.length / 2));
  for (const [i, ev] of events.entries()) {
    if (step === "garbage" && i === 1) {
      res.write("data: {this is not json\n\n");
      continue;
    }
    if ((step === "drop" || step === "errorevent") && i === half) {
      if (step === "errorevent") {
        res.write(
          `data: ${JSON.stringify({ error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } })}\n\n`,
        );
        return res.end();
      }
      // let the delivered half reach the client before the cut
      await sleep(30);
      return res.socket?.destroy();
    }
    res.write(ev);
    if (step === "slow") await sleep(40);
    else if (timing.interTokenDelayMs && i > 0 && i <= words.length) await sleep(timing.interTokenDelayMs);
  }
  plans
    .stats(scenario)
    .usage.push({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens });
  res.end();
}

function embeddings(
  body: Record<string, unknown>,
  step: FaultStep,
  res: ServerResponse,
  plans: FaultPlans,
  scenario: string,
) {
  if (typeof body.model !== "string")
    return error(res, 400, "you must provide a model parameter", "invalid_request_error", null);
  const input = typeof body.input === "string" ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || input.some((t) => typeof t !== "string" || t === "")) {
    return error(
      res,
      400,
      "'input' : input must be a non-empty string or array of non-empty strings",
      "invalid_request_error",
      null,
    );
  }
  if (input.length > 2048)
    return error(res, 400, "'input' : maximum 2048 inputs per request", "invalid_request_error", null);
  const native = body.model === "text-embedding-3-large" ? 3072 : 1536;
  const dims = typeof body.dimensions === "number" ? body.dimensions : native;
  if (
    body.dimensions !== undefined &&
    (body.model === "text-embedding-ada-002" || dims < 1 || dims > native)
  ) {
    return error(
      res,
      400,
      `This model does not support specifying dimensions (${dims}).`,
      "invalid_request_error",
      null,
    );
  }
  if (step === "garbage") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end('{"object":"list","data":[{"object":"embedding","index":0,"embedding":');
  }
  if (step === "drop") {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"object":"list","data":[');
    return res.socket?.destroy();
  }
  const base64 = body.encoding_format === "base64";
  const data = (input as string[]).map((t, index) => {
    const v = hashingEmbedding(t, dims);
    const embedding = base64 ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
    return { object: "embedding", index, embedding };
  });
  const promptTokens = serverInputTokens(input as string[]);
  plans.stats(scenario).usage.push({ inputTokens: promptTokens, outputTokens: 0 });
  json(res, 200, {
    object: "list",
    data,
    model: body.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}

export async function startOpenAIWireServer(port = 0, timing: WireTiming = {}): Promise<WireServer> {
  const plans = new FaultPlans();
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const statsMatch = /^\/_stats\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
      if (statsMatch && req.method === "GET") return json(res, 200, plans.stats(statsMatch[1]!));
      const { scenario, steps, rest } = plans.route(url.pathname);
      const raw = await readText(req);
      if (req.headers.authorization !== `Bearer ${OPENAI_TEST_KEY}`) {
        return error(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw);
      } catch {
        return error(
          res,
          400,
          "We could not parse the JSON body of your request.",
          "invalid_request_error",
          null,
        );
      }
      const step = plans.next(scenario, steps, rest, body);
      if (commonFault(step, res)) return;
      if (req.method === "POST" && rest === "/v1/chat/completions")
        return await chatCompletions(body, step, res, plans, scenario, timing);
      if (req.method === "POST" && rest === "/v1/embeddings")
        return embeddings(body, step, res, plans, scenario);
      error(res, 404, `Unknown request URL: ${req.method} ${rest}`, "invalid_request_error", "unknown_url");
    } catch (err) {
      if (!res.headersSent) error(res, 500, String(err), "server_error", null);
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
