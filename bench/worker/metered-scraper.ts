// The real scraper Worker (imported, not copied) with its D1 binding metered per queue message (suite
// `d1-rows`): each message of a batch is handed to the real `queue` handler as a batch of one with its own
// D1Meter, so rows read / written, statements and D1 time are attributed to the message's type and job.
// The real handler already runs a batch's messages independently (Promise.all, one ack/retry each); only
// the pipeline construction is repeated per message. One `BENCH_D1_METER` line per message on stdout.
import scraper from "../../workers/scraper/src/index";
import { D1Meter, logMeter, trackingContext } from "./d1-meter";

type Env = Record<string, unknown> & { DB: D1Database };

export default {
  ...scraper,
  async queue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) {
    await Promise.all(
      batch.messages.map(async (msg) => {
        const meter = new D1Meter(env.DB);
        const one = {
          queue: batch.queue,
          messages: [msg],
          ackAll: () => msg.ack(),
          retryAll: (o?: QueueRetryOptions) => msg.retry(o),
        } as unknown as MessageBatch<unknown>;
        const tracked = trackingContext(ctx);
        const t0 = Date.now();
        try {
          await (scraper as unknown as ExportedHandler<Env>).queue!(
            one,
            { ...env, DB: meter.binding },
            tracked.ctx,
          );
        } finally {
          const wallMs = Date.now() - t0;
          const body = (msg.body ?? {}) as { type?: string; jobId?: string };
          // Written once the handler's waitUntil work has settled (its D1 use counts too).
          ctx.waitUntil(
            tracked.settled().then(() =>
              logMeter(
                {
                  worker: "scraper",
                  queue: batch.queue,
                  type: body.type,
                  jobId: body.jobId,
                  startedAt: t0,
                  wallMs,
                },
                meter.totals,
              ),
            ),
          );
        }
      }),
    );
  },
} satisfies ExportedHandler<Env>;
