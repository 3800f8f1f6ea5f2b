import { FACET_NAMES } from "@forecourt/domain";
import { describe, expect, it } from "vitest";
import { vehicleInput } from "../api/helpers/fixtures";
import { diffSnapshots, errorShapeProblem, type Reply, send, snapshot, Tally } from "./support/client";
import { loadApiDocument, minimalValue, type Operation, propertyNames } from "./support/openapi";
import { operator, SACRIFICIAL, seedWorld, type Tenant } from "./support/world";

/**
 * Tenant isolation matrix, GENERATED from /openapi.json at test time: every operation × every role
 * (operator, dealer admin/staff of A and of B, publishable key of A and of B, anonymous) × own / other
 * dealership's resources (path ids, ids in query and body, search text), plus the same request with ids
 * that exist nowhere. A new route is covered the day it is added to the document.
 *
 * Rules:
 * - other tenant's resource in the path → 404, indistinguishable (status and message) from an id that
 *   does not exist; a 403 only where the id-that-does-not-exist gets the same 403 (a role gate that runs
 *   before any lookup leaks nothing). Never 2xx.
 * - other tenant's id in the query or body → the same answer as an id that does not exist.
 * - no value unique to the other tenant (ids, VIN, names, stock numbers, prices, model/trim/colour words,
 *   search marker, key material, subjects) appears in any response to a tenant principal, unless the
 *   caller itself sent it in the request (ids echoed in a 404 message).
 * - anonymous and wrong-credential requests → 401 with the one error shape.
 * - none of the above writes anything (every D1 table fingerprinted before and after each request).
 * - controls: the operator, and each tenant on its own resources, never get 401/404 (the fixtures are
 *   real, so a 404 for the other tenant means isolation, not a broken fixture).
 */

// How each path parameter is filled from a tenant's fixtures. A route with a path parameter missing here
// FAILS the matrix with a request for a fixture: nothing is silently skipped.
const PATH_FILL: Record<string, (t: Tenant) => string> = {
  id: (t) => t.dealership.id,
  vehicleId: (t) => t.vehicle.id,
  keyId: (t) => t.spareKey.id,
  jobId: (t) => t.job.id,
  migrationId: (t) => t.migrationId,
  vin: (t) => t.vehicle.vin,
};

// Path parameters that are NOT tenant-owned: filled from the target's data; the answer is leak-scanned only.
const NOT_TENANT_SCOPED: Record<string, string> = {
  vin: "VIN decode is a function of the VIN string alone: any caller may decode any VIN",
};

// Query/body fields naming a tenant's resource (matched by name, at any depth of the body's top level).
const REF_FIELDS: Record<string, (t: Tenant) => string> = {
  dealershipId: (t) => t.dealership.id,
  conversationId: (t) => t.conversationId,
  vehicleId: (t) => t.vehicle.id,
  jobId: (t) => t.job.id,
};

// Free-text fields: filled with the target tenant's search marker (a word only its vehicle contains).
const TEXT_FIELDS = new Set(["q", "message"]);

// Optional query parameters worth sending on every call (facets expose aggregated tenant data).
const QUERY_EXTRA: Record<string, string> = { facets: FACET_NAMES.join(",") };

// Bodies where the schema's minimal body would not pass the service's own checks, or would overwrite the
// unique values the leak scan looks for. Everything else gets the schema's minimal body.
const BODY_OVERRIDES: Record<string, (t: Tenant) => unknown> = {
  "POST /v1/dealerships": () => ({ name: "Matrix Probe", websiteUrl: "https://matrix-probe.example" }),
  "PATCH /v1/dealerships/{id}": () => ({ timezone: "America/Chicago" }),
  "POST /v1/dealerships/{id}/vehicles": () => vehicleInput(),
  "POST /v1/dealerships/{id}/vehicles/bulk": () => ({ items: [vehicleInput()] }),
  "PATCH /v1/dealerships/{id}/vehicles/{vehicleId}": () => ({ mileage: 12_345 }),
  "POST /v1/ops/vector-migrations": (t) => ({
    from: "local",
    to: `local:matrix${Math.random().toString(36).slice(2, 7)}`,
    dealershipId: t.dealership.id,
  }),
};

