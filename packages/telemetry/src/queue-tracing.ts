import { context as contextApi, type Span, SpanKind, trace } from "@opentelemetry/api";
import { currentInvocation, withTags } from "./invocation";
import { formatTraceparent, parseTraceparent } from "./traceparent";
import { inSpan } from "./tracer";

/** The message-body field that carries W3C trace context across a queue hop (next to `requestId`). */
export const TRACEPARENT_FIELD = "traceparent";

type Body = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Body =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function withTraceparent(body: unknown, span: Span): unknown {
  if (!isPlainObject(body)) return body;
  return { ...body, [TRACEPARENT_FIELD]: formatTraceparent(span.spanContext()) };
}

function isQueue(v: unknown): v is Queue {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as Queue).send === "function" &&
    typeof (v as Queue).sendBatch === "function" &&
    typeof (v as { idFromName?: unknown }).idFromName !== "function"
  );
}

/**
 * A queue producer that opens a PRODUCER span per send and writes its `traceparent` into each (object)
 * body, so the consumer continues the trace. Outside a traced invocation it sends the body unchanged.
 */
export function tracedQueue(queue: Queue, binding: string): Queue {
  const attrs = { "messaging.system": "cloudflare_queues", "messaging.destination.name": binding };
  return {
    send(body: unknown, options?: QueueSendOptions) {
      const tracer = currentInvocation()?.tracer;
      if (!tracer) return queue.send(body, options);
      return inSpan(
        tracer,
        `send ${binding}`,
        { kind: SpanKind.PRODUCER, attributes: { ...attrs, "messaging.operation.type": "send" } },
        (span) => queue.send(withTraceparent(body, span), options),
      );
    },
    sendBatch(messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) {
      const tracer = currentInvocation()?.tracer;
      if (!tracer) return queue.sendBatch(messages, options);
      const list = [...messages];
      return inSpan(
        tracer,
        `send ${binding}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            ...attrs,
            "messaging.operation.type": "send",
            "messaging.batch.message_count": list.length,
          },
        },
        (span) =>
          queue.sendBatch(
            list.map((m) => ({ ...m, body: withTraceparent(m.body, span) })),
            options,
          ),
      );
    },
  } as Queue;
}

const tracedEnvs = new WeakMap<object, object>();

/**
 * The env with every queue producer binding traced (same object for the same env, so per-isolate caches
 * keyed by env identity, such as the validated configuration, keep working).
 */
export function tracedEnv<E extends object>(env: E): E {
  let out = tracedEnvs.get(env) as E | undefined;
  if (!out) {
    const copy: Record<string, unknown> = { ...(env as Record<string, unknown>) };
    for (const [name, value] of Object.entries(copy))
      if (isQueue(value)) copy[name] = tracedQueue(value, name);
    out = copy as E;
    tracedEnvs.set(env, out);
  }
  return out;
}

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? v : undefined);

/**
 * Handles one queue message inside its own CONSUMER span, continuing the producer's trace (the body's
 * `traceparent`; a malformed or missing one starts from the batch's span) and carrying the message's ids
 * (job, dealership, request, queue, attempt) as error-report tags. Without telemetry it just runs `fn`.
 */
export function traceMessage<T>(msg: Message<unknown>, queue: string, fn: () => Promise<T>): Promise<T> {
  const inv = currentInvocation();
  if (!inv) return fn();
  const body = isPlainObject(msg.body) ? msg.body : {};
  const tags = {
    queue,
    messageId: msg.id,
    attempt: msg.attempts,
    messageType: str(body.type),
    jobId: str(body.jobId),
    dealershipId: str(body.dealershipId),
    migrationId: str(body.migrationId),
    requestId: str(body.requestId),
  };
  const active = withTags(contextApi.active(), tags);
  if (!inv.tracer) return contextApi.with(active, fn);
  const remote = parseTraceparent(body[TRACEPARENT_FIELD]);
  const batchSpan = trace.getSpan(active);
  const parent = remote ? trace.setSpanContext(active, remote) : active;
  const attributes: Record<string, string | number> = {
    "messaging.system": "cloudflare_queues",
    "messaging.destination.name": queue,
    "messaging.operation.type": "process",
    "messaging.message.id": msg.id,
    "messaging.cloudflare.attempt": msg.attempts,
  };
  for (const [k, v] of Object.entries({
    "forecourt.message.type": tags.messageType,
    "forecourt.job.id": tags.jobId,
    "forecourt.dealership.id": tags.dealershipId,
    "forecourt.migration.id": tags.migrationId,
    "forecourt.request.id": tags.requestId,
  }))
    if (v !== undefined) attributes[k] = v;
  return inSpan(
    inv.tracer,
    `process ${queue}`,
    {
      kind: SpanKind.CONSUMER,
      attributes,
      ...(remote && batchSpan ? { links: [{ context: batchSpan.spanContext() }] } : {}),
    },
    () => fn(),
    parent,
  );
}
