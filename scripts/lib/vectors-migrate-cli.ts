/** The pure parts of `pnpm vectors:migrate` (argument parsing, progress rendering), unit-tested. */

export const USAGE =
  "usage: pnpm vectors:migrate --from <store> --to <store> [--dealership ID] [--api URL] [--poll-ms N] [--timeout-s N]\n" +
  "  <store>: local, local:<index>, vectorize, pinecone or qdrant (as configured on the API and embedder)";

const STORE = /^(?:local(?::[A-Za-z0-9_-]{1,64})?|vectorize|pinecone|qdrant)$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface MigrateArgs {
  from: string;
  to: string;
  dealershipId: string | null;
  api: string;
  pollMs: number;
  timeoutS: number | null;
}

/** Parses argv (without node and the script); throws Error with a message fit for the terminal. */
export function parseMigrateArgs(argv: string[]): MigrateArgs {
  const values: Record<string, string> = {};
  const names = new Set(["from", "to", "dealership", "api", "poll-ms", "timeout-s"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !names.has(m[1]!)) throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith("--")) throw new Error(`--${m[1]} needs a value`);
    if (values[m[1]!] !== undefined) throw new Error(`--${m[1]} given twice`);
    values[m[1]!] = value;
  }
  const from = values.from;
  const to = values.to;
  if (!from || !to) throw new Error("--from and --to are required");
  for (const [flag, v] of [
    ["--from", from],
    ["--to", to],
  ] as const) {
    if (!STORE.test(v))
      throw new Error(`${flag} must be local, local:<index>, vectorize, pinecone or qdrant`);
  }
  if (from === to) throw new Error("--from and --to must differ");
  const dealershipId = values.dealership ?? null;
  if (dealershipId !== null && !ID.test(dealershipId))
    throw new Error("--dealership must be a dealership id");
  const api = (values.api ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
  try {
    const u = new URL(api);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
  } catch {
    throw new Error("--api must be an http(s) URL");
  }
  const int = (flag: string, raw: string | undefined, min: number, max: number, fallback: number | null) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
      throw new Error(`--${flag} must be a whole number from ${min} to ${max}`);
    return Number(raw);
  };
  return {
    from,
    to,
    dealershipId,
    api,
    pollMs: int("poll-ms", values["poll-ms"], 50, 60_000, 500) as number,
    timeoutS: int("timeout-s", values["timeout-s"], 1, 7 * 24 * 3600, null),
  };
}

export interface MigrationView {
  id: string;
  status: string;
  steps: number;
  progress: {
    phase?: string;
    copied?: number;
    expected?: number | null;
    namespacesDone?: number;
    namespaces?: number;
  } | null;
  lastError: string | null;
}

/** One line: `[#####.....]  45%  copied 450/1000  tenants 1/3  copy  step 12`. */
export function renderProgress(m: MigrationView, width = 30): string {
  const p = m.progress ?? {};
  const copied = p.copied ?? 0;
  const expected = p.expected ?? null;
  let fraction: number | null = null;
  if (m.status === "succeeded" || m.status === "failed") fraction = 1;
  else if (expected !== null && expected > 0) fraction = Math.min(1, copied / expected);
  else if (p.namespaces) fraction = (p.namespacesDone ?? 0) / p.namespaces;
  const filled = fraction === null ? 0 : Math.floor(fraction * width);
  const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
  const pct = fraction === null ? "  ?%" : `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const parts = [
    bar,
    pct,
    `copied ${copied}${expected !== null ? `/${expected}` : ""}`,
    ...(p.namespaces ? [`tenants ${p.namespacesDone ?? 0}/${p.namespaces}`] : []),
    p.phase ?? m.status,
    `step ${m.steps}`,
  ];
  if (m.lastError) parts.push(`(retrying: ${m.lastError.slice(0, 80)})`);
  return parts.join("  ");
}
