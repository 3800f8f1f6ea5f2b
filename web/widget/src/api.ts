import type { RecognizedTerm } from "./filters";
import { type ChatEvent, readChatStream } from "./sse";

/** The public API as the widget uses it: semantic search, chat (SSE) and one vehicle, with the publishable key. */

export interface PublicVehicle {
  id: string;
  year: number;
  make: string;
  model: string;
  trim: string | null;
  price: { amount: number; currency: string } | null;
  mileage: number | null;
  exteriorColor: string | null;
  photos: string[];
  sourceUrl: string | null;
}

export interface SearchReply {
  query: string;
  parsed: { recognized: RecognizedTerm[]; remainder: string; sort: string | null };
  results: { vehicle: PublicVehicle; score: number | null }[];
  mode: "semantic" | "structured";
  degraded?: { reason: string; message: string };
}

/** An error reply of the API, with its message, request id and Retry-After. */
export class WidgetApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly requestId: string | null,
    readonly retryAfter: number | null,
  ) {
    super(message);
  }
}

async function problem(res: Response): Promise<WidgetApiError> {
  let message = `The service answered HTTP ${res.status}.`;
  let requestId = res.headers.get("X-Request-Id");
  try {
    const body = (await res.json()) as { error?: { message?: string; requestId?: string } };
    if (body.error?.message) message = body.error.message;
    requestId = body.error?.requestId ?? requestId;
  } catch {}
  const retry = Number(res.headers.get("Retry-After"));
  if (res.status === 429) {
    message = `Too many requests right now; try again in ${Number.isFinite(retry) && retry > 0 ? retry : 1} s.`;
  }
  return new WidgetApiError(
    message,
    res.status,
    requestId,
    Number.isFinite(retry) && retry > 0 ? retry : null,
  );
}

const offline = (api: string) =>
  new WidgetApiError(`Cannot reach the inventory service (${new URL(api).host}).`, 0, null, null);

export class WidgetApi {
  private vehicles = new Map<string, Promise<PublicVehicle | null>>();

  constructor(
    private readonly base: string,
    private readonly key: string,
  ) {}

  private async send(path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        ...init,
        headers: { "X-Api-Key": this.key, ...(init.body ? { "Content-Type": "application/json" } : {}) },
      });
    } catch (err) {
      if ((err as Error).name === "AbortError") throw err;
      throw offline(this.base);
    }
    if (!res.ok) throw await problem(res);
    return res;
  }

  async search(q: string, signal?: AbortSignal): Promise<SearchReply> {
    const res = await this.send(`/v1/public/search?q=${encodeURIComponent(q)}&limit=12`, { signal });
    return (await res.json()) as SearchReply;
  }

  /** One active vehicle (for a cited vehicle's link and photo); null when it is gone. Cached per page view. */
  vehicle(id: string): Promise<PublicVehicle | null> {
    let hit = this.vehicles.get(id);
    if (!hit) {
      hit = this.send(`/v1/public/vehicles/${encodeURIComponent(id)}`)
        .then((r) => r.json() as Promise<PublicVehicle>)
        .catch(() => null);
      this.vehicles.set(id, hit);
    }
    return hit;
  }

  /** Streams one answer; events arrive through `onEvent` in order. */
  async chat(
    message: string,
    conversationId: string | null,
    onEvent: (e: ChatEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const res = await this.send("/v1/public/chat", {
      method: "POST",
      body: JSON.stringify(conversationId ? { message, conversationId } : { message }),
      signal,
    });
    if (!res.body) throw new WidgetApiError("The answer could not be read.", res.status, null, null);
    try {
      await readChatStream(res.body, onEvent);
    } catch (err) {
      if ((err as Error).name === "AbortError") throw err;
      throw new WidgetApiError("The connection broke while answering; please ask again.", 0, null, null);
    }
  }
}
