/**
 * Fault plans for the local vendor servers and the Workers AI stand-in. A client picks a plan through its
 * base URL: `<server>/s/<scenario>/<steps>/v1` (OpenAI) or `<server>/s/<scenario>/<steps>` (Anthropic), where
 * steps is a comma list applied to the scenario's 1st, 2nd, ... request (the last step repeats):
 *   ok        normal answer
 *   429       rate limited, Retry-After: 1 (429long: Retry-After: 120)
 *   500       server error
 *   503/529   overloaded (OpenAI 503, Anthropic 529 overloaded_error)
 *   401/400   authentication / invalid request
 *   hang      never answers (until the client gives up)
 *   garbage   200 with an unreadable body (non-JSON, or malformed SSE)
 *   drop      stream: half the events, then the connection is cut (non-stream: cut mid-body)
 *   errorevent  stream: half the events, then the vendor's in-stream error event (overloaded)
 *   slow      stream: 40 ms between events
 */
export const FAULT_STEPS = [
  "ok",
  "429",
  "429long",
  "500",
  "503",
  "529",
  "401",
  "400",
  "hang",
  "garbage",
  "drop",
  "errorevent",
  "slow",
] as const;
export type FaultStep = (typeof FAULT_STEPS)[number];

export interface ScenarioStats {
  count: number;
  requests: { path: string; body: unknown; step: FaultStep }[];
  /** What the server reported as usage, per answered request. */
  usage: { inputTokens: number; outputTokens: number }[];
}

export class FaultPlans {
  readonly #scenarios = new Map<string, ScenarioStats>();

  /** Splits `/s/<scenario>/<steps>/rest` into its parts (no prefix: scenario "" and step ok). */
  route(pathname: string): { scenario: string; steps: FaultStep[]; rest: string } {
    const m = /^\/s\/([A-Za-z0-9_-]+)\/([a-z0-9,]+)(\/.*)?$/.exec(pathname);
    if (!m) return { scenario: "", steps: ["ok"], rest: pathname };
    const steps = m[2]!.split(",").map((s) => {
      if (!(FAULT_STEPS as readonly string[]).includes(s)) throw new Error(`unknown fault step ${s}`);
      return s as FaultStep;
    });
    return { scenario: m[1]!, steps, rest: m[3] ?? "/" };
  }

  /** Counts the request and returns the step that applies to it. */
  next(scenario: string, steps: FaultStep[], path: string, body: unknown): FaultStep {
    const s = this.stats(scenario);
    const step = steps[Math.min(s.count, steps.length - 1)]!;
    s.count++;
    s.requests.push({ path, body, step });
    return step;
  }

  stats(scenario: string): ScenarioStats {
    let s = this.#scenarios.get(scenario);
    if (!s) {
      s = { count: 0, requests: [], usage: [] };
      this.#scenarios.set(scenario, s);
    }
    return s;
  }
}

/** Words of an answer as stream deltas (each word with its following whitespace). */
export function deltas(text: string): string[] {
  return [...text.matchAll(/\S+\s*/g)].map((m) => m[0]);
}

/** The servers' own token counting (deliberately NOT the client's chars/4, so tests can tell them apart). */
export function serverInputTokens(texts: string[]): number {
  return texts.reduce((n, t) => n + Math.ceil(t.length / 3) + 3, 0);
}
