import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffSnapshots, errorShapeProblem, send, snapshot, Tally, testEnv } from "./support/client";
import { arbFromSchema, HOSTILE_BODIES, HOSTILE_STRINGS, pathSegment } from "./support/hostile";
import { loadApiDocument, type Operation } from "./support/openapi";
import { operator, seedTenant, type Tenant } from "./support/world";

/**
 * Property-based fuzzing of every request schema in /openapi.json (path parameters, query, headers, JSON
 * bodies) with fast-check, plus fixed hostile strings, raw bodies and content types. Properties:
 * - never a 5xx;
 * - every 4xx is the one error shape;
 * - a rejected request (4xx) writes nothing (every D1 table fingerprinted before and after);
 * - nothing reaches Object.prototype (prototype pollution).
 * Deterministic: seed SECURITY_FUZZ_SEED (default 20261127); SECURITY_FUZZ_RUNS random inputs per route
 * (default 4), on top of the fixed hostile inputs.
 */

const SEED = Number(testEnv.SECURITY_FUZZ_SEED ?? "") || 20_261_127;
const RUNS = Number(testEnv.SECURITY_FUZZ_RUNS) || 4;
// Each route gets a rotating share of the fixed hostile inputs (every input still reaches many routes);
// SECURITY_FUZZ_FULL=1 sends all of them to every route.
const FULL = testEnv.SECURITY_FUZZ_FULL === "1";
const STRINGS_PER_ROUTE = FULL ? HOSTILE_STRINGS.length : 12;
const BODIES_PER_ROUTE = FULL ? HOSTILE_BODIES.length : 8;

/** `n` entries of `list` starting at a route-dependent offset (with their index in `list`). */
function pick<T>(list: T[], n: number, index: number): [T, number][] {
  const start = (index * 7) % list.length;
  return Array.from({ length: Math.min(n, list.length) }, (_, k) => {
    const i = (start + k) % list.length;
    return [list[i]!, i] as [T, number];
  });
}

const FIXTURE: Record<string, (t: Tenant) => string> = {
  id: (t) => t.dealership.id,
  vehicleId: (t) => t.vehicle.id,
  keyId: (t) => t.spareKey.id,
  jobId: (t) => t.job.id,
  migrationId: (t) => t.migrationId,
  vin: (t) => t.vehicle.vin,
};

interface Input {
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: { json?: unknown; raw?: BodyInit; contentType?: string | null };
  label: string;
}

