import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseAiSettings, parseConfig } from "../../../packages/config/src/index";
import { parseTelemetrySettings } from "../../../packages/telemetry/src/settings";
import { parseEmbedderConfig } from "../../../workers/embedder/src/config";
import { parseScraperConfig } from "../../../workers/scraper/src/config";

/**
 * The deploy configuration, checked the way a deploy would use it: each Worker's wrangler.toml, for each
 * environment (dev = top level, staging, production), turned into the env the runtime would hand the
 * Worker (vars as strings, a stand-in of the right shape per declared binding, the environment's required
 * secrets), then validated by the Worker's REAL config loader. A missing binding or var fails here, not
 * on the first request after a deploy. Plus the cross-Worker invariants (shared queues, Durable Objects
 * hosted by the API, same database and index per environment).
 */

type Toml = Record<string, any>;
const ROOT = new URL("../../../", import.meta.url);
const read = (path: string): Toml => parse(readFileSync(new URL(path, ROOT), "utf8")) as Toml;
const DEPLOY_DOC = readFileSync(new URL("docs/deploy.md", ROOT), "utf8");

const WORKERS = {
  api: read("wrangler.toml"),
  scraper: read("workers/scraper/wrangler.toml"),
  embedder: read("workers/embedder/wrangler.toml"),
} as const;
type WorkerName = keyof typeof WORKERS;
const ENVS = ["dev", "staging", "production"] as const;
type EnvName = (typeof ENVS)[number];

/** The configuration wrangler deploys for `env` (vars and bindings are not inherited; migrations and triggers are). */
function section(worker: WorkerName, env: EnvName): Toml {
  const top = WORKERS[worker];
  if (env === "dev") return top;
  const own = top.env?.[env];
  if (!own) throw new Error(`${worker}: no [env.${env}] section`);
  return { ...own, migrations: own.migrations ?? top.migrations, triggers: own.triggers ?? top.triggers };
}

const fn = () => undefined;
const STAND_INS = {
  d1: () => ({ prepare: fn, batch: fn, exec: fn, dump: fn }),
  hyperdrive: () => ({ connectionString: "postgres://forecourt:secret@db.internal:5432/forecourt" }),
  durableObject: () => ({ idFromName: fn, idFromString: fn, newUniqueId: fn, get: fn }),
  queue: () => ({ send: fn, sendBatch: fn }),
  vectorize: () => ({ query: fn, insert: fn, upsert: fn, deleteByIds: fn, getByIds: fn, describe: fn }),
  ai: () => ({ run: fn }),
  analyticsEngine: () => ({ writeDataPoint: fn }),
};

/** Binding name → kind, as declared in a section. */
function bindingsOf(s: Toml): Record<string, keyof typeof STAND_INS> {
  const out: Record<string, keyof typeof STAND_INS> = {};
  for (const d of s.d1_databases ?? []) out[d.binding] = "d1";
  for (const h of s.hyperdrive ?? []) out[h.binding] = "hyperdrive";
  for (const d of s.durable_objects?.bindings ?? []) out[d.name] = "durableObject";
  for (const q of s.queues?.producers ?? []) out[q.binding] = "queue";
  for (const v of s.vectorize ?? []) out[v.binding] = "vectorize";
  if (s.ai?.binding) out[s.ai.binding] = "ai";
  for (const a of s.analytics_engine_datasets ?? []) out[a.binding] = "analyticsEngine";
  return out;
}

/** The env a Worker receives: vars, binding stand-ins and (placeholder values of) the required secrets. */
function runtimeEnv(s: Toml, omit?: string): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.vars ?? {})) env[k] = String(v);
  for (const [name, kind] of Object.entries(bindingsOf(s))) env[name] = STAND_INS[kind]();
  for (const name of s.secrets?.required ?? [])
    env[name] = `placeholder-${name.toLowerCase()}-0123456789abcdef`;
  if (omit) delete env[omit];
  return env;
}

/** Each Worker's real loaders; they throw (naming the setting) on anything missing or bad. */
const LOADERS: Record<WorkerName, (env: Record<string, unknown>) => void> = {
  api: (env) => {
    const config = parseConfig(env as never);
    const ai = parseAiSettings(env as never, config.environment);
    if (ai.problems.length > 0) throw new Error(JSON.stringify(ai.problems));
  },
  scraper: (env) => void parseScraperConfig(env as never),
  embedder: (env) => void parseEmbedderConfig(env as never),
};