// Operations the generator may not be able to fill, with the reason. Keep this EMPTY unless a route
// genuinely cannot take a fixture; every entry is a hole in the matrix.
const UNFILLABLE_ALLOWED: Record<string, string> = {};

// Own-tenant answers that are right although they are 404 (none today).
const OWN_404_OK: Record<string, string> = {};

interface Role {
  label: string;
  tenant: "A" | "B" | null;
  kind: "bearer" | "apiKey" | "none";
  token?: string;
  apiKey?: string;
  operator?: boolean;
}

type Variant = "own" | "other" | "nonexistent" | "cross-text" | "single";

interface Case {
  op: Operation;
  role: Role;
  variant: Variant;
  /** Whose ids fill the path/ref fields, and whose marker fills text fields. */
  refs: Tenant | "nonexistent";
  text: Tenant;
  transport: "header" | "subprotocol";
}

/** Probe requests in flight at once (they must write nothing, so they may overlap). */
const CONCURRENCY = 6;

const nonexistentLike = (real: string) =>
  real.replace(/_(.*)$/, (_m, s: string) => `_${"0".repeat(s.length)}`);

describe("tenant isolation matrix generated from /openapi.json", async () => {
  const tally = new Tally("tenant-isolation-matrix");
  const { ops, resolve } = await loadApiDocument();
  const { a, b } = await seedWorld();
  const tenants = { A: a, B: b };
  const other = (t: Tenant) => (t.label === "A" ? b : a);

  const roles: Role[] = [
    { label: "operator", tenant: null, kind: "bearer", token: await operator(), operator: true },
    { label: "dealer_admin(A)", tenant: "A", kind: "bearer", token: a.admin },
    { label: "dealer_staff(A)", tenant: "A", kind: "bearer", token: a.staff },
    { label: "dealer_admin(B)", tenant: "B", kind: "bearer", token: b.admin },
    { label: "dealer_staff(B)", tenant: "B", kind: "bearer", token: b.staff },
    { label: "api_key(A)", tenant: "A", kind: "apiKey", apiKey: a.key.key },
    { label: "api_key(B)", tenant: "B", kind: "apiKey", apiKey: b.key.key },
    { label: "anonymous", tenant: null, kind: "none" },
  ];

  /** Problems that stop an operation from being generated (missing fixtures). */
  function unfillable(op: Operation): string[] {
    const problems: string[] = [];
    for (const p of op.pathParams)
      if (!PATH_FILL[p.name])
        problems.push(
          `${op.key}: no fixture for path parameter {${p.name}}: add one to PATH_FILL in test/security/tenant-matrix.test.ts (seeded in test/security/support/world.ts)`,
        );
    const fields = [
      ...op.queryParams.map((p) => p.name),
      ...(op.body ? propertyNames(op.body.schema, resolve) : []),
    ];
    for (const f of fields)
      if (/Ids?$/.test(f) && !REF_FIELDS[f])
        problems.push(
          `${op.key}: no fixture for the id field "${f}": add one to REF_FIELDS in test/security/tenant-matrix.test.ts`,
        );
    for (const p of op.queryParams)
      if (
        p.required &&
        !TEXT_FIELDS.has(p.name) &&
        !REF_FIELDS[p.name] &&
        p.schema.example === undefined &&
        !p.schema.enum
      )
        problems.push(`${op.key}: cannot fill the required query parameter "${p.name}": add a fixture`);
    return problems;
  }

  const tenantDependent = (op: Operation) =>
    op.pathParams.length > 0 ||
    op.queryParams.some((p) => REF_FIELDS[p.name] || TEXT_FIELDS.has(p.name)) ||
    (op.body !== null &&
      propertyNames(op.body.schema, resolve).some((f) => REF_FIELDS[f] || TEXT_FIELDS.has(f)));
  const scopedPath = (op: Operation) => op.pathParams.some((p) => !NOT_TENANT_SCOPED[p.name]);
  const hasRefs = (op: Operation) =>
    scopedPath(op) ||
    op.queryParams.some((p) => REF_FIELDS[p.name]) ||
    (op.body !== null && propertyNames(op.body.schema, resolve).some((f) => REF_FIELDS[f]));
  const hasText = (op: Operation) =>
    op.queryParams.some((p) => TEXT_FIELDS.has(p.name)) ||
    (op.body !== null && propertyNames(op.body.schema, resolve).some((f) => TEXT_FIELDS.has(f)));

  async function build(c: Case, phase: "probe" | "own") {
    const { op } = c;
    const fillRef = (name: string, t: Tenant | "nonexistent"): string => {
      const real = (PATH_FILL[name] ?? REF_FIELDS[name])!(t === "nonexistent" ? a : t);
      return t === "nonexistent" ? nonexistentLike(real) : real;
    };
    let path = op.path;
    for (const p of op.pathParams) {
      let v: string;
      if (phase === "own" && op.method === "DELETE" && SACRIFICIAL[p.name] && c.refs !== "nonexistent")
        v = await SACRIFICIAL[p.name]!(c.refs);
      else if (NOT_TENANT_SCOPED[p.name] && c.refs === "nonexistent") v = PATH_FILL[p.name]!(a);
      else v = fillRef(p.name, c.refs);
      path = path.replace(`{${p.name}}`, encodeURIComponent(v));
    }
    const query = new URLSearchParams();
    for (const p of op.queryParams) {
      if (REF_FIELDS[p.name]) query.set(p.name, fillRef(p.name, c.refs));
      else if (TEXT_FIELDS.has(p.name)) query.set(p.name, c.text.marker);
      else if (QUERY_EXTRA[p.name]) query.set(p.name, QUERY_EXTRA[p.name]!);
      else if (p.required) query.set(p.name, String(minimalValue(p.schema, resolve)));
    }
    const qs = query.toString();
    let body: unknown;
    if (op.body) {
      const refTenant = c.refs === "nonexistent" ? a : c.refs;
      body =
        BODY_OVERRIDES[op.key]?.(refTenant) ??
        minimalValue(op.body.schema, resolve, (name) =>
          TEXT_FIELDS.has(name) ? `Tell me about ${c.text.marker}` : undefined,
        );
      if (body && typeof body === "object" && !Array.isArray(body)) {
        const props = resolve(op.body.schema).properties ?? {};
        for (const f of Object.keys(props)) {
          if (REF_FIELDS[f]) (body as Record<string, unknown>)[f] = fillRef(f, c.refs);
          if (TEXT_FIELDS.has(f)) (body as Record<string, unknown>)[f] = `Tell me about ${c.text.marker}`;
        }
      }
    }
    const headers: Record<string, string> = {};
    if (c.role.token && c.transport === "header") headers.Authorization = `Bearer ${c.role.token}`;
    if (c.role.token && c.transport === "subprotocol")
      headers["Sec-WebSocket-Protocol"] = `forecourt.v1, bearer.${c.role.token}`;
    if (c.role.apiKey) headers["X-Api-Key"] = c.role.apiKey;
    if (op.upgrade) headers.Upgrade = "websocket";
    const url = qs ? `${path}?${qs}` : path;
    return { url, body, headers, requestText: `${url} ${body === undefined ? "" : JSON.stringify(body)}` };
  }

  function label(c: Case) {
    const t = c.refs === "nonexistent" ? "nonexistent ids" : `${c.refs.label}'s resources`;
    return `${c.op.key} as ${c.role.label}${c.transport === "subprotocol" ? " (ws subprotocol)" : ""} on ${t} [${c.variant}]`;
  }

  function leakCheck(c: Case, r: Reply, requestText: string) {
    if (!c.role.tenant) return;
    const foreign = other(tenants[c.role.tenant]);
    for (const s of foreign.secrets) {
      if (requestText.includes(s)) continue; // the caller sent it: an echo is not a leak
      tally.ok(
        !r.text.includes(s),
        () => `${label(c)} LEAKED ${foreign.label}'s ${JSON.stringify(s)}: ${r.text.slice(0, 200)}`,
      );
    }
  }

  const normalize = (msg: string, values: string[]) =>
    values.reduce((m, v) => m.split(v).join("ID"), msg ?? "");

  function cases(op: Operation): Case[] {
    const out: Case[] = [];
    const transports: Case["transport"][] = op.upgrade ? ["header", "subprotocol"] : ["header"];
    for (const role of roles) {
      for (const transport of transports) {
        if (transport === "subprotocol" && role.kind !== "bearer") continue;
        if (!tenantDependent(op)) {
          out.push({ op, role, variant: "single", refs: a, text: a, transport });
          continue;
        }
        if (!role.tenant) {
          for (const t of [a, b]) out.push({ op, role, variant: "own", refs: t, text: t, transport });
          continue;
        }
        const mine = tenants[role.tenant];
        out.push({ op, role, variant: "own", refs: mine, text: mine, transport });
        out.push({ op, role, variant: "other", refs: other(mine), text: other(mine), transport });
        if (hasRefs(op))
          out.push({ op, role, variant: "nonexistent", refs: "nonexistent", text: mine, transport });
        if (hasText(op))
          out.push({ op, role, variant: "cross-text", refs: mine, text: other(mine), transport });
      }
    }
    return out;
  }

  const accepted = (op: Operation, role: Role) =>
    op.accepts.none ||
    (role.kind === "bearer" && op.accepts.bearer) ||
    (role.kind === "apiKey" && op.accepts.apiKey);
  /** Runs without any write allowed: anonymous, wrong credential, other tenant, nonexistent ids. */
  const isProbe = (c: Case) =>
    c.role.kind === "none" ||
    !accepted(c.op, c.role) ||
    (c.variant === "other" && hasRefs(c.op)) ||
    c.variant === "nonexistent";

  it("covers every operation of the document with fixtures (or an explicit, commented allow-list)", () => {
    const missing: string[] = [];
    for (const op of ops) {
      tally.cases++;
      const problems = unfillable(op);
      if (problems.length && UNFILLABLE_ALLOWED[op.key]) continue;
      missing.push(...problems);
    }
    tally.failures.push(...missing);
    expect(missing).toEqual([]);
  });

  it("every route × role × own/other/nonexistent dealership: 404 across tenants, no leaks, no writes", {
    timeout: 300_000,
  }, async () => {
    const runnable = ops.filter((op) => unfillable(op).length === 0);
    const all = runnable.flatMap(cases);
    const probes = all.filter(isProbe);
    const owns = all.filter((c) => !isProbe(c));
    const nonexistentReply = new Map<string, Reply>();

    // Phase 1: nothing may be written. Nonexistent-id probes first: the other-tenant answers are compared to them.
    // Probes run CONCURRENCY at a time with one snapshot around each batch; a batch that wrote anything is
    // re-run one request at a time to name the culprit.
    const replies = new Map<Case, { r: Reply; requestText: string }>();
    const run = async (c: Case) => {
      const req = await build(c, "probe");
      const r = await send(req.url, { method: c.op.method, headers: req.headers, json: req.body });
      replies.set(c, { r, requestText: req.requestText });
    };
    const ghosts = probes.filter((c) => c.variant === "nonexistent");
    const rest = probes.filter((c) => c.variant !== "nonexistent");
    for (const group of [ghosts, rest]) {
      for (let i = 0; i < group.length; i += CONCURRENCY) {
        const batch = group.slice(i, i + CONCURRENCY);
        let before = await snapshot();
        await Promise.all(batch.map(run));
        if (diffSnapshots(before, await snapshot()) === "") continue;
        for (const c of batch) {
          before = await snapshot();
          await run(c);
          const changed = diffSnapshots(before, await snapshot());
          tally.ok(changed === "", () => `${label(c)} WROTE (${replies.get(c)!.r.status}): ${changed}`);
        }
      }
    }
    for (const c of [...ghosts, ...rest]) {
      tally.cases++;
      const { r, requestText } = replies.get(c)!;
      const req = { requestText };
      tally.ok(r.status < 500, () => `${label(c)}: ${r.status} ${r.text.slice(0, 200)}`);
      leakCheck(c, r, req.requestText);
      const key = `${c.op.key}|${c.role.label}|${c.transport}`;
      if (c.variant === "nonexistent") {
        nonexistentReply.set(key, r);
        if (scopedPath(c.op))
          tally.ok(r.status >= 400, () => `${label(c)}: ${r.status} for ids that do not exist`);
        continue;
      }
      if (c.role.kind === "none" && !c.op.accepts.none) {
        tally.ok(
          r.status === 401 && !errorShapeProblem(r),
          () => `${label(c)}: expected 401, got ${r.status} ${r.text.slice(0, 200)}`,
        );
        continue;
      }
      if (!accepted(c.op, c.role)) {
        tally.ok(
          r.status === 401 && !errorShapeProblem(r),
          () => `${label(c)}: wrong credential, expected 401, got ${r.status} ${r.text.slice(0, 200)}`,
        );
        continue;
      }
      if (c.variant !== "other") continue;
      tally.ok(!r.upgraded, () => `${label(c)}: the WebSocket upgrade SUCCEEDED on another tenant's job`);
      if (!hasRefs(c.op)) {
        tally.ok(r.status < 500, () => `${label(c)}: ${r.status}`);
        continue;
      }
      const shape = r.status >= 400 ? errorShapeProblem(r) : null;
      tally.ok(shape === null, () => `${label(c)}: ${shape}`);
      const ghost = nonexistentReply.get(key);
      if (scopedPath(c.op)) {
        tally.ok(
          r.status === 404 || (r.status === 403 && ghost?.status === 403),
          () => `${label(c)}: expected 404, got ${r.status} ${r.text.slice(0, 200)}`,
        );
      }
      if (ghost) {
        const refsSent = [
          ...c.op.pathParams.map((p) => PATH_FILL[p.name]!(c.refs as Tenant)),
          ...Object.values(REF_FIELDS).map((f) => f(c.refs as Tenant)),
        ];
        const ghostSent = refsSent.map(nonexistentLike);
        tally.ok(
          r.status === ghost.status,
          () => `${label(c)}: ${r.status}, but ${ghost.status} for ids that do not exist (existence leak)`,
        );
        const m1 = normalize(r.body?.error?.message, refsSent);
        const m2 = normalize(ghost.body?.error?.message, ghostSent);
        tally.ok(
          m1 === m2,
          () =>
            `${label(c)}: message differs from the nonexistent-id one: ${JSON.stringify(m1)} vs ${JSON.stringify(m2)}`,
        );
      }
    }

    // Phase 2: controls (own resources, operator) — writes allowed; no 401/404, no leaks.
    for (const c of owns) {
      tally.cases++;
      const req = await build(c, "own");
      const r = await send(req.url, { method: c.op.method, headers: req.headers, json: req.body });
      tally.ok(r.status < 500, () => `${label(c)}: ${r.status} ${r.text.slice(0, 200)}`);
      tally.ok(r.status !== 401, () => `${label(c)}: 401 on its own resources: ${r.text.slice(0, 200)}`);
      if (c.variant !== "cross-text" && !OWN_404_OK[c.op.key])
        tally.ok(
          r.status !== 404,
          () => `${label(c)}: 404 on its own resources (broken fixture?): ${r.text.slice(0, 200)}`,
        );
      if (c.role.operator)
        tally.ok(r.status !== 403, () => `${label(c)}: operator got 403: ${r.text.slice(0, 200)}`);
      if (c.op.upgrade && r.status < 300)
        tally.ok(r.upgraded, () => `${label(c)}: ${r.status} without a WebSocket`);
      leakCheck(c, r, req.requestText);
    }
    await tally.report(
      `${ops.length} operations, ${roles.length} roles, ${probes.length} probe + ${owns.length} control requests`,
    );
    tally.expectNone();
  });
});
