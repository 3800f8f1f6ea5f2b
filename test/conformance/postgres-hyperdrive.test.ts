import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { createRepositories } from "../../packages/db/src/index";
import { runRepositoryConformance } from "./repository-suite";

// Postgres through the Hyperdrive binding (miniflare's local Hyperdrive: a plain TCP connection to the
// per-run test database made by test/support/postgres-global-setup.ts), with pg under nodejs_compat.
const pg = inject("forecourtPg");
const { HYPERDRIVE } = env as unknown as { HYPERDRIVE: Hyperdrive };

runRepositoryConformance(
  "Postgres via Hyperdrive",
  async () => createRepositories({ driver: "hyperdrive", connectionString: HYPERDRIVE.connectionString }),
  { skipReason: pg.available ? undefined : pg.reason },
);
