import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff, platformAdmin } from "./helpers/auth";
import { counts, createApiKey, createDealership, createVehicle, vehicleInput } from "./helpers/fixtures";
import { type ApiResponse, call, get } from "./helpers/http";

/**
 * Walks EVERY operation in /openapi.json with B's ids in the path and A's credentials (dealer_admin,
 * dealer_staff, publishable key). Bodies are valid for the operation, so a 404 comes from tenant
 * scoping, not from validation. A new route without an entry below fails this test on purpose.
 */
type Expect = number | "ok-no-leak";
interface Op {
  method: string;
  path: string;
}

const BODIES: Record<string, () => unknown> = {
  "POST /v1/dealerships": () => ({ name: "Isolation Probe", websiteUrl: "https://probe.example" }),
  "PATCH /v1/dealerships/{id}": () => ({ name: "Hijacked by A" }),
  "POST /v1/dealerships/{id}/api-keys": () => ({ name: "planted by A" }),
  "POST /v1/dealerships/{id}/vehicles": () => vehicleInput(),
  "POST /v1/dealerships/{id}/vehicles/bulk": () => ({ items: [vehicleInput()] }),
  "PATCH /v1/dealerships/{id}/vehicles/{vehicleId}": () => ({ price: { amount: 1, currency: "USD" } }),
  "POST /v1/dealerships/{id}/scrapes": () => ({}),
  "PATCH /v1/dealerships/{id}/ai/budget": () => ({ dailyMicroUsd: 1 }),
  "POST /v1/dealerships/{id}/chat": () => ({ message: "Do you have a red pickup truck?" }),
  "POST /v1/public/chat": () => ({ message: "Do you have a red pickup truck?" }),
  "POST /v1/ops/vector-migrations": () => ({ from: "local", to: "local:shadow" }),
};

/** Query strings an operation needs to pass validation. */
const QUERIES: Record<string, string> = {
  "GET /v1/dealerships/{id}/search": "?q=red%20pickup",
  "GET /v1/public/search": "?q=red%20pickup",
};

/** What A gets on each operation: [A's JWT (admin/staff), A's API key]. */
const EXPECTED: Record<string, [Expect, Expect]> = {
  "GET /v1/health": [200, 200],
  "POST /v1/dealerships": [403, 401],
  "GET /v1/dealerships": ["ok-no-leak", 401],
  "GET /v1/dealerships/{id}": [404, 401],
  "PATCH /v1/dealerships/{id}": [404, 401],
  "GET /v1/dealerships/{id}/quality": [404, 401],
  "POST /v1/dealerships/{id}/api-keys": [404, 401],
  "GET /v1/dealerships/{id}/api-keys": [404, 401],
  "DELETE /v1/dealerships/{id}/api-keys/{keyId}": [404, 401],
  "POST /v1/dealerships/{id}/vehicles": [404, 401],
  "POST /v1/dealerships/{id}/vehicles/bulk": [404, 401],
  "GET /v1/dealerships/{id}/vehicles": [404, 401],
  "GET /v1/dealerships/{id}/vehicles/{vehicleId}": [404, 401],
  "PATCH /v1/dealerships/{id}/vehicles/{vehicleId}": [404, 401],
  "DELETE /v1/dealerships/{id}/vehicles/{vehicleId}": [404, 401],
  "GET /v1/dealerships/{id}/vehicles/{vehicleId}/price-history": [404, 401],
  "GET /v1/public/vehicles": [401, "ok-no-leak"],
  "GET /v1/public/vehicles/{vehicleId}": [401, 404],
  "GET /v1/vins/{vin}": ["ok-no-leak", "ok-no-leak"],
  "POST /v1/dealerships/{id}/scrapes": [404, 401],
  "GET /v1/dealerships/{id}/jobs": [404, 401],
  "GET /v1/jobs": ["ok-no-leak", 401],
  "GET /v1/jobs/{jobId}": [404, 401],
  "GET /v1/jobs/{jobId}/ws": [404, 401],
  "POST /v1/jobs/{jobId}/apply": [404, 401],
  "POST /v1/jobs/{jobId}/discard": [404, 401],
  "POST /v1/jobs/{jobId}/replay": [404, 401],
  "GET /v1/dealerships/{id}/search": [404, 401],
  "GET /v1/public/search": [401, "ok-no-leak"],
  "POST /v1/dealerships/{id}/chat": [404, 401],
  "POST /v1/public/chat": [401, "ok-no-leak"],
  "GET /v1/dealerships/{id}/ai/usage": [404, 401],
  "PATCH /v1/dealerships/{id}/ai/budget": [404, 401],
  "POST /v1/dealerships/{id}/embeddings/rebuild": [404, 401],
  "POST /v1/dealerships/{id}/embeddings/replay": [404, 401],
  // Operator-only: any dealership role is refused before ids are looked at.
  "POST /v1/ops/vector-migrations": [403, 401],
  "GET /v1/ops/vector-migrations/{migrationId}": [403, 401],
};

/**
 * The control run (B's own credentials): statuses other than 2xx that are right for B. Job actions depend
 * on the job's state (B's job is queued: apply/discard/replay are 409; a second scrape is 409 while it
 * runs), and the WebSocket route answers a plain GET with 426.
 */
