import { DurableObject } from "cloudflare:workers";
import type { JobSnapshot } from "@forecourt/services";

/** The subprotocol clients offer (with their `bearer.<token>`) and the server selects. */
export const PROGRESS_PROTOCOL = "forecourt.v1";
/** Header the API sets when forwarding an upgrade: the subprotocol to answer with, if any. */
export const SELECTED_PROTOCOL_HEADER = "X-Forecourt-Protocol";
/** Storage of a finished job's progress is dropped this long after its last change. */
const RETENTION_MS = 7 * 24 * 3600 * 1000;
const TERMINAL = new Set(["succeeded", "needs_review", "failed", "dead"]);

/**
 * JobProgress: one per scrape job (`idFromName(jobId)`), the job's live coordinator.
 *
 * - Progress: the scraper (and the API, for admin actions) `publish` snapshots of the job after each
 *   database change. Snapshots carry the job's `version`; only a newer one is kept (persisted) and
 *   broadcast, so duplicates and out-of-order deliveries are harmless. The database stays the source of
 *   truth (`GET /v1/jobs/{id}`); this object only pushes.
 * - WebSockets with the hibernation API: `ctx.acceptWebSocket`, `webSocketMessage`/`webSocketClose`
 *   handlers, and an automatic "ping" → "pong" reply that never wakes the object. Between snapshots the
 *   object can be evicted while its sockets stay connected.
 * - Fetch pacing: `reserveFetchSlot` spaces request starts to the dealer's host across every message of
 *   the job (batches run in parallel invocations), so politeness holds job-wide, not just per invocation.
 *
 * The API authenticates and tenant-checks `GET /v1/jobs/{id}/ws` BEFORE forwarding the upgrade here.
 */
export class JobProgressObject extends DurableObject {
  private snapshot: JobSnapshot | null | undefined;
  private readonly nextStart = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  private current(): JobSnapshot | null {
    if (this.snapshot === undefined) this.snapshot = this.ctx.storage.kv.get<JobSnapshot>("snapshot") ?? null;
    return this.snapshot;
  }

  /** Keeps and broadcasts `snapshot` if it is newer than the one held. */
  publish(snapshot: JobSnapshot): { accepted: boolean; listeners: number } {
    const sockets = this.ctx.getWebSockets();
    const held = this.current();
    if (held && held.version >= snapshot.version) return { accepted: false, listeners: sockets.length };
    this.snapshot = snapshot;
    this.ctx.storage.kv.put("snapshot", snapshot);
    const message = frame(snapshot);
    for (const ws of sockets) {
      try {
        ws.send(message);
      } catch {
        // A socket closing concurrently: its close handler cleans up.
      }
    }
    if (TERMINAL.has(snapshot.status)) void this.ctx.storage.setAlarm(Date.now() + RETENTION_MS);
    return { accepted: true, listeners: sockets.length };
  }

  /** The held snapshot (tests, diagnostics). */
  peek(): JobSnapshot | null {
    return this.current();
  }

  /**
   * Milliseconds the caller must wait before starting a request to `host`, with starts spaced `delayMs`
   * apart job-wide. Synchronous from read to write: concurrent callers get distinct slots.
   */
  reserveFetchSlot(host: string, delayMs: number): number {
    const now = Date.now();
    const start = Math.max(now, this.nextStart.get(host) ?? 0);
    this.nextStart.set(host, start + Math.max(0, delayMs));
    return start - now;
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const pair = new WebSocketPair();
    const client = pair[0];
    const server = pair[1];
    this.ctx.acceptWebSocket(server);
    const held = this.current();
    if (held) server.send(frame(held));
    const protocol = request.headers.get(SELECTED_PROTOCOL_HEADER);
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
    });
  }

  /** Clients may send "get" (or {"type":"get"}) to receive the current snapshot again. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string") return;
    let type = message.trim();
    if (type.startsWith("{")) {
      try {
        type = String((JSON.parse(type) as { type?: unknown }).type ?? "");
      } catch {
        type = "";
      }
    }
    if (type === "get") {
      const held = this.current();
      ws.send(held ? frame(held) : JSON.stringify({ type: "progress", job: null }));
    } else {
      ws.send(JSON.stringify({ type: "error", message: 'send "get" for the current state, or "ping"' }));
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  override async webSocketError(): Promise<void> {}

  /** Retention: a finished job's state is dropped once nobody watches it any more. */
  override async alarm(): Promise<void> {
    if (this.ctx.getWebSockets().length > 0) {
      await this.ctx.storage.setAlarm(Date.now() + RETENTION_MS);
      return;
    }
    this.snapshot = null;
    await this.ctx.storage.deleteAll();
  }
}

function frame(job: JobSnapshot): string {
  return JSON.stringify({ type: "progress", job, final: TERMINAL.has(job.status) });
}
