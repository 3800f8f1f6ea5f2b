import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../workers/api/src/app";
import { dealerAdmin, platformAdmin } from "../api/helpers/auth";
import { createApiKey, createDealership, createVehicle, vehicleInput } from "../api/helpers/fixtures";
import {
  diffSnapshots,
  errorShapeProblem,
  type Reply,
  send,
  snapshot,
  Tally,
  testEnv,
} from "./support/client";
import { asymToken, b64url, claims, hmacToken, type Json, segments } from "./support/jwt-forge";
import { loadApiDocument, minimalValue, type Operation } from "./support/openapi";

/**
 * Credential attacks against the real routes of /openapi.json, in both verification modes:
 * - HS256 (development/test: the shared secret in wrangler.toml), through the Worker itself;
 * - JWKS (staging/production: RS256/ES256 keys from the identity provider), through the same app built
 *   with JWT_JWKS_URL pointing at a local JWKS server (test/security/support/global-setup.ts), which also
 *   plays an attacker's key server for `jku`/`x5u` (it counts hits: they must stay 0).
 * Every attack must get 401 with the one error shape and write nothing (all D1 tables fingerprinted).
 * Controls: the same routes with an honest token are not 401.
 */

const SECRET = testEnv.JWT_HS256_SECRET;
const ISS = testEnv.JWT_ISSUER;
const AUD = testEnv.JWT_AUDIENCE;
const SERVER = testEnv.SECURITY_SERVER_URL;
const KEYS = JSON.parse(testEnv.SECURITY_KEYS) as Record<string, any>;

// Routes every attack is sent to (reads and writes of dealership A); the two cheapest attacks go to
// EVERY bearer route of the document as well.
const CORE = [
  "GET /v1/dealerships/{id}",
  "PATCH /v1/dealerships/{id}",
  "POST /v1/dealerships/{id}/vehicles",
  "DELETE /v1/dealerships/{id}/vehicles/{vehicleId}",
  "GET /v1/jobs",
];

interface Attack {
  name: string;
  headers: () => Promise<Record<string, string>>;
  /** What the error message must say (where the reason matters to a client). */
  message?: RegExp;
}

const now = () => Math.floor(Date.now() / 1000);
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

