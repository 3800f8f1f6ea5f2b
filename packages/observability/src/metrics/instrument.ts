import { type MetricsRecorder, metrics, recordLlmLatency, recordVectorCall } from "./recorder";

const VECTOR_OPS = new Set(["upsert", "query", "get", "delete", "deleteByFilter", "stats", "list"]);

/**
 * A vector store whose calls are counted and timed per dealership (the namespace is the dealership id;
 * `stats()` without a namespace is labelled "all"). Same object otherwise: other properties pass through.
 */
export function instrumentVectorStore<S extends { kind: string }>(
  store: S,
  rec: MetricsRecorder = metrics,
): S {
  return new Proxy(store, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof prop !== "string" || typeof v !== "function") return v;
      if (!VECTOR_OPS.has(prop)) return v.bind(target);
      return async (...args: unknown[]) => {
        const started = performance.now();
        const dealership = typeof args[0] === "string" ? args[0] : "all";
        let outcome: "ok" | "error" = "ok";
        try {
          return await v.apply(target, args);
        } catch (err) {
          outcome = "error";
          throw err;
        } finally {
          recordVectorCall(
            {
              dealership,
              store: target.kind,
              op: prop,
              outcome,
              seconds: (performance.now() - started) / 1000,
            },
            rec,
          );
        }
      };
    },
  });
}

/** Times a model's calls (chat/embed; streams are timed to the first chunk's iterator creation only). */
export function instrumentModel<M extends { provider: string }>(
  model: M,
  kind: "chat" | "embedding",
  methods: readonly string[],
  rec: MetricsRecorder = metrics,
): M {
  const timed = new Set(methods);
  return new Proxy(model, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof prop !== "string" || typeof v !== "function") return v;
      if (!timed.has(prop)) return v.bind(target);
      return async (...args: unknown[]) => {
        const started = performance.now();
        let outcome: "ok" | "error" = "ok";
        try {
          return await v.apply(target, args);
        } catch (err) {
          outcome = "error";
          throw err;
        } finally {
          recordLlmLatency(kind, target.provider, outcome, (performance.now() - started) / 1000, rec);
        }
      };
    },
  });
}
