/**
 * Telemetry settings, read from the Worker's vars and secrets. Everything is optional: with nothing set,
 * tracing and error reporting are off and cost nothing. A bad setting is reported (by name) and turns
 * only that feature off: telemetry never takes a Worker down.
 *
 * Tracing (OpenTelemetry, OTLP/HTTP JSON):
 * - OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: full URL of the collector's traces endpoint; or
 * - OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL, `/v1/traces` appended (OTLP spec).
 * - OTEL_EXPORTER_OTLP_HEADERS: `name=value,name2=value2` (values URL-encoded), e.g. the vendor's API key.
 *   A secret (`wrangler secret put`).
 * - OTEL_TRACES_SAMPLER_ARG: head-sampling ratio 0..1 for new traces (default 1); a sampled parent's
 *   decision is always followed (parent-based, like `parentbased_traceidratio`).
 * - OTEL_SERVICE_NAME: overrides the service name (default: the Worker's, e.g. forecourt-api).
 * Error reporting (Sentry, through toucan-js):
 * - SENTRY_DSN: the project's DSN (a secret). SENTRY_RELEASE: optional release name (e.g. the git sha).
 * - SENTRY_ENVIRONMENT: optional; defaults to ENVIRONMENT.
 */
export interface TelemetryEnv {
  ENVIRONMENT?: string;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_HEADERS?: string;
  OTEL_TRACES_SAMPLER_ARG?: string | number;
  OTEL_SERVICE_NAME?: string;
  SENTRY_DSN?: string;
  SENTRY_RELEASE?: string;
  SENTRY_ENVIRONMENT?: string;
}

export interface TracingSettings {
  endpoint: string;
  headers: Record<string, string>;
  ratio: number;
  serviceName: string;
}

export interface ErrorReportingSettings {
  dsn: string;
  environment: string;
  release: string | undefined;
}

export interface TelemetrySettings {
  tracing: TracingSettings | null;
  errors: ErrorReportingSettings | null;
  environment: string;
  problems: { setting: string; message: string }[];
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

function httpUrl(value: string): URL | null {
  try {
    const u = new URL(value);
    return u.protocol === "https:" || u.protocol === "http:" ? u : null;
  } catch {
    return null;
  }
}

/** `k=v,k2=v2` (W3C baggage-like, values percent-encoded) as a header map; null when malformed. */
export function parseOtlpHeaders(raw: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of raw.split(",")) {
    if (!part.trim()) continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return null;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) return null;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
    if (/[\r\n\0]/.test(value)) return null;
    out[name] = value;
  }
  return out;
}

/** Validates the telemetry settings of `env` for the Worker named `service`. */
export function parseTelemetrySettings(env: TelemetryEnv, service: string): TelemetrySettings {
  const problems: { setting: string; message: string }[] = [];
  const environment = text(env.ENVIRONMENT) ?? "development";

  let tracing: TracingSettings | null = null;
  const full = text(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const base = text(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (full || base) {
    const setting = full ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT";
    const url = httpUrl((full ?? base) as string);
    let endpoint: string | null = null;
    if (!url) problems.push({ setting, message: "must be an http:// or https:// URL" });
    else if (url.username || url.password)
      problems.push({ setting, message: "must not carry credentials; use OTEL_EXPORTER_OTLP_HEADERS" });
    else if (full) endpoint = url.toString();
    else endpoint = `${url.toString().replace(/\/+$/, "")}/v1/traces`;

    let headers: Record<string, string> | null = {};
    const rawHeaders = text(env.OTEL_EXPORTER_OTLP_HEADERS);
    if (rawHeaders) {
      headers = parseOtlpHeaders(rawHeaders);
      if (!headers)
        problems.push({
          setting: "OTEL_EXPORTER_OTLP_HEADERS",
          message: "must be name=value pairs separated by commas (values URL-encoded)",
        });
    }
    let ratio: number | null = 1;
    const rawRatio = env.OTEL_TRACES_SAMPLER_ARG;
    if (rawRatio !== undefined && String(rawRatio).trim() !== "") {
      const n = Number(String(rawRatio).trim());
      if (!/^\d*\.?\d+$/.test(String(rawRatio).trim()) || !(n >= 0 && n <= 1)) {
        problems.push({ setting: "OTEL_TRACES_SAMPLER_ARG", message: "must be a ratio between 0 and 1" });
        ratio = null;
      } else ratio = n;
    }
    if (endpoint && headers && ratio !== null)
      tracing = { endpoint, headers, ratio, serviceName: text(env.OTEL_SERVICE_NAME) ?? service };
  }

  let errors: ErrorReportingSettings | null = null;
  const dsn = text(env.SENTRY_DSN);
  if (dsn) {
    const url = httpUrl(dsn);
    // https://develop.sentry.dev/sdk/overview/#parsing-the-dsn: {PROTOCOL}://{PUBLIC_KEY}@{HOST}/{PROJECT_ID}
    if (!url?.username || !/^\/(?:.*\/)?\d+$/.test(url.pathname))
      problems.push({
        setting: "SENTRY_DSN",
        message: "must be a Sentry DSN: https://<public key>@<host>/<project id>",
      });
    else
      errors = {
        dsn,
        environment: text(env.SENTRY_ENVIRONMENT) ?? environment,
        release: text(env.SENTRY_RELEASE),
      };
  }
  return { tracing, errors, environment, problems };
}