describe("auth attacks against the real routes", async () => {
  const tally = new Tally("auth-attacks");
  const { ops, resolve } = await loadApiDocument();
  const a = await createDealership({
    rateLimits: {
      public: { limit: 100_000, windowSeconds: 60 },
      staff: { limit: 100_000, windowSeconds: 60 },
    },
  });
  const b = await createDealership();
  const vehicle = await createVehicle(a.id);
  const vehicleB = await createVehicle(b.id);
  const keyA = await createApiKey(a.id);
  const keyB = await createApiKey(b.id);
  const revoked = await createApiKey(a.id, "to revoke");
  const revoke = await send(`/v1/dealerships/${a.id}/api-keys/${revoked.id}`, {
    method: "DELETE",
    headers: bearer(await dealerAdmin(a.id)),
  });
  expect(revoke.status, revoke.text).toBeLessThan(300);

  const FILL: Record<string, string> = {
    id: a.id,
    vehicleId: vehicle.id,
    keyId: keyA.id,
    jobId: "job_00000000000000000000000000",
    migrationId: "vmig_00000000000000000000000000",
    vin: vehicle.vin,
  };
  const byKey = new Map(ops.map((o) => [o.key, o]));
  const bearerOps = ops.filter((o) => o.accepts.bearer);
  const request = (op: Operation) => {
    const path = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(FILL[n] ?? "x"));
    let json: unknown;
    if (op.key === "PATCH /v1/dealerships/{id}") json = { name: "Owned by an attacker" };
    else if (op.key === "POST /v1/dealerships/{id}/vehicles") json = vehicleInput();
    else if (op.body) json = minimalValue(op.body.schema, resolve);
    return { path, method: op.method, json, upgrade: op.upgrade };
  };

  const jwksApp = createApp();
  const jwksEnv = { ...testEnv, JWT_HS256_SECRET: "", JWT_JWKS_URL: `${SERVER}/idp/jwks.json` };
  const viaJwks = async (req: Request) => {
    const ctx = createExecutionContext();
    const res = await jwksApp.fetch(req, jwksEnv as never, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };

  async function attempt(
    mode: "hs" | "jwks",
    op: Operation,
    headers: Record<string, string>,
    query = "",
  ): Promise<Reply> {
    const r = request(op);
    const h = { ...headers, ...(r.upgrade ? { Upgrade: "websocket" } : {}) };
    return send(r.path + query, {
      method: r.method,
      headers: h,
      json: r.json,
      ...(mode === "jwks" ? { via: viaJwks } : {}),
    });
  }

  async function expect401(
    mode: "hs" | "jwks",
    attack: string,
    op: Operation,
    headers: Record<string, string>,
    query = "",
    message?: RegExp,
  ) {
    tally.cases++;
    const before = await snapshot();
    const r = await attempt(mode, op, headers, query);
    const after = await snapshot();
    const where = `[${mode}] ${attack} → ${op.key}`;
    tally.ok(r.status === 401, () => `${where}: expected 401, got ${r.status} ${r.text.slice(0, 200)}`);
    const shape = errorShapeProblem(r);
    tally.ok(shape === null, () => `${where}: ${shape}`);
    tally.ok(r.body?.error?.code === "unauthorized", () => `${where}: code ${r.body?.error?.code}`);
    if (message && r.status === 401)
      tally.ok(
        message.test(r.body.error.message),
        () => `${where}: message ${JSON.stringify(r.body.error.message)} does not match ${message}`,
      );
    tally.ok(!r.text.includes(a.name), () => `${where}: response contains the dealership's name`);
    const changed = diffSnapshots(before, after);
    tally.ok(changed === "", () => `${where}: WROTE ${changed}`);
  }

  // ---------------------------------------------------------------------------------------------------
  // HS256 mode.
  const admin = (extra: Json = {}) => claims({ role: "platform_admin", ...extra }, ISS, AUD);
  const dealer = (extra: Json = {}) =>
    claims({ role: "dealer_admin", dealerships: [a.id], ...extra }, ISS, AUD);
  const hs = (
    payload: Json | string,
    header: Json = { alg: "HS256", typ: "JWT" },
    key: string | Uint8Array = SECRET,
  ) => hmacToken(header, payload, key);
  const valid = await hs(dealer());
  const [vh, vp, vs] = valid.split(".") as [string, string, string];
  const without = (k: string) => {
    const c = dealer();
    delete c[k];
    return c;
  };
  const rsaPem = KEYS.rsaPublicPem as string;

  const hsAttacks: Attack[] = [
    // Algorithm games.
    ...["none", "None", "NONE", "nOnE"].map((alg) => ({
      name: `alg: ${alg} (unsigned)`,
      headers: async () => bearer(`${segments({ alg, typ: "JWT" }, admin())}.`),
    })),
    {
      name: "alg: none with a valid token's signature kept",
      headers: async () => bearer(`${segments({ alg: "none" }, admin())}.${vs}`),
    },
    { name: "alg missing", headers: async () => bearer(await hs(admin(), { typ: "JWT" })) },
    {
      name: "alg HS512 with the real secret (not pinned)",
      headers: async () => bearer(await hs(admin(), { alg: "HS512" })),
    },
    {
      name: "alg HS384 with the real secret (not pinned)",
      headers: async () => bearer(await hs(admin(), { alg: "HS384" })),
    },
    {
      name: "RS256 with an unknown key",
      headers: async () => bearer(await asymToken({ alg: "RS256" }, admin(), KEYS.attackerPrivate)),
    },
    {
      name: "HS256 keyed with an RSA public key PEM",
      headers: async () => bearer(await hs(admin(), undefined, rsaPem)),
    },
    {
      name: "HS256 with a wrong secret",
      headers: async () => bearer(await hs(admin(), undefined, "x".repeat(48))),
    },
    { name: "HS256 with an empty secret", headers: async () => bearer(await hs(admin(), undefined, "")) },
    {
      name: "tampered payload (role raised)",
      headers: async () => bearer(`${vh}.${b64url(JSON.stringify(admin()))}.${vs}`),
    },
    { name: "signature stripped", headers: async () => bearer(`${vh}.${vp}.`) },
    // Time claims.
    {
      name: "expired an hour ago",
      message: /expired/,
      headers: async () => bearer(await hs(dealer({ exp: now() - 3600 }))),
    },
    {
      name: "expired just beyond the 5 s tolerance",
      headers: async () => bearer(await hs(dealer({ exp: now() - 30 }))),
    },
    {
      name: "nbf in the future",
      message: /nbf/,
      headers: async () => bearer(await hs(dealer({ nbf: now() + 600 }))),
    },
    {
      name: "iat in the future",
      message: /iat is in the future/,
      headers: async () => bearer(await hs(dealer({ iat: now() + 3600 }))),
    },
    { name: "exp missing", headers: async () => bearer(await hs(without("exp"))) },
    { name: "exp as a string", headers: async () => bearer(await hs(dealer({ exp: String(now() + 600) }))) },
    { name: "exp negative", headers: async () => bearer(await hs(dealer({ exp: -1 }))) },
    { name: "nbf as a string", headers: async () => bearer(await hs(dealer({ nbf: "0" }))) },
    // Audience and issuer.
    {
      name: "wrong iss",
      message: /iss/,
      headers: async () => bearer(await hs(dealer({ iss: "https://evil.example/" }))),
    },
    {
      name: "iss differing in case",
      headers: async () => bearer(await hs(dealer({ iss: ISS.toUpperCase() }))),
    },
    { name: "iss missing", headers: async () => bearer(await hs(without("iss"))) },
    {
      name: "wrong aud",
      message: /aud/,
      headers: async () => bearer(await hs(dealer({ aud: "another-api" }))),
    },
    { name: "aud list without this API", headers: async () => bearer(await hs(dealer({ aud: ["a", "b"] }))) },
    { name: "aud missing", headers: async () => bearer(await hs(without("aud"))) },
    // Subject, role, dealerships.
    { name: "sub missing", headers: async () => bearer(await hs(without("sub"))) },
    { name: "sub empty", headers: async () => bearer(await hs(dealer({ sub: "" }))) },
    { name: "sub a number", headers: async () => bearer(await hs(dealer({ sub: 42 }))) },
    { name: "role missing", headers: async () => bearer(await hs(without("role"))) },
    { name: "role unknown", headers: async () => bearer(await hs(dealer({ role: "superuser" }))) },
    {
      name: "role in another case",
      headers: async () => bearer(await hs(dealer({ role: "PLATFORM_ADMIN" }))),
    },
    { name: "role as a list", headers: async () => bearer(await hs(dealer({ role: ["platform_admin"] }))) },
    {
      name: "dealer role without dealerships",
      headers: async () => bearer(await hs(without("dealerships"))),
    },
    {
      name: "dealerships an object",
      headers: async () => bearer(await hs(dealer({ dealerships: { 0: a.id } }))),
    },
    {
      name: "dealerships with a non-string",
      headers: async () => bearer(await hs(dealer({ dealerships: [{ id: a.id }] }))),
    },
    { name: "payload JSON null", headers: async () => bearer(await hs("null")) },
    { name: "payload JSON array", headers: async () => bearer(await hs("[]")) },
    { name: "payload not JSON", headers: async () => bearer(await hs("not json{")) },
    {
      name: "payload with __proto__ role",
      headers: async () =>
        bearer(
          await hs(
            `{"__proto__":{"role":"platform_admin"},"sub":"x","iss":"${ISS}","aud":"${AUD}","exp":${now() + 600}}`,
          ),
        ),
    },
    // kid tricks (HS mode has no key ids: none may select another key).
    ...[
      "../../../../../../dev/null",
      "/dev/null",
      "' UNION SELECT 'attacker' --",
      "1; DROP TABLE api_keys",
      "http://127.0.0.1/key",
      "\u0000",
      "x".repeat(5000),
    ].flatMap((kid) => [
      {
        name: `kid ${JSON.stringify(kid.slice(0, 30))} signed with an empty key`,
        headers: async () => bearer(await hs(admin(), { alg: "HS256", kid }, "")),
      },
      {
        name: `kid ${JSON.stringify(kid.slice(0, 30))} signed with "attacker"`,
        headers: async () => bearer(await hs(admin(), { alg: "HS256", kid }, "attacker")),
      },
    ]),
    // crit and embedded keys.
    {
      name: "crit with an unknown extension (real secret)",
      message: /crit/,
      headers: async () =>
        bearer(await hs(dealer(), { alg: "HS256", crit: ["x-forecourt"], "x-forecourt": 1 })),
    },
    {
      name: "crit naming a registered claim (real secret)",
      headers: async () => bearer(await hs(dealer(), { alg: "HS256", crit: ["exp"] })),
    },
    {
      name: "crit empty (real secret)",
      headers: async () => bearer(await hs(dealer(), { alg: "HS256", crit: [] })),
    },
    {
      name: "b64: false (real secret)",
      headers: async () => bearer(await hs(dealer(), { alg: "HS256", b64: false, crit: ["b64"] })),
    },
    {
      name: "embedded jwk (oct) with the attacker's secret",
      headers: async () =>
        bearer(await hs(admin(), { alg: "HS256", jwk: { kty: "oct", k: b64url("attacker") } }, "attacker")),
    },
    {
      name: "jku to the attacker's JWKS, RS256 by the attacker",
      headers: async () =>
        bearer(
          await asymToken(
            { alg: "RS256", kid: "rsa-1", jku: `${SERVER}/attacker/jwks.json` },
            admin(),
            KEYS.attackerPrivate,
          ),
        ),
    },
    // Malformed tokens.
    {
      name: "standard base64 (+ / =) instead of base64url",
      headers: async () => bearer(`${btoa('{"alg":"HS256"}')}.${btoa(JSON.stringify(admin()))}.${vs}+/=`),
    },
    { name: "four segments", headers: async () => bearer(`${valid}.${vs}`) },
    { name: "five segments (JWE shape)", headers: async () => bearer(`${vh}.${vp}.${vs}.${vs}.${vs}`) },
    { name: "two segments", headers: async () => bearer(`${vh}.${vp}`) },
    { name: "empty segments", headers: async () => bearer("..") },
    { name: "header not JSON", headers: async () => bearer(`${b64url("{alg:HS256")}.${vp}.${vs}`) },
    { name: "header a JSON array", headers: async () => bearer(`${b64url('["HS256"]')}.${vp}.${vs}`) },
    {
      name: "header with duplicate alg (none last)",
      headers: async () => bearer(`${b64url('{"alg":"HS256","alg":"none"}')}.${vp}.`),
    },
    { name: "percent-encoded NUL inside the token", headers: async () => bearer(`${vh}%00.${vp}.${vs}`) },
    { name: "unicode inside the token", headers: async () => bearer(`${vh}.${vp}é.${vs}`) },
    {
      name: "oversized: 9 KB of claims, real secret",
      message: /larger than 8192/,
      headers: async () => bearer(await hs(dealer({ pad: "x".repeat(9000) }))),
    },
    { name: "oversized: 64 KB garbage", headers: async () => bearer("a".repeat(65_536)) },
    // Header forms.
    { name: "scheme Basic", headers: async () => ({ Authorization: `Basic ${btoa("admin:admin")}` }) },
    { name: "scheme Token", headers: async () => ({ Authorization: `Token ${valid}` }) },
    { name: "no scheme", headers: async () => ({ Authorization: valid }) },
    { name: "Bearer then two tokens", headers: async () => ({ Authorization: `Bearer ${valid} ${valid}` }) },
    {
      name: "two Authorization values",
      headers: async () => ({ Authorization: `Bearer garbage, Bearer ${valid}` }),
    },
    { name: "no Authorization at all", headers: async () => ({}) },
    {
      name: "token in a cookie",
      headers: async () => ({ Cookie: `Authorization=Bearer%20${valid}; token=${valid}` }),
    },
    { name: "JWT in X-Api-Key", headers: async () => ({ "X-Api-Key": valid }) },
    // API keys on staff routes.
    { name: "publishable key of A on a staff route", headers: async () => ({ "X-Api-Key": keyA.key }) },
    { name: "publishable key of B on A's staff route", headers: async () => ({ "X-Api-Key": keyB.key }) },
    { name: "publishable key as a bearer token", headers: async () => bearer(keyA.key) },
    { name: "revoked key on a staff route", headers: async () => ({ "X-Api-Key": revoked.key }) },
  ];

  it("HS256 mode: every attack × the core routes → 401, nothing written", () =>
    tally.check(async () => {
      for (const atk of hsAttacks) {
        const headers = await atk.headers();
        for (const k of CORE) {
          const op = byKey.get(k);
          if (!op) throw new Error(`${k} is not in /openapi.json any more: update CORE`);
          await expect401("hs", atk.name, op, headers, "", atk.message);
        }
      }
    }));

  it("HS256 mode: alg none, key confusion and a token in the query string → 401 on EVERY bearer route", () =>
    tally.check(async () => {
      const none = bearer(`${segments({ alg: "none" }, admin())}.`);
      const confused = bearer(await hs(admin(), undefined, rsaPem));
      for (const op of bearerOps) {
        await expect401("hs", "alg none", op, none);
        await expect401("hs", "HS256 keyed with an RSA public key", op, confused);
        await expect401("hs", "token in ?access_token=", op, {}, `?access_token=${valid}&token=${valid}`);
      }
    }));

  it("WebSocket route: attacks in the subprotocol → 401 before any upgrade", () =>
    tally.check(async () => {
      const ws = bearerOps.filter((o) => o.upgrade);
      expect(ws.length).toBeGreaterThan(0);
      for (const op of ws) {
        for (const t of [
          `${segments({ alg: "none" }, admin())}.`,
          await hs(dealer({ exp: now() - 3600 })),
          "a.b.c",
        ]) {
          await expect401("hs", "subprotocol bearer attack", op, {
            "Sec-WebSocket-Protocol": `forecourt.v1, bearer.${t}`,
          });
        }
      }
    }));

  it("controls: an honest token passes the same routes (not 401)", () =>
    tally.check(async () => {
      for (const k of CORE) {
        tally.cases++;
        const op = byKey.get(k)!;
        const token = k === "GET /v1/jobs" ? await platformAdmin() : valid;
        const r = await attempt("hs", op, bearer(token));
        tally.ok(
          r.status !== 401 && r.status < 500,
          () => `control ${k}: ${r.status} ${r.text.slice(0, 200)}`,
        );
      }
      // Exactly 8 KB is still accepted; one byte more is not.
      tally.cases++;
      const base = dealer({ pad: "" });
      const probe = await hs(base);
      const padded = await hs({ ...base, pad: "x".repeat(Math.floor(((8192 - probe.length) * 3) / 4)) });
      tally.ok(padded.length <= 8192, () => `padding maths: ${padded.length}`);
      const r = await attempt("hs", byKey.get("GET /v1/dealerships/{id}")!, bearer(padded));
      tally.ok(r.status === 200, () => `a ${padded.length}-byte token: ${r.status} ${r.text.slice(0, 200)}`);
    }));

  // ---------------------------------------------------------------------------------------------------
  // API keys on public routes.
  const publicOps = ops.filter((o) => o.accepts.apiKey && !o.accepts.bearer);

  it("API keys: revoked, malformed, wrong place → 401 on every public route, nothing written", () =>
    tally.check(async () => {
      expect(publicOps.length).toBeGreaterThan(0);
      const keyAttacks: [string, Record<string, string>][] = [
        ["revoked key", { "X-Api-Key": revoked.key }],
        ["no key", {}],
        ["empty key", { "X-Api-Key": "" }],
        [
          "key with a changed character",
          { "X-Api-Key": keyA.key.slice(0, -1) + (keyA.key.endsWith("A") ? "B" : "A") },
        ],
        ["key upper-cased", { "X-Api-Key": keyA.key.toUpperCase() }],
        ["key prefix only", { "X-Api-Key": keyA.key.slice(0, 12) }],
        ["key with a suffix", { "X-Api-Key": `${keyA.key}x` }],
        ["key with an encoded NUL", { "X-Api-Key": `${keyA.key}%00` }],
        ["SQL in the key", { "X-Api-Key": "fc_pk_' OR '1'='1" }],
        ["64 KB key", { "X-Api-Key": `fc_pk_${"A".repeat(65_536)}` }],
        ["key as a bearer token", bearer(keyA.key)],
        ["staff JWT instead of a key", bearer(valid)],
        ["operator JWT instead of a key", bearer(await platformAdmin())],
      ];
      for (const [name, headers] of keyAttacks)
        for (const op of publicOps) await expect401("hs", name, op, headers);
      for (const op of publicOps)
        await expect401("hs", "key in the query string", op, {}, `?api_key=${keyA.key}&key=${keyA.key}`);
    }));

  it("a key of another dealership never reaches A's vehicle (404, like an id that does not exist)", () =>
    tally.check(async () => {
      const op = publicOps.find((o) => o.path.includes("{vehicleId}"));
      expect(op).toBeDefined();
      tally.cases += 2;
      const path = op!.path.replace("{vehicleId}", vehicle.id);
      const other = await send(path, { headers: { "X-Api-Key": keyB.key } });
      const ghost = await send(op!.path.replace("{vehicleId}", "veh_00000000000000000000000000"), {
        headers: { "X-Api-Key": keyB.key },
      });
      tally.ok(
        other.status === 404 && ghost.status === 404,
        () => `B's key on A's vehicle: ${other.status}/${ghost.status}`,
      );
      tally.ok(!other.text.includes(vehicle.vin), () => "B's key saw A's VIN");
      const own = await send(op!.path.replace("{vehicleId}", vehicleB.id), {
        headers: { "X-Api-Key": keyB.key },
      });
      tally.ok(own.status === 200, () => `control: B's key on B's vehicle: ${own.status}`);
    }));

  // ---------------------------------------------------------------------------------------------------
  // JWKS mode (RS256/ES256 from the identity provider), against the same app.
  const rs = (payload: Json, header: Json = { alg: "RS256", kid: "rsa-1" }) =>
    asymToken(header, payload, KEYS.rsaPrivate);
  const es = (payload: Json, header: Json = { alg: "ES256", kid: "ec-1" }) =>
    asymToken(header, payload, KEYS.ecPrivate);
  const attackerRs = (payload: Json, header: Json) => asymToken(header, payload, KEYS.attackerPrivate);
  const rsaJwkJson = JSON.stringify(KEYS.rsaPublic);
  const modulus = Uint8Array.from(atob(KEYS.rsaPublic.n.replace(/-/g, "+").replace(/_/g, "/")), (c) =>
    c.charCodeAt(0),
  );

  const jwksAttacks: Attack[] = [
    {
      name: "HS256 keyed with the IdP's RSA public key PEM (kid rsa-1)",
      message: /algorithm/,
      headers: async () => bearer(await hs(admin(), { alg: "HS256", kid: "rsa-1" }, rsaPem)),
    },
    {
      name: "HS256 keyed with the IdP's public JWK JSON",
      headers: async () => bearer(await hs(admin(), { alg: "HS256", kid: "rsa-1" }, rsaJwkJson)),
    },
    {
      name: "HS256 keyed with the IdP's RSA modulus",
      headers: async () => bearer(await hs(admin(), { alg: "HS256", kid: "rsa-1" }, modulus)),
    },
    { name: "HS256 with the dev secret (mode is JWKS)", headers: async () => bearer(await hs(admin())) },
    {
      name: "alg none with kid rsa-1",
      headers: async () => bearer(`${segments({ alg: "none", kid: "rsa-1" }, admin())}.`),
    },
    {
      name: "RS256 by the attacker, kid rsa-1",
      headers: async () => bearer(await attackerRs(admin(), { alg: "RS256", kid: "rsa-1" })),
    },
    {
      name: "jku → attacker JWKS",
      headers: async () =>
        bearer(
          await attackerRs(admin(), { alg: "RS256", kid: "rsa-1", jku: `${SERVER}/attacker/jwks.json` }),
        ),
    },
    {
      name: "jku → attacker JWKS, unknown kid",
      headers: async () =>
        bearer(await attackerRs(admin(), { alg: "RS256", kid: "evil", jku: `${SERVER}/attacker/jwks.json` })),
    },
    {
      name: "x5u → attacker",
      headers: async () =>
        bearer(await attackerRs(admin(), { alg: "RS256", kid: "rsa-1", x5u: `${SERVER}/attacker/cert.pem` })),
    },
    {
      name: "embedded jwk = attacker's public key",
      headers: async () => bearer(await attackerRs(admin(), { alg: "RS256", jwk: KEYS.attackerPublic })),
    },
    {
      name: "embedded jwk with kid rsa-1",
      headers: async () =>
        bearer(await attackerRs(admin(), { alg: "RS256", kid: "rsa-1", jwk: KEYS.attackerPublic })),
    },
    {
      name: "embedded x5c (junk certificate)",
      headers: async () =>
        bearer(await attackerRs(admin(), { alg: "RS256", x5c: [btoa("not a certificate")] })),
    },
    {
      name: "unknown kid",
      message: /unknown key|kid/,
      headers: async () => bearer(await rs(admin(), { alg: "RS256", kid: "rsa-2" })),
    },
    {
      name: "kid path traversal",
      headers: async () => bearer(await rs(admin(), { alg: "RS256", kid: "../../../../etc/passwd" })),
    },
    { name: "kid SQL", headers: async () => bearer(await rs(admin(), { alg: "RS256", kid: "' OR '1'='1" })) },
    {
      name: "EC key's kid with RS256",
      headers: async () => bearer(await rs(admin(), { alg: "RS256", kid: "ec-1" })),
    },
    {
      name: "ES256 token naming the RSA kid",
      headers: async () => bearer(await es(admin(), { alg: "ES256", kid: "rsa-1" })),
    },
    {
      name: "PS256 with the IdP's RSA key (not pinned)",
      headers: async () => bearer(await asymToken({ alg: "PS256", kid: "rsa-1" }, admin(), KEYS.rsaPrivate)),
    },
    {
      name: "RS512 with the IdP's RSA key (not pinned)",
      headers: async () => bearer(await asymToken({ alg: "RS512", kid: "rsa-1" }, admin(), KEYS.rsaPrivate)),
    },
    {
      name: "crit unknown extension (IdP key)",
      message: /crit/,
      headers: async () =>
        bearer(
          await rs(dealer(), { alg: "RS256", kid: "rsa-1", crit: ["x-forecourt"], "x-forecourt": true }),
        ),
    },
    { name: "expired (IdP key)", headers: async () => bearer(await rs(dealer({ exp: now() - 3600 }))) },
    {
      name: "nbf in the future (IdP key)",
      headers: async () => bearer(await rs(dealer({ nbf: now() + 600 }))),
    },
    {
      name: "iat in the future (IdP key)",
      message: /iat is in the future/,
      headers: async () => bearer(await rs(dealer({ iat: now() + 3600 }))),
    },
    { name: "wrong aud (IdP key)", headers: async () => bearer(await rs(dealer({ aud: "other" }))) },
    {
      name: "wrong iss (IdP key)",
      headers: async () => bearer(await rs(dealer({ iss: "https://evil.example/" }))),
    },
    { name: "role missing (IdP key)", headers: async () => bearer(await es(without("role"))) },
    { name: "oversized (IdP key)", headers: async () => bearer(await rs(dealer({ pad: "x".repeat(9000) }))) },
  ];

  it("JWKS mode: controls — RS256 and ES256 tokens from the identity provider work", () =>
    tally.check(async () => {
      for (const t of [await rs(dealer()), await es(dealer())]) {
        tally.cases++;
        const r = await attempt("jwks", byKey.get("GET /v1/dealerships/{id}")!, bearer(t));
        tally.ok(r.status === 200, () => `JWKS control: ${r.status} ${r.text.slice(0, 300)}`);
      }
    }));

  it("JWKS mode: every attack × the core routes → 401, nothing written, the attacker's URLs never fetched", () =>
    tally.check(async () => {
      for (const atk of jwksAttacks) {
        const headers = await atk.headers();
        for (const k of CORE) await expect401("jwks", atk.name, byKey.get(k)!, headers, "", atk.message);
      }
      const hits = (await (await fetch(`${SERVER}/attacker-hits`)).json()) as { hits: number };
      tally.cases++;
      tally.ok(hits.hits === 0, () => `the Worker fetched the attacker's jku/x5u URL ${hits.hits} times`);
    }));

  it("reports the counts (fails if any case above failed)", async () => {
    await tally.report(
      `${hsAttacks.length} HS256 + ${jwksAttacks.length} JWKS attacks, ${bearerOps.length} bearer routes, ${publicOps.length} public routes`,
    );
    tally.expectNone();
  });
});
