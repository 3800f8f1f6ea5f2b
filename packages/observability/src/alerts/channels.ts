import type { AlertChannel, AlertNotification, AlertSeverity } from "./types";

/**
 * Alert channels, each a small adapter over its vendor's documented HTTP API. `fetch` is injectable so
 * tests point them at local receivers; a non-2xx answer is an error naming the channel and status (the
 * engine retries that channel next tick). Response bodies are read and dropped, never logged (they may
 * echo the request).
 */
type Fetch = typeof fetch;

async function post(
  channel: string,
  fetcher: Fetch,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  const res = await fetcher(url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "forecourt-alerts/1", ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`${channel} answered HTTP ${res.status}`);
}

const EMOJI: Record<AlertSeverity, string> = {
  critical: ":rotating_light:",
  error: ":red_circle:",
  warning: ":warning:",
  info: ":information_source:",
};

const title = (n: AlertNotification) =>
  `${n.status === "firing" ? "FIRING" : "RESOLVED"} [${n.severity}] ${n.rule}: ${n.summary}`;

export interface ChannelOptions {
  fetch?: Fetch;
  timeoutMs?: number;
}

/** Slack incoming webhook: `{text, blocks}` (text is the notification fallback). */
export function slackChannel(webhookUrl: string, opts: ChannelOptions = {}): AlertChannel {
  const fetcher = opts.fetch ?? fetch;
  return {
    name: "slack",
    async send(n) {
      const head = `${n.status === "firing" ? EMOJI[n.severity] : ":white_check_mark:"} ${title(n)}`;
      const fields = Object.entries(n.details)
        .slice(0, 10)
        .map(([k, v]) => ({
          type: "mrkdwn",
          text: `*${k}*\n${typeof v === "string" ? v : JSON.stringify(v)}`,
        }));
      const body = {
        text: head,
        blocks: [
          { type: "section", text: { type: "mrkdwn", text: head.slice(0, 3000) } },
          ...(fields.length ? [{ type: "section", fields }] : []),
          {
            type: "context",
            elements: [
              { type: "mrkdwn", text: `alert \`${n.key}\` · source ${n.source} · since ${n.startsAt}` },
            ],
          },
        ],
      };
      await post("slack", fetcher, webhookUrl, JSON.stringify(body), {}, opts.timeoutMs ?? 10_000);
    },
  };
}

/** PagerDuty Events API v2 (https://events.pagerduty.com/v2/enqueue): trigger / resolve by dedup_key. */
export function pagerDutyChannel(
  routingKey: string,
  opts: ChannelOptions & { url?: string } = {},
): AlertChannel {
  const fetcher = opts.fetch ?? fetch;
  const url = opts.url ?? "https://events.pagerduty.com/v2/enqueue";
  return {
    name: "pagerduty",
    async send(n) {
      const dedup_key = `forecourt:${n.source}:${n.key}`.slice(0, 255);
      const body =
        n.status === "firing"
          ? {
              routing_key: routingKey,
              event_action: "trigger",
              dedup_key,
              payload: {
                summary: `${n.rule}: ${n.summary}`.slice(0, 1024),
                severity: n.severity,
                source: n.source,
                component: n.rule.startsWith("queue") || n.rule === "dead_letters" ? "queues" : "api",
                group: "forecourt",
                class: n.rule,
                timestamp: n.startsAt,
                custom_details: n.details,
              },
            }
          : { routing_key: routingKey, event_action: "resolve", dedup_key };
      await post("pagerduty", fetcher, url, JSON.stringify(body), {}, opts.timeoutMs ?? 10_000);
    },
  };
}

/** Hex HMAC-SHA256 of `${timestamp}.${body}` (the generic webhook's X-Forecourt-Signature). */
export async function webhookSignature(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${timestamp}.${body}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Generic webhook: `{version: 1, status, alert: {...}}`. With a secret, the header
 * `X-Forecourt-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` lets the
 * receiver check origin and freshness (reject old `t` to stop replays).
 */
export function webhookChannel(
  url: string,
  opts: ChannelOptions & { secret?: string; now?: () => number } = {},
): AlertChannel {
  const fetcher = opts.fetch ?? fetch;
  return {
    name: "webhook",
    async send(n) {
      const body = JSON.stringify({ version: 1, status: n.status, alert: n });
      const headers: Record<string, string> = {};
      if (opts.secret) {
        const t = Math.floor((opts.now?.() ?? Date.now()) / 1000);
        headers["x-forecourt-signature"] = `t=${t},v1=${await webhookSignature(opts.secret, t, body)}`;
      }
      await post("webhook", fetcher, url, body, headers, opts.timeoutMs ?? 10_000);
    },
  };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Email through an HTTP email API in Resend's format (POST {from, to[], subject, text, html} with
 * `Authorization: Bearer <key>`; https://api.resend.com/emails by default — any provider or relay
 * speaking the same JSON works by changing the URL).
 */
export function emailChannel(
  opts: ChannelOptions & { apiKey: string; from: string; to: string[]; url?: string },
): AlertChannel {
  const fetcher = opts.fetch ?? fetch;
  const url = opts.url ?? "https://api.resend.com/emails";
  return {
    name: "email",
    async send(n) {
      const subject = title(n).slice(0, 250);
      const lines = [
        subject,
        "",
        `Alert: ${n.key}`,
        `Source: ${n.source}`,
        `Since: ${n.startsAt}`,
        ...(n.endsAt ? [`Resolved: ${n.endsAt}`] : []),
        "",
        ...Object.entries(n.details).map(
          ([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`,
        ),
        "",
        "Runbook: docs/operations.md#runbook",
      ];
      const text = lines.join("\n");
      const body = {
        from: opts.from,
        to: opts.to,
        subject,
        text,
        html: `<pre style="font-family:monospace">${escapeHtml(text)}</pre>`,
      };
      await post(
        "email",
        fetcher,
        url,
        JSON.stringify(body),
        { authorization: `Bearer ${opts.apiKey}` },
        opts.timeoutMs ?? 10_000,
      );
    },
  };
}
