import type { Money } from "@forecourt/domain";

/** The chat stream's events, each sent as one SSE `data:` line of JSON (docs/api.md). */
export type ChatEvent =
  | {
      type: "meta";
      conversationId: string;
      /** How vehicles were retrieved (see semantic search). */
      retrieval: "semantic" | "structured";
      retrieved: number;
    }
  | { type: "text"; delta: string }
  | {
      type: "citation";
      vehicleId: string;
      year: number;
      make: string;
      model: string;
      trim: string | null;
      price: Money | null;
      mileage: number | null;
      vin: string;
    }
  | {
      type: "usage";
      inputTokens: number;
      outputTokens: number;
      costMicroUsd: number;
      provider: string;
      model: string;
    }
  | { type: "error"; code: ChatErrorCode; message: string }
  | { type: "done"; withheld: number };

export type ChatErrorCode =
  | "budget_exceeded"
  | "provider_unavailable"
  | "rate_limited"
  | "stream_interrupted"
  | "retrieval_failed"
  | "internal_error";
