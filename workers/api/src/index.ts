import { DurableObject } from "cloudflare:workers";
export class RateLimiter extends DurableObject {
  n = 0;
  async hit() { this.n++; return this.n; }
}
export default {
  async fetch(req: Request, env: any) {
    const r = await env.DB.prepare("select count(*) as c from smoke").first();
    const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName("a"));
    const n = await stub.hit();
    let pg = null;
    if (env.HYPERDRIVE) {
      const { Client } = await import("pg");
      const c = new Client({ connectionString: env.HYPERDRIVE.connectionString });
      await c.connect(); pg = (await c.query("select 1 as one")).rows; await c.end();
    }
    return Response.json({ r, n, pg });
  }
};
