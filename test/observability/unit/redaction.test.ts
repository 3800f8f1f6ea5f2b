import { createHmac, randomBytes } from "node:crypto";
import {
  createLogger,
  errorFields,
  isSecretKey,
  type LogLevel,
  REDACTED,
  redact,
  redactString,
} from "@forecourt/observability";
import { describe, expect, it } from "vitest";

/** Real-shaped secrets, freshly generated (so a pattern cannot match a fixed test string by accident). */
const b62 = (n: number) => {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(n)].map((b) => chars[b % 62]).join("");
};
const b64url = (s: string | Buffer) => Buffer.from(s).toString("base64url");
function jwt(): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(JSON.stringify({ sub: "user-1", role: "platform_admin", exp: 2_000_000_000 }));
  const sig = createHmac("sha256", randomBytes(32)).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${sig}`;
}

export function secretCorpus() {
  const pw = `Pw-${b62(14)}`;
  return {
    jwt: jwt(),
    forecourtKey: `fc_pk_${b62(40)}`,
    forecourtSecretKey: `fc_sk_${b62(40)}`,
    stripeLive: `sk_live_${b62(24)}`,
    stripePk: `pk_test_${b62(24)}`,
    openai: `sk-proj-${b62(48)}`,
    openaiLegacy: `sk-${b62(48)}`,
    anthropic: `sk-ant-api03-${b62(80)}`,
    aws: `AKIA${b62(16)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "7")}`,
    github: `ghp_${b62(36)}`,
    slackToken: `xoxb-${b62(10)}-${b62(12)}-${b62(24)}`,
    slackWebhookPath: `T${b62(8)}/B${b62(8)}/${b62(24)}`,
    google: `AIza${b62(35)}`,
    sendgrid: `SG.${b62(22)}.${b62(43)}`,
    resend: `re_${b62(8)}_${b62(24)}`,
    pagerDuty: randomBytes(16).toString("hex"),
    urlPassword: pw,
    queryToken: b62(32),
    hmacSecret: b62(40),
    pem: `-----BEGIN PRIVATE KEY-----\n${randomBytes(48).toString("base64")}\n-----END PRIVATE KEY-----`,
  };
}

/** Every value of the corpus that must never appear in output (long enough to be unique). */
const mustNotAppear = (c: ReturnType<typeof secretCorpus>) =>
  Object.values(c).flatMap((v) => (v.includes("\n") ? v.split("\n").filter((x) => x.length > 20) : [v]));

function capture(level: LogLevel = "debug") {
  const lines: string[] = [];
  const logger = createLogger(
    level,
    { requestId: "req_abc12345", worker: "api" },
    { sink: (_l, line) => lines.push(line) },
  );
  return { lines, logger };
}

describe("redaction: secrets pushed through every logging path never appear", () => {
  it("messages, fields, nested objects, arrays, errors (message, stack, cause), Headers, Map, URL", () => {
    const s = secretCorpus();
    const { lines, logger } = capture();
    const headers = new Headers({
      authorization: `Bearer ${s.jwt}`,
      "x-api-key": s.forecourtKey,
      cookie: `session=${s.queryToken}`,
      "content-type": "application/json",
    });
    const err = new Error(
      `upstream said: invalid key ${s.openai} for https://api.example.com/v1?api_key=${s.queryToken}`,
    );
    (err as { cause?: unknown }).cause = new Error(
      `connect postgres://forecourt:${s.urlPassword}@db.internal:5432/app failed`,
    );
    const child = logger.child({ authorization: `Bearer ${s.jwt}` });

    logger.info(`calling anthropic with ${s.anthropic}`, { headers, note: `key=${s.stripeLive}` });
    logger.warn("vendor error", errorFields(err));
    logger.error("unhandled", {
      err,
      nested: { deeper: { list: [s.aws, { token: s.github }], map: new Map([["x", s.google]]) } },
    });
    logger.debug("request", {
      url: new URL(`https://hooks.slack.com/services/${s.slackWebhookPath}`),
      pdRoutingKey: s.pagerDuty,
      routing_key: s.pagerDuty,
      webhookSecret: s.hmacSecret,
      password: s.urlPassword,
      body: JSON.stringify({ password: s.urlPassword, apiKey: s.forecourtSecretKey }),
      free: `Authorization: Basic ${Buffer.from(`ops:${s.urlPassword}`).toString("base64")}`,
      mixed: `${s.sendgrid} ${s.resend} ${s.slackToken} ${s.stripePk} ${s.openaiLegacy}`,
      pem: s.pem,
    });
    child.info("child line carries the bound authorization");
    logger.info(`dsn https://${s.hmacSecret}@o1.ingest.sentry.io/1 and query ?token=${s.queryToken}&page=2`);

    const out = lines.join("\n");
    for (const secret of mustNotAppear(s))
      expect(out, `leaked ${secret.slice(0, 12)}…`).not.toContain(secret);
    expect(out).toContain(REDACTED);
    // Context survives: correlation ids, non-secret fields, hosts of redacted URLs.
    for (const line of lines) expect(JSON.parse(line).requestId).toBe("req_abc12345");
    expect(out).toContain("hooks.slack.com");
    expect(out).toContain("db.internal:5432");
    expect(out).toContain("page=2");
    expect(out).toContain('"content-type":"application/json"');
  });

  it("each secret alone, embedded in prose, in JSON, in a URL and as a field value is masked", () => {
    const s = secretCorpus();
    for (const [name, secret] of Object.entries(s)) {
      // Shapeless secrets (random hex/base62, a webhook path) are caught by field name or position: below.
      if (["pagerDuty", "hmacSecret", "queryToken", "urlPassword", "slackWebhookPath"].includes(name))
        continue;
      for (const text of [
        secret,
        `failed: ${secret}.`,
        JSON.stringify({ v: secret }),
        `https://x.example/cb?next=1&key=${secret}`,
      ]) {
        const out = redactString(text);
        expect(out, `${name} in ${JSON.stringify(text).slice(0, 40)}`).not.toContain(
          secret.split("\n")[1] ?? secret,
        );
      }
    }
    // Secrets with no recognizable shape are caught by their field name or their position.
    expect(
      JSON.stringify(redact({ routingKey: s.pagerDuty, secret: s.hmacSecret, x: `?token=${s.queryToken}` })),
    ).not.toMatch(new RegExp(`${s.pagerDuty}|${s.hmacSecret}|${s.queryToken}`));
    expect(redactString(`mysql://root:${s.urlPassword}@10.0.0.1/db`)).toBe(
      `mysql://root:${REDACTED}@10.0.0.1/db`,
    );
    expect(redactString(`POST https://hooks.slack.com/services/${s.slackWebhookPath} failed`)).not.toContain(
      s.slackWebhookPath,
    );
  });

  it("does not redact what is not secret: ids, counts, token counters, prose", () => {
    const fields = {
      requestId: "req_01JABCDEF0123456789",
      jobId: "job_01JABCDEF0123456789",
      keyId: "key_123",
      inputTokens: 1200,
      outputTokens: 30,
      tokens: 5,
      route: "/v1/dealerships/:dealershipId",
      msg: "the token was refused",
      vin: "1HGCM82633A004352",
      url: "https://dealer.example/inventory?page=3&make=Honda",
    };
    expect(redact(fields)).toEqual(fields);
    expect(isSecretKey("Authorization")).toBe(true);
    expect(isSecretKey("x-api-key")).toBe(true);
    expect(isSecretKey("ALERT_WEBHOOK_SECRET")).toBe(true);
    expect(isSecretKey("inputTokens")).toBe(false);
  });

  it("hostile values: cycles, deep nesting, bigints, functions, huge strings, a throwing toJSON", () => {
    const { lines, logger } = capture();
    const cyc: Record<string, unknown> = { name: "a" };
    cyc.self = cyc;
    let deep: Record<string, unknown> = { leaf: `Bearer ${jwt()}` };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    const evil = {
      toJSON() {
        throw new Error("boom");
      },
    };
    logger.info("hostile", { cyc, deep, big: 10n ** 30n, fn: () => 1, huge: "x".repeat(100_000), evil });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line.cyc.self).toBe("[Circular]");
    expect(JSON.stringify(line.deep)).toContain("[Truncated]");
    expect(line.big).toBe((10n ** 30n).toString());
    expect(lines[0]).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it("levels by configuration; reserved keys cannot be overwritten by fields", () => {
    const { lines, logger } = capture("warn");
    logger.debug("d");
    logger.info("i");
    logger.warn("w", { level: "debug", msg: "spoofed", time: "never" });
    logger.error("e");
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(["warn", "error"]);
    const w = JSON.parse(lines[0]!);
    expect(w.msg).toBe("w");
    expect(w.level).toBe("warn");
    expect(Number.isNaN(Date.parse(w.time))).toBe(false);
  });
});
