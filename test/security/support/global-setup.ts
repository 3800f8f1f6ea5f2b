import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { exportJWK, exportSPKI, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";
import { readText } from "../../support/http-body";

/**
 * Vitest globalSetup (Node side) of the `security` project. One local server on a free port (port 0):
 * - GET /idp/jwks.json       the identity provider's JWK set (RS256 `rsa-1`, ES256 `ec-1`), for the Worker
 *                            in JWKS mode; the matching private JWKs go to the tests as a binding.
 * - GET /attacker/*          an attacker's key set: `jku`/`x5u` headers point here; every hit is counted.
 * - GET /attacker-hits       how many requests the attacker endpoints received (must stay 0).
 * - POST /report             a suite's counts ({suite, cases, failures, notes}); written on teardown to
 *                            test-results/security-report.json and printed as a table the lead can quote.
 */

declare module "vitest" {
  export interface ProvidedContext {
    securityServer: { url: string; keys: string };
  }
}

export interface SuiteReport {
  suite: string;
  cases: number;
  failures: number;
  notes?: string;
}

export default async function setup(project: TestProject) {
  const rsa = await generateKeyPair("RS256", { extractable: true });
  const ec = await generateKeyPair("ES256", { extractable: true });
  const attacker = await generateKeyPair("RS256", { extractable: true });
  const idpJwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
      { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" },
    ],
  };
  const attackerJwks = { keys: [{ ...(await exportJWK(attacker.publicKey)), kid: "rsa-1", alg: "RS256" }] };
  const keys = {
    rsaPrivate: { ...(await exportJWK(rsa.privateKey)), kid: "rsa-1", alg: "RS256" },
    rsaPublic: idpJwks.keys[0],
    rsaPublicPem: await exportSPKI(rsa.publicKey),
    ecPrivate: { ...(await exportJWK(ec.privateKey)), kid: "ec-1", alg: "ES256" },
    attackerPrivate: { ...(await exportJWK(attacker.privateKey)), kid: "rsa-1", alg: "RS256" },
    attackerPublic: attackerJwks.keys[0],
  };

  let attackerHits = 0;
  const reports: SuiteReport[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (url.pathname === "/idp/jwks.json") return json(200, idpJwks);
    if (url.pathname.startsWith("/attacker/")) {
      attackerHits++;
      return json(200, attackerJwks);
    }
    if (url.pathname === "/attacker-hits") return json(200, { hits: attackerHits });
    if (url.pathname === "/report" && req.method === "POST") {
      const r = JSON.parse(await readText(req)) as SuiteReport;
      const i = reports.findIndex((x) => x.suite === r.suite);
      if (i >= 0) reports[i] = r;
      else reports.push(r);
      return json(204, {});
    }
    json(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  project.provide("securityServer", { url: `http://127.0.0.1:${port}`, keys: JSON.stringify(keys) });

  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (reports.length === 0) return;
    reports.sort((a, b) => a.suite.localeCompare(b.suite));
    const dir = path.resolve("test-results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "security-report.json"),
      `${JSON.stringify({ generatedAt: new Date().toISOString(), suites: reports }, null, 2)}\n`,
    );
    const lines = reports.map(
      (r) =>
        `  ${r.suite.padEnd(26)} cases ${String(r.cases).padStart(6)}   failures ${String(r.failures).padStart(3)}${r.notes ? `   ${r.notes}` : ""}`,
    );
    console.log(`\n[security] suites (test-results/security-report.json):\n${lines.join("\n")}\n`);
  };
}
