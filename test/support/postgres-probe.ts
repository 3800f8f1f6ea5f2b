import net from "node:net";

/** Where the test Postgres lives (CI and dev machines: local, trust auth). Override with TEST_PG_URL. */
export const TEST_PG_URL = process.env.TEST_PG_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/test";

/** Resolves true when something accepts TCP connections on the Postgres host/port within `timeoutMs`. */
export function probePostgres(url = TEST_PG_URL, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
