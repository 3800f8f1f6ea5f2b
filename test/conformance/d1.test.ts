import { env } from "cloudflare:workers";
import { createRepositories } from "../../packages/db/src/index";
import { runRepositoryConformance } from "./repository-suite";

// D1 in workerd (the `workers` project): migrations are applied by test/support/apply-d1-migrations.ts.
const { DB } = env as unknown as { DB: D1Database };

runRepositoryConformance("D1", async () => createRepositories({ driver: "d1", d1: DB }));
