import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseConfig } from "../../packages/config/src/index";

const d1 = { prepare() {}, batch() {} } as unknown as D1Database;
const ns = { idFromName() {}, get() {} } as unknown as DurableObjectNamespace;
const queue = { send() {} } as unknown as Queue;
const SECRET = "forecourt-dev-secret-not-for-production-0123456789";

const dev = (over: Record<string, unknown> = {}) => ({
  ENVIRONMENT: "development",
  DB_DRIVER: "d1",
  JWT_HS256_SECRET: SECRET,
  JWT_ISSUER: "forecourt-dev",
  JWT_AUDIENCE: "forecourt-api",
  DB: d1,
  RATE_LIMITER: ns,
  ...over,
});

function problems(env: Record<string, unknown>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => p.setting);
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("parses the development defaults", () => {
    const c = parseConfig(dev({ EMBED_JOBS: queue }));
    expect(c.environment).toBe("development");
    expect(c.db).toEqual({ driver: "d1", d1 });
    expect(c.jwt).toMatchObject({
      mode: "hs256",
      issuer: "forecourt-dev",
      audience: "forecourt-api",
      algorithms: ["HS256"],
    });
    expect(c.logLevel).toBe("info");
    expect(c.maxBodyBytes).toBe(1024 * 1024);
    expect(c.bulkMaxBodyBytes).toBe(5 * 1024 * 1024);
    expect(c.queues.embedJobs).toBe(queue);
    expect(c.queues.scrapeJobs).toBeNull();
  });

  it("reads byte limits given as strings", () => {
    const c = parseConfig(dev({ MAX_BODY_BYTES: "2048", BULK_MAX_BODY_BYTES: "4096" }));
    expect([c.maxBodyBytes, c.bulkMaxBodyBytes]).toEqual([2048, 4096]);
  });

  it.each([
    [{ ENVIRONMENT: undefined }, "ENVIRONMENT"],
    [{ ENVIRONMENT: "prod" }, "ENVIRONMENT"],
    [{ DB_DRIVER: "mysql" }, "DB_DRIVER"],
    [{ DB: undefined }, "DB"],
    [{ RATE_LIMITER: undefined }, "RATE_LIMITER"],
    [{ JWT_ISSUER: "" }, "JWT_ISSUER"],
    [{ JWT_AUDIENCE: undefined }, "JWT_AUDIENCE"],
    [{ JWT_HS256_SECRET: "short" }, "JWT_HS256_SECRET"],
    [{ JWT_HS256_SECRET: undefined }, "JWT_HS256_SECRET"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ MAX_BODY_BYTES: "1MB" }, "MAX_BODY_BYTES"],
    [{ MAX_BODY_BYTES: "10" }, "MAX_BODY_BYTES"],
    [{ MAX_BODY_BYTES: "2000000", BULK_MAX_BODY_BYTES: "1500000" }, "BULK_MAX_BODY_BYTES"],
    [{ DB_DRIVER: "hyperdrive" }, "HYPERDRIVE"],
    [{ DB_DRIVER: "neon" }, "NEON_DATABASE_URL"],
    [{ DB_DRIVER: "neon", NEON_DATABASE_URL: "mysql://x" }, "NEON_DATABASE_URL"],
  ])("names the bad setting %j", (over, setting) => {
    expect(problems(dev(over))).toContain(setting);
  });

  it("error message names the setting and what is wrong", () => {
    expect(() => parseConfig(dev({ DB_DRIVER: "neon" }))).toThrow(
      /NEON_DATABASE_URL: is required when DB_DRIVER=neon/,
    );
  });

  it("hyperdrive and neon drivers build the repository options", () => {
    expect(
      parseConfig(dev({ DB_DRIVER: "hyperdrive", HYPERDRIVE: { connectionString: "postgres://h/db" } })).db,
    ).toEqual({
      driver: "hyperdrive",
      connectionString: "postgres://h/db",
    });
    expect(parseConfig(dev({ DB_DRIVER: "neon", NEON_DATABASE_URL: "postgresql://n/db" })).db).toEqual({
      driver: "neon",
      connectionString: "postgresql://n/db",
    });
  });

  it("production refuses the shared secret and requires an https JWKS URL", () => {
    const prod = dev({ ENVIRONMENT: "production" });
    expect(problems(prod)).toEqual(expect.arrayContaining(["JWT_HS256_SECRET", "JWT_JWKS_URL"]));
    expect(problems(dev({ ENVIRONMENT: "staging", JWT_HS256_SECRET: undefined }))).toEqual(["JWT_JWKS_URL"]);
    expect(
      problems(
        dev({ ENVIRONMENT: "production", JWT_HS256_SECRET: undefined, JWT_JWKS_URL: "http://idp/jwks" }),
      ),
    ).toEqual(["JWT_JWKS_URL"]);
    const ok = parseConfig(
      dev({
        ENVIRONMENT: "production",
        JWT_HS256_SECRET: undefined,
        JWT_JWKS_URL: "https://idp.example/jwks.json",
      }),
    );
    expect(ok.jwt).toMatchObject({ mode: "jwks", algorithms: ["RS256", "ES256"] });
  });

  it("reports every problem at once", () => {
    expect(problems({ ENVIRONMENT: "test", RATE_LIMITER: ns }).sort()).toEqual(
      expect.arrayContaining(["JWT_AUDIENCE", "JWT_ISSUER"]),
    );
  });

  it("loadConfig validates once per env object (errors cached too)", () => {
    const env = dev();
    expect(loadConfig(env)).toBe(loadConfig(env));
    expect(loadConfig(dev())).not.toBe(loadConfig(env));
    const bad = dev({ DB: undefined });
    const e1 = (() => {
      try {
        loadConfig(bad);
      } catch (e) {
        return e;
      }
    })();
    bad.DB = d1; // a later mutation does not change the verdict for this env object
    expect(() => loadConfig(bad)).toThrow(e1 as Error);
  });
});
