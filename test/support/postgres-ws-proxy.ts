import net from "node:net";
import { type RawData, WebSocketServer } from "ws";

/**
 * A local WebSocket-to-TCP proxy speaking the protocol of Neon's wsproxy, so the Neon serverless driver
 * can reach a plain local Postgres in tests: the driver opens `ws://<proxy>/v1?address=<host>:<port>` and
 * the proxy pipes binary frames to and from a TCP connection to that address. Only `allowed` targets
 * are dialled (a proxy that connects anywhere would be an open relay).
 */
export interface WsProxy {
  /** `127.0.0.1:<port>/v1`: the value for neonConfig.wsProxy (no protocol; `?address=` is appended). */
  address: string;
  close(): Promise<void>;
}

export async function startWsProxy(allowed: readonly string[]): Promise<WsProxy> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  const sockets = new Set<net.Socket>();
  server.on("connection", (ws, request) => {
    const target = new URL(request.url ?? "/", "ws://proxy").searchParams.get("address") ?? "";
    const match = /^(.+):(\d+)$/.exec(target);
    if (!match || !allowed.includes(target)) {
      ws.close(1008, "address not allowed");
      return;
    }
    const tcp = net.connect({ host: match[1], port: Number(match[2]) });
    sockets.add(tcp);
    tcp.setNoDelay(true);
    tcp.on("data", (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
    });
    tcp.on("close", () => {
      sockets.delete(tcp);
      ws.close();
    });
    tcp.on("error", () => ws.terminate());
    ws.on("message", (data: RawData) => {
      tcp.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    ws.on("close", () => tcp.end());
    ws.on("error", () => tcp.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