describe("fuzzing every request schema of /openapi.json", async () => {
  const tally = new Tally("fuzz");
  const { ops, resolve } = await loadApiDocument();
  const t = await seedTenant("A", 4_242_424);
  let subs = 0;
  const authFor = async (op: Operation): Promise<Record<string, string>> => {
    if (op.accepts.bearer) return { Authorization: `Bearer ${await operator(`fuzz-${subs++}`)}` };
    if (op.accepts.apiKey) return { "X-Api-Key": t.key.key };
    return {};
  };
  const heal = async () => {
    const r = await send(`/v1/dealerships/${t.dealership.id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${await operator("fuzz-heal")}` },
      json: {
        status: "active",
        rateLimits: {
          public: { limit: 100_000, windowSeconds: 60 },
          staff: { limit: 100_000, windowSeconds: 60 },
        },
      },
    });
    expect(r.status, r.text).toBe(200);
  };

  function inputsFor(op: Operation, index: number): Input[] {
    const fixtures = Object.fromEntries(op.pathParams.map((p) => [p.name, FIXTURE[p.name]?.(t) ?? "x"]));
    const valid: Input = { path: fixtures, query: {}, headers: {}, label: "fixture" };
    const out: Input[] = [];
    // Random, schema-shaped inputs.
    const pathArb = fc.record(
      Object.fromEntries(
        op.pathParams.map((p) => [
          p.name,
          fc.oneof(
            { arbitrary: fc.constant(fixtures[p.name]!), weight: 3 },
            { arbitrary: arbFromSchema(p.schema, resolve).map(String), weight: 1 },
          ),
        ]),
      ),
    );
    const queryArb = fc.record(
      Object.fromEntries(
        op.queryParams.map((p) => [
          p.name,
          p.required
            ? arbFromSchema(p.schema, resolve).map(String)
            : fc.option(arbFromSchema(p.schema, resolve).map(String), { nil: undefined }),
        ]),
      ),
    );
    const bodyArb = op.body ? arbFromSchema(op.body.schema, resolve) : fc.constant(undefined);
    const samples = fc.sample(fc.tuple(pathArb, queryArb, bodyArb), { seed: SEED + index, numRuns: RUNS });
    samples.forEach(([path, query, body], i) => {
      const q = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >;
      out.push({
        path: path as Record<string, string>,
        query: q,
        headers: {},
        ...(op.body ? { body: { json: body } } : {}),
        label: `random #${i}`,
      });
    });
    // Every hostile string once, in a rotating slot: a path parameter, a query parameter, a header, a body field.
    const slots = [
      ...op.pathParams.map((p) => ({ kind: "path" as const, name: p.name })),
      ...op.queryParams.map((p) => ({ kind: "query" as const, name: p.name })),
      ...op.headerParams.map((p) => ({ kind: "header" as const, name: p.name })),
      ...Object.keys(op.body ? (resolve(op.body.schema).properties ?? {}) : {}).map((name) => ({
        kind: "body" as const,
        name,
      })),
    ];
    if (slots.length > 0) {
      pick(HOSTILE_STRINGS, STRINGS_PER_ROUTE, index).forEach(([h, i]) => {
        const slot = slots[(i + index) % slots.length]!;
        const input: Input = {
          ...valid,
          path: { ...fixtures },
          query: {},
          headers: {},
          label: `hostile ${slot.kind} ${slot.name}=${JSON.stringify(h.slice(0, 20))}`,
        };
        if (slot.kind === "path") input.path[slot.name] = h;
        if (slot.kind === "query") input.query[slot.name] = h;
        if (slot.kind === "header") {
          // Header values are bytes without CR/LF/NUL: anything else cannot even be sent.
          if ([...h].some((ch) => ch === "\r" || ch === "\n" || ch === "\0" || ch.charCodeAt(0) > 0xff))
            return;
          input.headers[slot.name] = h;
        }
        if (slot.kind === "body") input.body = { json: { [slot.name]: h } };
        else if (op.body) input.body = { json: {} };
        out.push(input);
      });
    }
    // Raw bodies and content types.
    if (op.body) {
      for (const [b] of pick(HOSTILE_BODIES, BODIES_PER_ROUTE, index))
        out.push({
          ...valid,
          body: {
            raw: b.body,
            contentType: b.contentType === undefined ? "application/json" : b.contentType,
          },
          label: `body: ${b.name}`,
        });
    }
    return out;
  }

  it("zero 5xx, one error shape, zero writes on rejected requests — every route", {
    timeout: 300_000,
  }, async () => {
    const pollutionBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    let before = await snapshot();
    const perStatus: Record<string, number> = {};
    let rejected = 0;
    for (const [index, op] of ops.entries()) {
      await heal();
      before = await snapshot();
      for (const input of inputsFor(op, index)) {
        tally.cases++;
        let path = op.path;
        for (const p of op.pathParams)
          path = path.replace(`{${p.name}}`, pathSegment(input.path[p.name] ?? ""));
        const qs = new URLSearchParams(input.query).toString();
        const headers: Record<string, string> = { ...(await authFor(op)), ...input.headers };
        if (op.upgrade) headers.Upgrade = "websocket";
        if (input.body?.raw !== undefined && input.body.contentType)
          headers["Content-Type"] = input.body.contentType;
        const where = `${op.key} [${input.label}]`;
        let r: Awaited<ReturnType<typeof send>>;
        try {
          r = await send(qs ? `${path}?${qs}` : path, {
            method: op.method,
            headers,
            ...(input.body?.json !== undefined ? { json: input.body.json } : {}),
            ...(input.body?.raw !== undefined ? { rawBody: input.body.raw } : {}),
          });
        } catch (err) {
          tally.failures.push(`${where}: the request threw ${String(err).slice(0, 200)}`);
          continue;
        }
        perStatus[r.status] = (perStatus[r.status] ?? 0) + 1;
        const after = await snapshot();
        tally.ok(r.status < 500, () => `${where}: ${r.status} ${r.text.slice(0, 300)}`);
        if (r.status >= 400) {
          rejected++;
          const shape = errorShapeProblem(r);
          tally.ok(shape === null, () => `${where}: ${shape}`);
          const changed = diffSnapshots(before, after);
          tally.ok(changed === "", () => `${where}: rejected with ${r.status} but WROTE ${changed}`);
        }
        before = after;
      }
    }
    tally.cases++;
    const pollutionAfter = Object.getOwnPropertyNames(Object.prototype).sort();
    tally.ok(
      JSON.stringify(pollutionAfter) === JSON.stringify(pollutionBefore) &&
        ({} as any).polluted === undefined,
      () =>
        `Object.prototype changed: ${pollutionAfter.filter((k) => !pollutionBefore.includes(k)).join(",")}`,
    );
    await tally.report(
      `${ops.length} routes, seed ${SEED}, per route ${RUNS} random + ${STRINGS_PER_ROUTE}/${HOSTILE_STRINGS.length} hostile strings + ${BODIES_PER_ROUTE}/${HOSTILE_BODIES.length} raw bodies; ${rejected} rejected; statuses ${JSON.stringify(perStatus)}`,
    );
    tally.expectNone();
  });
});
