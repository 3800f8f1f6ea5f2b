import { Client } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import type { SqlExecutor } from "../sql/executor";
import { type PgSession, pgExecutor } from "./pg-executor";

export interface NeonDriverOptions {
  connectionString: string;
  /**
   * A WebSocket-to-TCP proxy in front of a non-Neon Postgres (local development and tests), as
   * `host:port/path` or `ws://host:port/path` (plain WebSocket, Postgres without TLS, no pipelining:
   * the documented setup for a local wsproxy), or `wss://...` for a TLS-terminated proxy.
   * Omit for Neon itself.
   */
  wsProxy?: string;
  /** WebSocket implementation where there is no global one (Node 20: the `ws` package). */
  webSocketConstructor?: unknown;
}

/**
 * Postgres directly to Neon over WebSockets: drizzle-orm/neon-serverless over one
 * `@neondatabase/serverless` Client per Repositories instance (create one per request; `close()` ends it).
 */
export function neonExecutor(opts: NeonDriverOptions): SqlExecutor {
  const client = new Client({ connectionString: opts.connectionString });
  client.on("error", () => {}); // surfaced by the next query; see hyperdrive.ts
  const config = client.neonConfig;
  if (opts.webSocketConstructor) config.webSocketConstructor = opts.webSocketConstructor as never;
  if (opts.wsProxy) {
    const secure = opts.wsProxy.startsWith("wss://");
    const proxy = opts.wsProxy.replace(/^wss?:\/\//, "");
    config.wsProxy = proxy;
    config.useSecureWebSocket = secure;
    config.pipelineTLS = false;
    config.pipelineConnect = false;
  }
  return pgExecutor({
    async open() {
      await client.connect();
      return drizzle({ client }) as unknown as PgSession;
    },
    close: () => client.end().catch(() => {}),
  });
}
