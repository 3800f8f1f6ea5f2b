import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DemoSite } from "./site";
import type { DemoSiteOptions } from "./types";

export interface DemoSiteHandle {
  /** Base URL the server answers on, e.g. "http://127.0.0.1:8790" (no trailing slash). */
  url: string;
  port: number;
  /** Live state and controls: snapshot(), advance(), set(), reset(), vehicles() (the truth), render(). */
  state: DemoSite;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8790;

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (err.code === "EADDRINUSE") {
        reject(
          Object.assign(
            new Error(
              `demo site: ${host}:${port} is already in use (another demo site or another program is listening there). ` +
                `Stop it (e.g. find it with \`lsof -i :${port}\`) or choose another port.`,
            ),
            { code: "EADDRINUSE" },
          ),
        );
      } else reject(err);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve(server.address() as AddressInfo);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * Start the demo dealership website. Resolves once the lot for the starting generation is built and the
 * server is listening. `port: 0` picks a free port (see `url`).
 */
export async function startDemoSite(options: DemoSiteOptions = {}): Promise<DemoSiteHandle> {
  const host = options.host ?? "127.0.0.1";
  const log =
    options.log === true
      ? (line: string) => console.log(line)
      : typeof options.log === "function"
        ? options.log
        : null;
  let site: DemoSite | null = null;

  const server = createServer((req, res) => {
    const started = performance.now();
    if (!site) {
      res.writeHead(503, { "content-type": "text/plain", "retry-after": "1" }).end("starting\n");
      return;
    }
    // Request bodies (finance form posts) are ignored; drain them so keep-alive keeps working.
    req.resume();
    site
      .handle({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        remoteAddress: req.socket.remoteAddress ?? "",
        userAgent: req.headers["user-agent"],
      })
      .then((out) => {
        const body = Buffer.from(out.body, "utf8");
        res.writeHead(out.status, { ...out.headers, "content-length": String(body.length) });
        res.end(req.method === "HEAD" ? undefined : body);
        log?.(
          `${req.method} ${req.url} ${out.status} ${body.length}B ${(performance.now() - started).toFixed(1)}ms`,
        );
      })
      .catch((err: unknown) => {
        log?.(`${req.method} ${req.url} crashed: ${(err as Error).stack ?? err}`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal error\n");
      });
  });
  server.keepAliveTimeout = 5_000;

  const address = await listen(server, options.port ?? DEFAULT_PORT, host);
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const listenUrl = `http://${shownHost === "0.0.0.0" ? "127.0.0.1" : shownHost === "[::]" ? "[::1]" : shownHost}:${address.port}`;
  const siteUrl = (options.siteUrl ?? listenUrl).replace(/\/+$/, "");
  try {
    site = new DemoSite(
      {
        siteUrl,
        dealershipIndex: options.dealershipIndex ?? 0,
        dealerName: options.dealerName ?? "Demo Motors",
        widgetScriptUrl: options.widgetScriptUrl,
        widgetApiKey: options.widgetApiKey,
      },
      {
        seed: options.seed,
        count: options.count,
        style: options.style,
        pageSize: options.pageSize,
        generation: options.generation,
        failEvery: options.failEvery,
        slowMs: options.slowMs,
        brokenListing: options.brokenListing,
      },
    );
  } catch (err) {
    server.close();
    throw err;
  }
  const ready = site;

  let closing: Promise<void> | null = null;
  return {
    url: listenUrl,
    port: address.port,
    state: ready,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
