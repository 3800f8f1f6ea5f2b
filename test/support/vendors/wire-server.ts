import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { localAnswer } from "../../../packages/llm/src/local/chat";
import type { ChatMessage } from "../../../packages/llm/src/types";
import { deltas, FaultPlans, type FaultStep, type ScenarioStats } from "../../llm/support/fault-plan";
import { readText } from "../http-body";

/**
 * What the local vendor wire-protocol servers (openai-wire-server.ts, anthropic-wire-server.ts) share: the
 * request pipeline (per-scenario fault plans and stats, body, auth, JSON, fault step), the HTTP-level and
 * body-level fault answers, and SSE writing with the stream faults of test/llm/support/fault-plan.ts. What
 * each vendor's wire looks like (error bodies, request-id header, SSE events, garbage, in-stream error
 * event) stays in its own file.
 */

export interface WireServer {
  url: string;
  plans: FaultPlans;
  close(): Promise<void>;
}

type Headers = Record<string, string>;
type Answer = (res: ServerResponse) => void;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A JSON answer writer carrying a fresh request id in the vendor's header (`x-request-id`, `request-id`). */
export function jsonWriter(requestIdHeader: string) {
  return (res: ServerResponse, status: number, body: unknown, headers: Headers = {}) => {
    res.writeHead(status, {
      "content-type": "application/json",
      [requestIdHeader]: `req_${randomUUID()}`,
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
}

/** The local extractive responder's answer to `messages` as stream deltas, at most `max` (cut: there were more). */
export function localDeltas(messages: ChatMessage[], max: number): { words: string[]; cut: boolean } {
  const words = deltas(localAnswer({ messages }));
  return words.length > max ? { words: words.slice(0, max), cut: true } : { words, cut: false };
}

/** A vendor object id: `prefix` and 24 hex digits. */
export function wireId(prefix: string): string {
  return `${prefix}${randomUUID().replace(/-/g, "").slice(0, 24)}`;
}

/** The fault steps answered the same way on every endpoint: an HTTP error in the vendor's shape. */
export type HttpFault = Extract<FaultStep, "429" | "429long" | "500" | "503" | "529" | "401" | "400">;

/** Non-streaming `garbage` (an unreadable 200 body) and `drop` (cut mid-body); true when answered. */
export function answerBodyFault(r: WireRequest, bodies: { garbage: string; partial: string }): boolean {
  if (r.step !== "garbage" && r.step !== "drop") return false;
  r.res.writeHead(200, { "content-type": "application/json" });
  if (r.step === "garbage") r.res.end(bodies.garbage);
  else {
    r.res.write(bodies.partial);
    r.res.socket?.destroy();
  }
  return true;
}

/** Starts an SSE answer. */
export function startSse(res: ServerResponse, headers: Headers = {}) {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    ...headers,
  });
}

/**
 * Writes a stream's SSE events under its fault step: `garbage` replaces the 2nd event with a malformed one,
 * `drop` cuts the connection and `errorevent` sends the vendor's error event and ends, both after half the
 * events (at least `minBeforeCut`), `slow` waits 40 ms after each event; otherwise `pauseAfter(i)` ms after
 * event i. A stream written to its end records `usage` and ends.
 */
export async function writeSse(
  r: WireRequest,
  events: string[],
  stream: {
    minBeforeCut: number;
    garbage: string;
    errorEvent: string;
    pauseAfter?: (i: number) => number;
    usage: Usage;
  },
): Promise<void> {
  const { res, step } = r;
  const half = Math.max(stream.minBeforeCut, Math.floor(events.length / 2));
  for (const [i, event] of events.entries()) {
    if (step === "garbage" && i === 1) {
      res.write(stream.garbage);
      continue;
    }
    if ((step === "drop" || step === "errorevent") && i === half) {
      if (step === "errorevent") {
        res.write(stream.errorEvent);
        res.end();
        return;
      }
      // let the delivered half reach the client before the cut
      await sleep(30);
      res.socket?.destroy();
      return;
    }
    res.write(event);
    if (step === "slow") await sleep(40);
    else {
      const pause = stream.pauseAfter?.(i);
      if (pause) await sleep(pause);
    }
  }
  r.recordUsage(stream.usage);
  res.end();
}

/** What the server reports as usage for an answered request (kept per scenario in the stats). */
export type Usage = ScenarioStats["usage"][number];

export interface WireRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The request's JSON body. */
  body: Record<string, unknown>;
  /** The fault step that applies to this request (not an HTTP fault, nor hang: those are answered). */
  step: FaultStep;
  plans: FaultPlans;
  scenario: string;
  /** The path after the fault-plan prefix, e.g. /v1/messages. */
  rest: string;
  /** Records the usage of an answered request in the scenario's stats. */
  recordUsage(usage: Usage): void;
  /** A 200 JSON answer (the vendor's headers) that records `usage`. */
  answer(body: unknown, usage: Usage): void;
}

/** How one vendor answers; the pipeline around it is startWireServer's. */
export interface WireDialect {
  json: ReturnType<typeof jsonWriter>;
  /** Answers a request refused before its body is read as JSON (key, required headers); true when answered. */
  refuse(req: IncomingMessage, res: ServerResponse): boolean;
  /** The vendor's answer to a body that is not JSON. */
  badJson: Answer;
  /** The vendor's answers to the HTTP-level fault steps. */
  faults: Record<HttpFault, Answer>;
  /** The vendor's endpoints (and its 404). */
  handle(r: WireRequest): Promise<void> | void;
  /** The vendor's answer to an error thrown while handling (before anything was sent). */
  internalError(res: ServerResponse, err: unknown): void;
}

/**
 * A local wire server on 127.0.0.1 (port 0: a free one): GET /_stats/<scenario> gives a scenario's
 * stats; every other request goes fault-plan route -> body -> refuse -> JSON -> fault step -> HTTP fault
 * or hang -> the vendor's endpoints.
 */
export async function startWireServer(port: number, dialect: WireDialect): Promise<WireServer> {
  const plans = new FaultPlans();
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const statsMatch = /^\/_stats\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
      if (statsMatch && req.method === "GET") return dialect.json(res, 200, plans.stats(statsMatch[1]!));
      const { scenario, steps, rest } = plans.route(url.pathname);
      const raw = await readText(req);
      if (dialect.refuse(req, res)) return;
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw);
      } catch {
        return dialect.badJson(res);
      }
      const step = plans.next(scenario, steps, rest, body);
      // hang: keep the socket open; the client's abort (or the server's close) ends it.
      if (step === "hang") return;
      if (step in dialect.faults) return dialect.faults[step as HttpFault](res);
      const recordUsage = (usage: Usage) => plans.stats(scenario).usage.push(usage);
      await dialect.handle({
        req,
        res,
        body,
        step,
        plans,
        scenario,
        rest,
        recordUsage,
        answer(answerBody, usage) {
          recordUsage(usage);
          dialect.json(res, 200, answerBody);
        },
      });
    } catch (err) {
      if (!res.headersSent) dialect.internalError(res, err);
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
