/**
 * The messages of the `embed-jobs` queue (consumed by workers/embedder). Small and self-describing: the
 * truth (the vehicle, the migration's checkpoint) is read from the database when a message is handled,
 * so a duplicated, reordered or replayed message converges on the current state and changes nothing twice.
 *
 * - `vehicle.changed`: these vehicles of the dealership changed (created, updated, removed, deleted); the
 *   embedder re-reads each one and upserts it (active) or deletes its vector (anything else / gone).
 *   Sent by the API (inventory writes) and the scraper (scrape results), at most 500 ids per message.
 * - `dealership.reembed`: re-embed every active vehicle of the dealership and delete every vector whose
 *   vehicle is not active; one page per message, the next page sent as a new message (`cursor`).
 * - `vectors.migrate`: do one step of the vector migration `migrationId` (its checkpoint is in the
 *   database), then send the next step until it is verified.
 */
export type EmbedMessage =
  | { type: "vehicle.changed"; dealershipId: string; vehicleIds: string[]; requestId: string }
  | {
      type: "dealership.reembed";
      dealershipId: string;
      /** Opaque: where the rebuild is (absent: the start). */
      cursor?: string;
      /** Forget stored content hashes first, so every vehicle is embedded again (default true). */
      force?: boolean;
      requestId?: string;
    }
  | { type: "vectors.migrate"; migrationId: string; requestId?: string };

export type EmbedMessageType = EmbedMessage["type"];

/** The producer side of the queue (a Cloudflare Queue binding satisfies it). */
export interface EmbedQueue {
  send(message: EmbedMessage, options?: { delaySeconds?: number }): Promise<unknown>;
}

/** The source queue name dead letters of the embedder are recorded under. */
export const EMBED_QUEUE = "embed-jobs";
/** Most vehicle ids one `vehicle.changed` message carries. */
export const MAX_IDS_PER_MESSAGE = 500;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Why a body is not a valid embed message (null when it is one): malformed ones are dead-lettered at once. */
export function invalidEmbedMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body is not an object";
  const m = body as Record<string, unknown>;
  if (m.requestId !== undefined && (typeof m.requestId !== "string" || m.requestId.length > 128))
    return "requestId is malformed";
  switch (m.type) {
    case "vehicle.changed":
      if (typeof m.dealershipId !== "string" || !ID.test(m.dealershipId))
        return "dealershipId is missing or malformed";
      if (!Array.isArray(m.vehicleIds) || m.vehicleIds.length > MAX_IDS_PER_MESSAGE)
        return `vehicleIds must be a list of at most ${MAX_IDS_PER_MESSAGE} ids`;
      if (!m.vehicleIds.every((id) => typeof id === "string" && ID.test(id)))
        return "vehicleIds holds a malformed id";
      return null;
    case "dealership.reembed":
      if (typeof m.dealershipId !== "string" || !ID.test(m.dealershipId))
        return "dealershipId is missing or malformed";
      if (m.cursor !== undefined && (typeof m.cursor !== "string" || m.cursor.length > 2000))
        return "cursor is malformed";
      if (m.force !== undefined && typeof m.force !== "boolean") return "force must be a boolean";
      return null;
    case "vectors.migrate":
      if (typeof m.migrationId !== "string" || !ID.test(m.migrationId))
        return "migrationId is missing or malformed";
      return null;
    default:
      return `unknown message type ${JSON.stringify(m.type)}`;
  }
}

/** The dealership a message is about (for dead-letter records and logs), when it names one. */
export function messageDealership(body: unknown): string | null {
  const d = (body as { dealershipId?: unknown } | null)?.dealershipId;
  return typeof d === "string" && ID.test(d) ? d : null;
}