const SERVICE: Record<WorkerName, string> = {
  api: "forecourt-api",
  scraper: "forecourt-scraper",
  embedder: "forecourt-embedder",
};
const expectedName = (w: WorkerName, env: EnvName) => (env === "dev" ? SERVICE[w] : `${SERVICE[w]}-${env}`);
const ENVIRONMENT: Record<EnvName, string> = {
  dev: "development",
  staging: "staging",
  production: "production",
};

describe("deploy configuration: every environment of every Worker passes its config loader", () => {
  for (const worker of Object.keys(WORKERS) as WorkerName[])
    for (const env of ENVS) {
      it(`${worker} / ${env}`, () => {
        const s = section(worker, env);
        expect(s.name).toBe(expectedName(worker, env));
        expect(s.vars?.ENVIRONMENT).toBe(ENVIRONMENT[env]);
        expect(WORKERS[worker].compatibility_date).toBe("2026-04-01");
        expect(() => LOADERS[worker](runtimeEnv(s))).not.toThrow();
        const telemetry = parseTelemetrySettings(
          {
            ...(runtimeEnv(s) as object),
            SENTRY_DSN: "https://0123456789abcdef@o1.ingest.sentry.io/42",
            OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com",
            OTEL_EXPORTER_OTLP_HEADERS: "x-api-key=abc%3D",
          },
          SERVICE[worker],
        );
        expect(telemetry.problems).toEqual([]);
      });
    }

  it("the loaders notice a missing binding: every essential binding of a deployed environment is required", () => {
    const essential: Record<WorkerName, string[]> = {
      api: [
        "HYPERDRIVE",
        "RATE_LIMITER",
        "VECTORIZE",
        "AI",
        "ANTHROPIC_API_KEY",
        "OPENAI_API_KEY",
        "JWT_JWKS_URL",
      ],
      scraper: ["HYPERDRIVE", "SCRAPE_JOBS"],
      embedder: ["HYPERDRIVE", "EMBED_JOBS", "VECTORIZE", "AI", "ANTHROPIC_API_KEY", "OPENAI_API_KEY"],
    };
    for (const worker of Object.keys(WORKERS) as WorkerName[])
      for (const env of ["staging", "production"] as const)
        for (const name of essential[worker]) {
          expect(
            () => LOADERS[worker](runtimeEnv(section(worker, env), name)),
            `${worker}/${env} without ${name}`,
          ).toThrow();
        }
  });

  it("deployed environments declare every binding the dev configuration has (or its deployed replacement)", () => {
    for (const worker of Object.keys(WORKERS) as WorkerName[]) {
      const dev = Object.keys(bindingsOf(section(worker, "dev")));
      for (const env of ["staging", "production"] as const) {
        const s = section(worker, env);
        const declared = bindingsOf(s);
        for (const name of dev) {
          // Postgres through Hyperdrive replaces D1 when DB_DRIVER=hyperdrive.
          if (name === "DB" && s.vars.DB_DRIVER === "hyperdrive") {
            expect(declared.HYPERDRIVE, `${worker}/${env} HYPERDRIVE`).toBe("hyperdrive");
            continue;
          }
          expect(declared[name], `${worker}/${env} lacks binding ${name}`).toBeDefined();
        }
        if (s.vars.VECTOR_STORE === "vectorize") expect(declared.VECTORIZE).toBe("vectorize");
        if (String(s.vars.LLM_CHAT_PROVIDERS ?? "").includes("workers-ai")) expect(declared.AI).toBe("ai");
      }
    }
  });

  it("Durable Objects are hosted by the API of the same environment and every class has a migration", () => {
    for (const env of ENVS) {
      const api = section("api", env);
      const classes = new Set(
        (api.migrations ?? []).flatMap((m: Toml) => [
          ...(m.new_sqlite_classes ?? []),
          ...(m.new_classes ?? []),
        ]),
      );
      for (const b of api.durable_objects?.bindings ?? []) {
        expect(b.script_name, `api/${env} ${b.name} is its own`).toBeUndefined();
        expect(classes.has(b.class_name), `migration for ${b.class_name}`).toBe(true);
      }
      for (const worker of ["scraper", "embedder"] as const)
        for (const b of section(worker, env).durable_objects?.bindings ?? []) {
          expect(b.script_name, `${worker}/${env} ${b.name}`).toBe(api.name);
          expect(classes.has(b.class_name), `${b.class_name} is a class of the API`).toBe(true);
        }
    }
  });

  it("queues line up per environment: every produced queue has a consumer with a consumed dead-letter queue", () => {
    for (const env of ENVS) {
      const consumers = new Map<string, Toml>();
      for (const worker of ["scraper", "embedder"] as const)
        for (const c of section(worker, env).queues?.consumers ?? []) consumers.set(c.queue, c);
      for (const worker of Object.keys(WORKERS) as WorkerName[])
        for (const p of section(worker, env).queues?.producers ?? []) {
          const consumer = consumers.get(p.queue);
          expect(consumer, `${worker}/${env} produces to ${p.queue}, which nobody consumes`).toBeDefined();
          expect(consumer?.dead_letter_queue, `${p.queue} has a DLQ`).toMatch(/-dlq$/);
          expect(
            consumers.has(consumer?.dead_letter_queue),
            `${consumer?.dead_letter_queue} is consumed`,
          ).toBe(true);
        }
      // The same queue name for the same binding in every Worker of this environment.
      const byBinding = new Map<string, Set<string>>();
      for (const worker of Object.keys(WORKERS) as WorkerName[])
        for (const p of section(worker, env).queues?.producers ?? [])
          byBinding.set(p.binding, (byBinding.get(p.binding) ?? new Set()).add(p.queue));
      for (const [binding, names] of byBinding) expect([...names], `${env} ${binding}`).toHaveLength(1);
    }
    // Deployed environments never share a queue.
    const queuesOf = (env: EnvName) =>
      new Set((section("scraper", env).queues?.consumers ?? []).map((c: Toml) => c.queue as string));
    for (const q of queuesOf("staging")) expect(queuesOf("production").has(q)).toBe(false);
  });

  it("the Workers of one environment share one database and one vector index; the scraper has its cron everywhere", () => {
    for (const env of ENVS) {
      const ids = new Set<string>();
      const indexes = new Set<string>();
      for (const worker of Object.keys(WORKERS) as WorkerName[]) {
        const s = section(worker, env);
        for (const h of s.hyperdrive ?? []) ids.add(`hyperdrive:${h.id}`);
        for (const d of s.d1_databases ?? []) ids.add(`d1:${d.database_id}`);
        for (const v of s.vectorize ?? []) indexes.add(v.index_name);
      }
      expect([...ids], `${env} database`).toHaveLength(1);
      expect(indexes.size, `${env} vector index`).toBeLessThanOrEqual(1);
      expect(section("scraper", env).triggers?.crons?.length, `${env} scraper cron`).toBeGreaterThan(0);
      expect(
        section("api", env).triggers?.crons ?? [],
        `${env}: the API has no cron (the scraper's runs)`,
      ).toEqual([]);
    }
  });

  it("every required secret, binding kind and Vectorize metadata index is covered by docs/deploy.md", () => {
    for (const worker of Object.keys(WORKERS) as WorkerName[])
      for (const env of ["staging", "production"] as const)
        for (const name of section(worker, env).secrets?.required ?? [])
          expect(DEPLOY_DOC, `docs/deploy.md explains ${name}`).toContain(`wrangler secret put ${name}`);
    for (const field of [
      "year",
      "make",
      "model",
      "bodyStyle",
      "price",
      "mileage",
      "drivetrain",
      "fuelType",
      "colorFamily",
      "condition",
    ])
      expect(DEPLOY_DOC).toMatch(new RegExp(`create-metadata-index \\S+ --property-name=${field} `));
    for (const cmd of [
      "wrangler d1 create",
      "wrangler hyperdrive create",
      "wrangler queues create",
      "wrangler vectorize create",
      "wrangler rollback",
      "pnpm db:migrate:pg",
      "wrangler d1 migrations apply",
    ])
      expect(DEPLOY_DOC, cmd).toContain(cmd);
  });

  it("no secret value is committed in a deployed environment's vars", () => {
    const SECRETISH = /(SECRET|TOKEN|PASSWORD|API_KEY|DSN|HEADERS)$/;
    for (const worker of Object.keys(WORKERS) as WorkerName[])
      for (const env of ["staging", "production"] as const)
        for (const k of Object.keys(section(worker, env).vars ?? {}))
          expect(SECRETISH.test(k), `${worker}/${env} var ${k} looks like a secret`).toBe(false);
  });
});
