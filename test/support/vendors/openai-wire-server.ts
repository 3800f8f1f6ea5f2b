import type { ServerResponse } from "node:http";
import { hashingEmbedding } from "../../../packages/llm/src/local/embedding";
import type { ChatMessage } from "../../../packages/llm/src/types";
import { serverInputTokens } from "../../llm/support/fault-plan";
import {
  answerBodyFault,
  type HttpFault,
  jsonWriter,
  localDeltas,
  sleep,
  startSse,
  startWireServer,
  type WireRequest,
  type WireServer,
  wireId,
  writeSse,
} from "./wire-server";

export type { WireServer };

/**
 * A local server speaking the OpenAI REST wire format (https://platform.openai.com/docs/api-reference,
 * openai-openapi spec): POST /v1/chat/completions (JSON and SSE streaming with `chat.completion.chunk`
 * objects, `stream_options.include_usage` usage chunk, `data: [DONE]`), POST /v1/embeddings (float and
 * base64 `encoding_format`, `dimensions`), Bearer auth, and the `{error:{message,type,param,code}}` error
 * shape with Retry-After on 429. Answers are produced by the local extractive responder, so they are
 * grounded in the `<vehicles>` records of the request. Faults per test/llm/support/fault-plan.ts.
 */
export const OPENAI_TEST_KEY = "sk-test-forecourt-local";

const json = jsonWriter("x-request-id");

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

const rateLimited = (retryIn: string, retryAfter: string) => (res: ServerResponse) =>
  error(
    res,
    429,
    `Rate limit reached for requests. Please try again in ${retryIn}.`,
    "requests",
    "rate_limit_exceeded",
    { "retry-after": retryAfter },
  );
const overloaded = (res: ServerResponse) =>
  error(res, 503, "The engine is currently overloaded, please try again later.", "server_error", null);

/** The HTTP-level fault steps, as OpenAI answers them. */
const FAULTS: Record<HttpFault, (res: ServerResponse) => void> = {
  "429": rateLimited("1s", "1"),
  "429long": rateLimited("2m", "120"),
  "500": (res) =>
    error(
      res,
      500,
      "The server had an error while processing your request. Sorry about that!",
      "server_error",
      null,
    ),
  "503": overloaded,
  "529": overloaded,
  "401": (res) => error(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
  "400": (res) => error(res, 400, "Invalid request (fault plan).", "invalid_request_error", null),
};

/** Simulated provider latency (benchmarks): before a stream's first event, and between its text events. */
export interface WireTiming {
  firstTokenDelayMs?: number;
  interTokenDelayMs?: number;
}

async function chatCompletions(r: WireRequest, timing: WireTiming) {
  const { body, res } = r;
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
  const { words, cut } = localDeltas(msgs, max);
  const finish = cut ? "length" : "stop";
  const text = words.join("");
  const usage = {
    prompt_tokens: serverInputTokens(msgs.map((m) => m.content)),
    completion_tokens: words.length,
  };
  const served = { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
  const id = wireId("chatcmpl-");
  const created = Math.floor(Date.now() / 1000);
  const model = body.model;
  if (body.stream !== true) {
    if (
      answerBodyFault(r, {
        garbage: "<html><body>502 Bad Gateway</body></html>",
        partial: '{"id":"chatcmpl-x","object":"chat.completion","choi',
      })
    )
      return;
    return r.answer(
      {
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
      },
      served,
    );
  }
  if (timing.firstTokenDelayMs) await sleep(timing.firstTokenDelayMs);
  startSse(res);
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
  await writeSse(r, events, {
    minBeforeCut: 2,
    garbage: "data: {this is not json\n\n",
    errorEvent: `data: ${JSON.stringify({ error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } })}\n\n`,
    // After each text delta (not after the role event, nor after the closing events).
    pauseAfter: (i) =>
      timing.interTokenDelayMs && i > 0 && i <= words.length ? timing.interTokenDelayMs : 0,
    usage: served,
  });
}

function embeddings(r: WireRequest) {
  const { body, res } = r;
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
  if (
    answerBodyFault(r, {
      garbage: '{"object":"list","data":[{"object":"embedding","index":0,"embedding":',
      partial: '{"object":"list","data":[',
    })
  )
    return;
  const base64 = body.encoding_format === "base64";
  const data = (input as string[]).map((t, index) => {
    const v = hashingEmbedding(t, dims);
    const embedding = base64 ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
    return { object: "embedding", index, embedding };
  });
  const promptTokens = serverInputTokens(input as string[]);
  r.answer(
    {
      object: "list",
      data,
      model: body.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    },
    { inputTokens: promptTokens, outputTokens: 0 },
  );
}

export function startOpenAIWireServer(port = 0, timing: WireTiming = {}): Promise<WireServer> {
  return startWireServer(port, {
    json,
    refuse(req, res) {
      if (req.headers.authorization === `Bearer ${OPENAI_TEST_KEY}`) return false;
      error(res, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
      return true;
    },
    badJson: (res) =>
      error(res, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null),
    faults: FAULTS,
    async handle(r) {
      const { method } = r.req;
      if (method === "POST" && r.rest === "/v1/chat/completions") return await chatCompletions(r, timing);
      if (method === "POST" && r.rest === "/v1/embeddings") return embeddings(r);
      error(r.res, 404, `Unknown request URL: ${method} ${r.rest}`, "invalid_request_error", "unknown_url");
    },
    internalError: (res, err) => error(res, 500, String(err), "server_error", null),
  });
}