const CONTROL_OK: Record<string, number[]> = {
  "POST /v1/dealerships/{id}/scrapes": [202, 409],
  "POST /v1/jobs/{jobId}/apply": [409],
  "POST /v1/jobs/{jobId}/discard": [409],
  "POST /v1/jobs/{jobId}/replay": [409],
  "GET /v1/jobs/{jobId}/ws": [426],
  "POST /v1/ops/vector-migrations": [403],
  "GET /v1/ops/vector-migrations/{migrationId}": [403],
};

describe("tenant isolation over every route in the OpenAPI document", async () => {
  const a = await createDealership();
  const b = await createDealership();
  const keyA = await createApiKey(a.id);
  const keyB = await createApiKey(b.id);
  await createVehicle(a.id);
  const vehicleB = await createVehicle(b.id, { description: "SECRET-B-DESCRIPTION" });
  const jobB = (
    await call(`/v1/dealerships/${b.id}/scrapes`, {
      method: "POST",
      token: await dealerAdmin(b.id),
      json: {},
    })
  ).body.job;
  const doc = (await get("/openapi.json")).body;
  const ops: Op[] = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, item]) => Object.keys(item).map((m) => ({ method: m.toUpperCase(), path })),
  );

  const fill = (path: string) =>
    path
      .replace("{id}", b.id)
      .replace("{vehicleId}", vehicleB.id)
      .replace("{keyId}", keyB.id)
      .replace("{vin}", vehicleB.vin)
      .replace("{jobId}", jobB.id)
      .replace("{migrationId}", "vmg_unknown");
  const target = (op: Op) => fill(op.path) + (QUERIES[`${op.method} ${op.path}`] ?? "");

  /** Strings of B's that must never show up in A's responses (ids A supplied in the path may be echoed). */
  const secrets = [b.name, vehicleB.stockNumber, "SECRET-B-DESCRIPTION", keyB.key];

  function check(res: ApiResponse, expected: Expect, label: string) {
    if (expected === "ok-no-leak") expect(res.status, label).toBe(200);
    else {
      expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBe(expected);
      if (expected >= 400) expect(res.body?.error?.requestId, label).toBeTruthy();
    }
    for (const s of secrets) expect(res.text.includes(s), `${label} leaked ${s}`).toBe(false);
    if (!label.includes("/v1/vins/"))
      expect(res.text.includes(vehicleB.vin), `${label} leaked B's VIN`).toBe(false);
  }

  it("the document lists exactly the routes this test knows", () => {
    expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it("A's dealer_admin, dealer_staff and API key get 404/401/403 — never B's data", async () => {
    const before = await counts(b.id);
    const credentials = [
      { kind: "jwt", label: "dealer_admin(A)", opts: { token: await dealerAdmin(a.id) } },
      { kind: "jwt", label: "dealer_staff(A)", opts: { token: await dealerStaff(a.id) } },
      { kind: "key", label: "api_key(A)", opts: { apiKey: keyA.key } },
    ] as const;
    let checked = 0;
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      const [jwtExpect, keyExpect] = EXPECTED[key]!;
      for (const cred of credentials) {
        const expected = cred.kind === "jwt" ? jwtExpect : keyExpect;
        // Role-gated actions (api keys) answer dealer_staff 403 on its OWN dealership, but 404 on B's.
        const body = BODIES[key]?.();
        const res = await call(target(op), {
          method: op.method,
          ...cred.opts,
          ...(body !== undefined ? { json: body } : {}),
        });
        check(res, expected, `${key} as ${cred.label}`);
        if (key === "GET /v1/dealerships" && res.status === 200) {
          expect(res.body.items.map((d: any) => d.id)).toEqual([a.id]);
        }
        if (key === "GET /v1/jobs" && res.status === 200) {
          expect(res.body.items.every((j: any) => j.dealershipId === a.id)).toBe(true);
        }
        if (key === "GET /v1/public/vehicles" && res.status === 200) {
          expect(res.body.items.every((v: any) => v.id !== vehicleB.id)).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBe(ops.length * 3);
    // Nothing of B's changed.
    expect(await counts(b.id)).toEqual(before);
    const bNow = await get(`/v1/dealerships/${b.id}/vehicles/${vehicleB.id}`, {
      token: await platformAdmin(),
    });
    expect(bNow.body).toEqual(vehicleB);
    expect((await get(`/v1/dealerships/${b.id}`, { token: await platformAdmin() })).body.name).toBe(b.name);
    expect((await get("/v1/public/vehicles", { apiKey: keyB.key })).status).toBe(200);
  });

  it("a token naming B among other dealerships is honoured only for those (control: B's own credentials succeed)", async () => {
    const adminB = await dealerAdmin(b.id);
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      if (op.method === "DELETE" || key === "POST /v1/dealerships") continue;
      const isPublic = op.path.startsWith("/v1/public/");
      const body = BODIES[key]?.();
      const res = await call(target(op), {
        method: op.method,
        ...(isPublic ? { apiKey: keyB.key } : { token: adminB }),
        ...(body !== undefined ? { json: body } : {}),
      });
      const allowed = CONTROL_OK[key];
      if (allowed) expect(allowed, `${key}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
      else expect(res.status, `${key}: ${res.text.slice(0, 200)}`).toBeLessThan(300);
    }
  });
});
