import { readFileSync } from "node:fs";
import { DEFAULT_THRESHOLDS, METRICS } from "@forecourt/observability";
import { describe, expect, it } from "vitest";

const doc = readFileSync(new URL("../../../docs/operations.md", import.meta.url), "utf8");
const configSource = readFileSync(
  new URL("../../../packages/observability/src/config.ts", import.meta.url),
  "utf8",
);

describe("docs/operations.md stays in step with the code", () => {
  it("lists every metric with its type and labels", () => {
    for (const d of Object.values(METRICS)) {
      // Table rows, however the formatter pads them: | `name` | type | labels | help |
      const cells = doc
        .split("\n")
        .map((l) => l.split("|").map((c) => c.trim()))
        .find((c) => c[1] === `\`${d.name}\``);
      expect(cells, d.name).toBeDefined();
      expect(cells![2]).toBe(d.type);
      for (const l of d.labels) expect(cells![3], `${d.name} label ${l}`).toContain(`\`${l}\``);
    }
  });

  it("documents every ALERT_*/METRICS_* setting the code reads, every rule, and a Prometheus scrape config", () => {
    const settings = new Set(
      [...configSource.matchAll(/\b((?:ALERT|METRICS)_[A-Z0-9_]+)\??:/g)].map((m) => m[1]!),
    );
    expect(settings.size).toBeGreaterThan(15);
    for (const s of settings) expect(doc, s).toContain(s);
    for (const rule of [
      "error_rate",
      "p95_latency",
      "dead_letters",
      "scrape_failure_rate",
      "queue_age",
      "llm_budget_burn",
      "schedule_missed",
    ])
      expect(doc, rule).toContain(`**\`${rule}`);
    expect(doc).toMatch(
      /scrape_configs:\n\s+- job_name: forecourt-production\n\s+scheme: https\n\s+metrics_path: \/metrics/,
    );
    expect(doc).toContain("credentials_file:");
    expect(doc).toContain(`> 5 %`);
    expect(DEFAULT_THRESHOLDS.errorRate).toBe(0.05);
  });
});
