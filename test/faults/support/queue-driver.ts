import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import api from "../../../workers/api/src/index";
import scraper from "../../../workers/scraper/src/index";

type Body = Record<string, unknown>;
interface Pending {
  id: string;
  body: Body;
  attempts: number;
  notBefore: number;
}
/** What getQueueResult reports (the pool's FetcherQueueResult). */
interface QueueResult {
  ackAll: boolean;
  retryBatch: { retry: boolean; delaySeconds?: number };
  explicitAcks: string[];
  retryMessages: { msgId: string; delaySeconds?: number }[];
}
export interface Delivery {
  ids: string[];
  bodies: Body[];
  acked: string[];
  retried: string[];
}

/** Deterministic PRNG (mulberry32) for reproducible reorderings. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DriverOptions {
  /** Every message sent is delivered twice (two message ids, as an at-least-once queue may). */
  duplicate?: boolean;
  /** Deliver due messages in a seeded random order instead of FIFO. */
  shuffleSeed?: number;
  batchSize?: number;
  /** Deliveries of one message before it goes to the dead-letter consumer (max_retries + 1). */
  maxAttempts?: number;
  /** The DB binding the Workers see (e.g. faultyD1(env.DB, gate)); default the real one. */
  db?: () => D1Database;
}

/**
 * The scrape-jobs queue, driven by the test: messages the API and the scraper send are captured (through
 * their own SCRAPE_JOBS binding), then delivered in batches through the scraper's REAL queue handler
 * (createMessageBatch + getQueueResult: explicit ack / retry per message, as the Queues runtime applies
 * them) against the real local D1 and Durable Objects. Retries honour the handler's delay; exhausted
 * messages go to the handler's dead-letter branch. This is what lets a test duplicate, reorder and fail
 * deliveries deterministically, which the local queue cannot be told to do.
 */
export class QueueDriver {
  readonly pending: Pending[] = [];
  readonly deliveries: Delivery[] = [];
  readonly embedMessages: Body[] = [];
  readonly deadLettered: Body[] = [];
  private seq = 0;
  private readonly random: (() => number) | null;

  constructor(readonly opts: DriverOptions = {}) {
    this.random = opts.shuffleSeed !== undefined ? prng(opts.shuffleSeed) : null;
  }

  private enqueue(body: Body) {
    const copies = this.opts.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      this.pending.push({ id: `m${this.seq++}`, body: structuredClone(body), attempts: 1, notBefore: 0 });
    }
  }

  /** The Worker env with the capturing queues and the chosen DB binding. */
  env(): Record<string, unknown> {
    const scrape = {
      send: async (body: Body) => this.enqueue(body),
      sendBatch: async (msgs: { body: Body }[]) => {
        for (const m of msgs) this.enqueue(m.body);
      },
    };
    const embed = {
      send: async (body: Body) => void this.embedMessages.push(body),
      sendBatch: async (msgs: { body: Body }[]) => void this.embedMessages.push(...msgs.map((m) => m.body)),
    };
    return {
      ...(env as object),
      SCRAPE_JOBS: scrape,
      EMBED_JOBS: embed,
      DB: this.opts.db?.() ?? (env as unknown as { DB: D1Database }).DB,
    };
  }

  /** A request through the API's fetch handler with this env (so a started job's message is captured). */
  async api(path: string, init: RequestInit & { token: string }): Promise<{ status: number; body: any }> {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${init.token}`);
    if (init.body) headers.set("Content-Type", "application/json");
    const ctx = createExecutionContext();
    const res = await (api as ExportedHandler<never>).fetch!(
      new Request(`https://api.forecourt.test${path}`, { ...init, headers }) as never,
      this.env() as never,
      ctx,
    );
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** Delivers one batch of the given messages; returns the handler's verdict per message. */
  async deliver(messages: Pending[], queue = "scrape-jobs"): Promise<Delivery> {
    const batch = createMessageBatch(
      queue,
      messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts, body: m.body })),
    );
    const ctx = createExecutionContext();
    await scraper.queue!(batch as MessageBatch<unknown>, this.env() as never, ctx);
    const result = (await getQueueResult(batch, ctx)) as unknown as QueueResult;
    const retried = new Map(result.retryMessages.map((r) => [r.msgId, r.delaySeconds ?? 0]));
    if (result.retryBatch.retry)
      for (const m of messages) retried.set(m.id, result.retryBatch.delaySeconds ?? 0);
    const acked = result.ackAll ? messages.map((m) => m.id) : result.explicitAcks;
    const delivery: Delivery = {
      ids: messages.map((m) => m.id),
      bodies: messages.map((m) => m.body),
      acked,
      retried: [...retried.keys()],
    };
    if (queue === "scrape-jobs") this.deliveries.push(delivery);
    for (const m of messages) {
      if (!retried.has(m.id)) continue;
      if (m.attempts >= (this.opts.maxAttempts ?? 6)) {
        this.deadLettered.push(m.body);
        await this.deliver([{ ...m, attempts: m.attempts }], "scrape-jobs-dlq");
        continue;
      }
      this.pending.push({
        ...m,
        attempts: m.attempts + 1,
        notBefore: Date.now() + (retried.get(m.id) ?? 0) * 1000,
      });
    }
    return delivery;
  }

  /** Takes the next batch of due messages (FIFO or shuffled). */
  private take(filter: (b: Body) => boolean): Pending[] {
    const now = Date.now();
    const due = this.pending.filter((m) => m.notBefore <= now && filter(m.body));
    if (this.random) {
      for (let i = due.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [due[i], due[j]] = [due[j] as Pending, due[i] as Pending];
      }
    }
    const batch = due.slice(0, this.opts.batchSize ?? 4);
    for (const m of batch) this.pending.splice(this.pending.indexOf(m), 1);
    return batch;
  }

  /** Delivers until no message (matching `filter`) is left; waits out retry delays. */
  async drain(filter: (b: Body) => boolean = () => true, limit = 2_000): Promise<void> {
    for (let n = 0; n < limit; n++) {
      const batch = this.take(filter);
      if (batch.length > 0) {
        await this.deliver(batch);
        continue;
      }
      const waiting = this.pending.filter((m) => filter(m.body));
      if (waiting.length === 0) return;
      const next = Math.min(...waiting.map((m) => m.notBefore));
      await new Promise((r) => setTimeout(r, Math.max(20, Math.min(next - Date.now(), 15_000))));
    }
    throw new Error(`queue not drained after ${limit} batches; ${this.pending.length} pending`);
  }
}
