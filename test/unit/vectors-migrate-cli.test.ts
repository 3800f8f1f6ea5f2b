import { describe, expect, it } from "vitest";
import { parseMigrateArgs, renderProgress } from "../../scripts/lib/vectors-migrate-cli";

describe("pnpm vectors:migrate arguments", () => {
  it("parses the documented forms", () => {
    expect(parseMigrateArgs(["--from", "qdrant", "--to", "vectorize"])).toEqual({
      from: "qdrant",
      to: "vectorize",
      dealershipId: null,
      api: "http://127.0.0.1:8787",
      pollMs: 500,
      timeoutS: null,
    });
    expect(
      parseMigrateArgs([
        "--from=local",
        "--to=local:shadow",
        "--dealership",
        "dlr_01abc",
        "--api",
        "https://api.example/",
        "--timeout-s",
        "60",
      ]),
    ).toMatchObject({
      to: "local:shadow",
      dealershipId: "dlr_01abc",
      api: "https://api.example",
      timeoutS: 60,
    });
  });

  it.each([
    [[], /--from and --to are required/],
    [["--from", "qdrant"], /required/],
    [["--from", "qdrant", "--to", "qdrant"], /must differ/],
    [["--from", "chroma", "--to", "local"], /--from must be/],
    [["--from", "local", "--to", "local:../x"], /--to must be/],
    [["--from", "local", "--to", "qdrant", "--dealership", "a b"], /dealership id/],
    [["--from", "local", "--to", "qdrant", "--api", "ftp://x"], /http/],
    [["--from", "local", "--to", "qdrant", "--poll-ms", "1"], /poll-ms/],
    [["--from", "local", "--to", "qdrant", "--force"], /unknown argument/],
    [["--from", "local", "--to"], /needs a value/],
    [["--from", "local", "--from", "qdrant", "--to", "vectorize"], /twice/],
    [["positional"], /unknown argument/],
  ])("%j is refused", (argv, message) => {
    expect(() => parseMigrateArgs(argv as string[])).toThrow(message);
  });
});

describe("progress bar", () => {
  const base = { id: "vmig_1", status: "running", steps: 3, lastError: null };
  it("shows the fraction copied when the source can count", () => {
    const line = renderProgress(
      { ...base, progress: { phase: "copy", copied: 450, expected: 1000, namespaces: 3, namespacesDone: 1 } },
      10,
    );
    expect(line).toBe("[####......]   45%  copied 450/1000  tenants 1/3  copy  step 3");
  });
  it("falls back to tenants done, then to unknown, and is full when finished", () => {
    expect(
      renderProgress(
        { ...base, progress: { phase: "copy", copied: 7, expected: null, namespaces: 4, namespacesDone: 2 } },
        4,
      ),
    ).toMatch(/^\[##\.\.\]\s+50% {2}copied 7 {2}tenants 2\/4/);
    expect(renderProgress({ ...base, progress: null }, 4)).toMatch(
      /^\[\.\.\.\.\]\s+\?% {2}copied 0 {2}running/,
    );
    expect(
      renderProgress(
        { ...base, status: "succeeded", progress: { phase: "done", copied: 9, expected: 9 } },
        4,
      ),
    ).toMatch(/^\[####\] {2}100%/);
    expect(renderProgress({ ...base, lastError: "qdrant unavailable", progress: null })).toContain(
      "(retrying: qdrant unavailable)",
    );
  });
});
