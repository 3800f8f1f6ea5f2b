import { inject } from "vitest";
import { createRepositories } from "../../packages/db/src/index";
import { runRepositoryConformance } from "./repository-suite";

// Postgres through Neon's serverless driver (WebSockets), reaching the local test database through the
// WebSocket-to-TCP proxy started by test/support/postgres-global-setup.ts.
const pg = inject("forecourtPg");

runRepositoryConformance(
  "Postgres via Neon serverless driver",
  async () => createRepositories({ driver: "neon", connectionString: pg.url, wsProxy: pg.wsProxy }),
  { skipReason: pg.available ? undefined : pg.reason },
);
