/**
 * @forecourt/telemetry: OpenTelemetry tracing (OTLP/HTTP JSON) and Sentry error reporting (toucan-js)
 * for the Workers, both configured by env (settings.ts) and off when unset. See docs/deploy.md
 * ("Telemetry") for the settings.
 */
export { type DurableObjectInstrumentOptions, instrumentDurableObject } from "./durable-object";
export { reportRequestError, traceRequest } from "./hono";
export { type InstrumentOptions, instrumentWorker } from "./instrument";
export { currentInvocation, type Invocation, reportError } from "./invocation";
export { TRACEPARENT_FIELD, tracedEnv, tracedQueue, traceMessage } from "./queue-tracing";
export { isSensitiveKey, REDACTED, safeUrl, scrubString, scrubValue } from "./scrub";
export {
  type ErrorReportingSettings,
  parseOtlpHeaders,
  parseTelemetrySettings,
  type TelemetryEnv,
  type TelemetrySettings,
  type TracingSettings,
} from "./settings";
export { formatTraceparent, parseTraceparent } from "./traceparent";
