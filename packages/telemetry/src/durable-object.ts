import { createErrorReporter, sentryTags } from "./error-reporter";
import { isRemoteError, settingsFor } from "./invocation";
import type { TelemetryEnv } from "./settings";

export interface DurableObjectInstrumentOptions {
  /** The hosting Worker's service name (error tag `service`), e.g. forecourt-api. */
  service: string;
  /** The class as deployed (its wrangler `class_name`), e.g. JobProgress: the `durableObject` tag. */
  className: string;
}

interface ObjectState {
  ctx: { id?: { name?: string }; waitUntil?(p: Promise<unknown>): void };
  env: TelemetryEnv;
  /** Entry points running synchronously right now (a method calling another one of the same object). */
  depth: number;
  /** Whether SENTRY_DSN is configured (read once per object: its env never changes). */
  reporting?: boolean;
}
const states = new WeakMap<object, ObjectState>();
/** Errors already reported: one failure crossing several instrumented methods is one event. */
const reported = new WeakSet<object>();

// biome-ignore lint/suspicious/noExplicitAny: any Durable Object class (its constructor takes (ctx, env)).
type ObjectClass = abstract new (...args: any[]) => object;
type Method = (this: object, ...args: unknown[]) => unknown;

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  (typeof v === "object" || typeof v === "function") &&
  v !== null &&
  typeof (v as { then?: unknown }).then === "function";

/** Sends `err` to Sentry (toucan-js, the Workers' scrubbing) with the object's context; once per error. */
function report(
  err: unknown,
  state: ObjectState,
  method: string,
  opts: DurableObjectInstrumentOptions,
  request: Request | undefined,
): void {
  if (typeof err === "object" && err !== null) {
    if (reported.has(err)) return;
    reported.add(err);
  }
  // An error thrown by another object and received here through RPC was reported where it was thrown.
  if (isRemoteError(err)) return;
  const errors = settingsFor(state.env, opts.service).errors;
  if (!errors) return;
  try {
    const waitUntil = (p: Promise<unknown>) => {
      if (typeof state.ctx.waitUntil === "function") state.ctx.waitUntil(p);
      else void p.catch(() => {});
    };
    const reporter = createErrorReporter(errors, {
      service: opts.service,
      ctx: { waitUntil },
      ...(request ? { request } : {}),
    });
    reporter.withScope((scope) => {
      scope.setTags(
        sentryTags({
          durableObject: opts.className,
          durableObjectName: state.ctx.id?.name,
          durableObjectMethod: method,
        }),
      );
      scope.setLevel("error");
      scope.captureException(err);
    });
  } catch {
    // Reporting never changes what the object does.
  }
}

/**
 * Runs one entry point (`method`) of an object: an error escaping it (thrown, or a rejected promise) is
 * reported once with the object's context (class, name, method) and rethrown unchanged, so callers see
 * exactly what they saw before. Synchronous methods stay synchronous (the rate limiter's read-modify-write
 * relies on it) and nothing is allocated on the success path. A method called by another one of the same
 * object while that one runs synchronously is left to the outer one (so the report names the entry
 * point); an error that still crosses two methods (after an await) is reported once, by the first.
 * Without SENTRY_DSN this is a plain call.
 */
function runEntry(
  state: ObjectState | undefined,
  self: object,
  method: string,
  original: Method,
  args: unknown[],
  opts: DurableObjectInstrumentOptions,
): unknown {
  if (!state || state.depth > 0) return original.apply(self, args);
  state.reporting ??= settingsFor(state.env, opts.service).errors !== null;
  if (!state.reporting) return original.apply(self, args);
  const request = method === "fetch" && args[0] instanceof Request ? args[0] : undefined;
  let out: unknown;
  state.depth++;
  try {
    out = original.apply(self, args);
  } catch (err) {
    report(err, state, method, opts, request);
    throw err;
  } finally {
    state.depth--;
  }
  if (!isThenable(out)) return out;
  return Promise.resolve(out).catch((err: unknown) => {
    report(err, state, method, opts, request);
    throw err;
  });
}

/** Every method of the class and its ancestors (fetch, alarm, webSocket*, RPC methods), most derived first. */
function methodNames(cls: ObjectClass): string[] {
  const names = new Set<string>();
  for (let p = cls.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (d && typeof d.value === "function") names.add(name);
    }
  }
  return [...names];
}

/**
 * Error reporting for a Durable Object class: returns a subclass whose every method — `fetch`, `alarm`,
 * `webSocketMessage`/`webSocketClose`/`webSocketError` and the RPC methods — reports an unexpected error
 * through Sentry (toucan-js, same scrubbing as the Workers: no user, allowed headers only, secrets and
 * personal data masked) tagged `durableObject`, `durableObjectName` (the `idFromName` name, when the
 * runtime knows it) and `durableObjectMethod`, then rethrows it. A failing constructor is reported too.
 * Behaviour is otherwise unchanged; a call costs a few hundred nanoseconds more (SENTRY_DSN set or not).
 * Export the result under the class's wrangler `class_name`:
 *
 *   export const JobProgress = instrumentDurableObject(JobProgressObject, { service: "forecourt-api", className: "JobProgress" });
 */
export function instrumentDurableObject<C extends ObjectClass>(
  cls: C,
  opts: DurableObjectInstrumentOptions,
): C {
  // biome-ignore lint/suspicious/noExplicitAny: the subclass forwards the runtime's (ctx, env) untouched.
  const Base = cls as unknown as new (...args: any[]) => object;
  class Instrumented extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: (ctx, env) as the runtime passes them.
    constructor(...args: any[]) {
      const state: ObjectState = { ctx: args[0] ?? {}, env: args[1] ?? {}, depth: 0 };
      try {
        super(...args);
      } catch (err) {
        report(err, state, "constructor", opts, undefined);
        throw err;
      }
      states.set(this, state);
    }
  }
  for (const name of methodNames(cls)) {
    const original = (cls.prototype as Record<string, Method>)[name] as Method;
    Object.defineProperty(Instrumented.prototype, name, {
      value: function (this: object, ...args: unknown[]) {
        return runEntry(states.get(this), this, name, original, args, opts);
      },
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  Object.defineProperty(Instrumented, "name", { value: cls.name });
  return Instrumented as unknown as C;
}
