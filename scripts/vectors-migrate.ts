/**
 * `pnpm vectors:migrate --from qdrant --to vectorize [--dealership ID] [--api URL]`: copies one tenant's
 * vectors (or every tenant's) from one configured store to another, through the API
 * (`POST /v1/ops/vector-migrations`, operators only) with a development operator token: the embedder Worker
 * does the copying, one step per queue message, with its checkpoint in the database. Running the same
 * command again RESUMES an unfinished migration (after a crash, a stopped terminal, a dead-lettered step).
 * Shows a progress bar, prints the verification result (counts and a sample of vectors compared), and exits:
 *   0 verified; 1 verification failed; 2 bad arguments or the API refused; 3 gave up waiting (--timeout-s).
 * The source store is only read: nothing is ever deleted from it.
 */
import { ApiError, apiClient } from "./lib/api-client";
import { mintDevToken } from "./lib/dev-token";
import { type MigrationView, parseMigrateArgs, renderProgress, USAGE } from "./lib/vectors-migrate-cli";

interface Migration extends MigrationView {
  source: string;
  target: string;
  dealershipId: string | null;
  verification: { ok: boolean; namespaces?: Record<string, unknown>[] } | null;
}

let args: ReturnType<typeof parseMigrateArgs>;
try {
  args = parseMigrateArgs(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  console.error(USAGE);
  process.exit(2);
}

const token = await mintDevToken({
  role: "platform_admin",
  subject: "vectors-migrate-cli",
  ttlSeconds: 24 * 3600,
});
const call = apiClient(args.api, { token });
const tty = process.stderr.isTTY === true;

let migration: Migration;
try {
  const started = await call<{ migration: Migration; created: boolean }>(
    "POST",
    "/v1/ops/vector-migrations",
    {
      from: args.from,
      to: args.to,
      ...(args.dealershipId ? { dealershipId: args.dealershipId } : {}),
    },
  );
  migration = started.migration;
  console.error(
    `${started.created ? "started" : "resuming"} migration ${migration.id}: ${migration.source} -> ${migration.target} (${migration.dealershipId ?? "all tenants"})`,
  );
} catch (err) {
  if (err instanceof ApiError) {
    console.error(`the API refused: ${err.message}`);
    const details = (err.body as { error?: { details?: { path?: unknown[]; message?: string }[] } })?.error
      ?.details;
    for (const d of Array.isArray(details) ? details : [])
      console.error(`  ${(d.path ?? []).join(".")}: ${d.message}`);
  } else console.error(`cannot reach ${args.api}: ${(err as Error).message}`);
  process.exit(2);
}

process.on("SIGINT", () => {
  if (tty) process.stderr.write("\n");
  console.error(
    `stopped watching; migration ${migration.id} continues in the embedder (run the same command to follow it)`,
  );
  process.exit(130);
});

const deadline = args.timeoutS === null ? Number.POSITIVE_INFINITY : Date.now() + args.timeoutS * 1000;
let lastLine = "";
for (;;) {
  const line = renderProgress(migration);
  if (tty) process.stderr.write(`\r${line.padEnd(lastLine.length)}`);
  else if (line !== lastLine) console.error(line);
  lastLine = line;
  if (migration.status === "succeeded" || migration.status === "failed") break;
  if (Date.now() > deadline) {
    if (tty) process.stderr.write("\n");
    console.error(
      `gave up waiting after ${args.timeoutS}s; the migration continues (run the same command to follow it)`,
    );
    process.exit(3);
  }
  await new Promise((r) => setTimeout(r, args.pollMs));
  try {
    migration = (await call<{ migration: Migration }>("GET", `/v1/ops/vector-migrations/${migration.id}`))
      .migration;
  } catch (err) {
    // A blip of the API does not stop the watch; the migration runs in the embedder regardless.
    if (!(err instanceof ApiError) || err.status >= 500) continue;
    console.error(`\nthe API refused: ${err.message}`);
    process.exit(2);
  }
}
if (tty) process.stderr.write("\n");
console.log(
  JSON.stringify(
    { id: migration.id, status: migration.status, verification: migration.verification },
    null,
    2,
  ),
);
if (migration.status !== "succeeded" || !migration.verification?.ok) {
  console.error(
    "verification FAILED: the target does not match the source (see above); the source was not modified",
  );
  process.exit(1);
}
console.error("verified: counts and sampled vectors match");
