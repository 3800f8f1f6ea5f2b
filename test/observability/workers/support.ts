import { env } from "cloudflare:workers";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { call } from "../../api/helpers/http";

export const METRICS_TOKEN = (env as unknown as { METRICS_TOKEN: string }).METRICS_TOKEN;

/** GET /metrics with the metrics token; returns the text and the parsed families. */
export async function scrape() {
  const res = await call("/metrics", { token: METRICS_TOKEN });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${res.text}`);
  return { text: res.text, families: parsePrometheusTextFormat(res.text), headers: res.headers };
}

/** The value of a counter/gauge sample whose labels include `labels` (0 when absent). */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

/** Captures every console line written while `fn` runs (the Worker runs in this isolate). */
export async function captureLogs<T>(
  fn: (lines: string[]) => Promise<T>,
): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const orig = {
    log: console.log,
    warn: console.warn,
    error: console.error,
    info: console.info,
    debug: console.debug,
  };
  const grab =
    (k: keyof typeof orig) =>
    (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      if (k === "error") orig.error(...args);
    };
  console.log = grab("log");
  console.warn = grab("warn");
  console.error = grab("error");
  console.info = grab("info");
  console.debug = grab("debug");
  try {
    const result = await fn(lines);
    return { result, lines };
  } finally {
    Object.assign(console, orig);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
