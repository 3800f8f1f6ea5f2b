/**
 * Memoises a configuration parser per `env` object (one per isolate): the validated configuration, or the
 * configuration error, is computed once. Errors for which `cacheable` is false (unexpected ones) are not
 * cached, so they are retried on the next call.
 */
export function perEnv<E extends object, C>(
  parse: (env: E) => C,
  cacheable: (err: unknown) => boolean,
): (env: E) => C {
  const cache = new WeakMap<object, { ok: true; value: C } | { ok: false; error: unknown }>();
  return (env) => {
    const hit = cache.get(env);
    if (hit?.ok) return hit.value;
    if (hit) throw hit.error;
    try {
      const value = parse(env);
      cache.set(env, { ok: true, value });
      return value;
    } catch (err) {
      if (cacheable(err)) cache.set(env, { ok: false, error: err });
      throw err;
    }
  };
}
