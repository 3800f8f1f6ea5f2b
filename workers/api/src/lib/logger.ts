/**
 * The API's logger is the shared one (packages/observability): JSON lines, LOG_LEVEL, and the redaction
 * layer on every line. Re-exported here so the API, the scraper, the embedder and the Durable Objects
 * all log through the same code.
 */
export { createLogger, errorFields, type Logger, type LogSink } from "@forecourt/observability";
