// The real API Worker (imported, not copied; its Durable Objects re-exported) with its D1 binding metered
// per HTTP request and per scheduled tick (suite `d1-rows`): one `BENCH_D1_METER` line each on stdout.
import api from "../../workers/api/src/index";
import { D1Meter, logMeter, trackingContext } from "./d1-meter";

export * from "../../workers/api/src/index";

type Env = Record<string, unknown> & { DB: D1Database };
const real = api as unknown as ExportedHandler<Env>;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const meter = new D1Meter(env.DB);
    const tracked = trackingContext(ctx);
    const t0 = Date.now();
    try {
      return await real.fetch!(request as never, { ...env, DB: meter.binding }, tracked.ctx);
    } finally {
      const wallMs = Date.now() - t0;
      const url = new URL(request.url);
      ctx.waitUntil(
        tracked
          .settled()
          .then(() =>
            logMeter({ worker: "api", method: request.method, path: url.pathname, wallMs }, meter.totals),
          ),
      );
    }
  },
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    const meter = new D1Meter(env.DB);
    const tracked = trackingContext(ctx);
    const t0 = Date.now();
    try {
      await real.scheduled!(controller, { ...env, DB: meter.binding }, tracked.ctx);
    } finally {
      const wallMs = Date.now() - t0;
      ctx.waitUntil(
        tracked
          .settled()
          .then(() => logMeter({ worker: "api", scheduled: controller.cron, wallMs }, meter.totals)),
      );
    }
  },
} satisfies ExportedHandler<Env>;
