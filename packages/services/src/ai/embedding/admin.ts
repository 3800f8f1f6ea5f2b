import type { Repositories } from "@forecourt/db";
import type { Principal } from "@forecourt/domain";
import type { Clock } from "../../clock";
import { conflict, notFound } from "../../errors";
import { authorizeDealership, requireUser } from "../../policy";
import { EMBED_QUEUE, type EmbedMessage, type EmbedQueue, invalidEmbedMessage } from "./messages";

export interface RebuildReceipt {
  dealershipId: string;
  requestId: string;
  queuedAt: string;
}

export interface ReplayReceipt {
  dealershipId: string;
  /** Dead letters sent again. */
  replayed: number;
  /** Dead letters that could not be (malformed bodies); they stay listed. */
  skipped: number;
}

/**
 * The API side of embeddings: re-embed a dealership on request, and replay its dead-lettered embed
 * messages. The work itself happens in workers/embedder.
 */
export class EmbeddingAdminService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly queue: EmbedQueue | null,
  ) {}

  /** Queues a re-embed of every vehicle of the dealership (dealer staff and up, operators). */
  async rebuild(principal: Principal, dealershipId: string, requestId: string): Promise<RebuildReceipt> {
    await this.authorize(principal, dealershipId, "rebuild embeddings");
    const queue = this.requireQueue();
    await queue.send({ type: "dealership.reembed", dealershipId, force: true, requestId });
    return { dealershipId, requestId, queuedAt: this.clock.now().toISOString() };
  }

  /** Sends the dealership's dead-lettered embed messages again (they converge on the current inventory). */
  async replayDeadLetters(
    principal: Principal,
    dealershipId: string,
    requestId: string,
  ): Promise<ReplayReceipt> {
    await this.authorize(principal, dealershipId, "replay embedding jobs");
    const queue = this.requireQueue();
    const letters = await this.repos.scrapes.deadLettersOfQueue(EMBED_QUEUE, {
      dealershipId,
      unreplayedOnly: true,
      limit: 1000,
    });
    const replayable = letters.filter((l) => invalidEmbedMessage(l.body) === null);
    for (const letter of replayable) {
      await queue.send({ ...(letter.body as EmbedMessage), requestId });
    }
    await this.repos.scrapes.markDeadLettersReplayed(
      replayable.map((l) => l.id),
      this.clock.now().toISOString(),
    );
    return { dealershipId, replayed: replayable.length, skipped: letters.length - replayable.length };
  }

  private async authorize(principal: Principal, dealershipId: string, what: string) {
    authorizeDealership(principal, dealershipId, "write_inventory");
    requireUser(principal, what);
    if (!(await this.repos.dealerships.get(dealershipId))) throw notFound("dealership", dealershipId);
  }

  private requireQueue(): EmbedQueue {
    if (!this.queue) throw conflict("the embed-jobs queue is not configured for this deployment");
    return this.queue;
  }
}
