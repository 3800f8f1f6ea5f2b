import type { AlertChannel, AlertCondition, AlertNotification, AlertStateEntry } from "./types";

/** Persistence of the alert bookkeeping (a Durable Object in the Workers, memory in tests). */
export interface AlertStateStore {
  load(): Promise<Record<string, AlertStateEntry>>;
  save(state: Record<string, AlertStateEntry>): Promise<void>;
}

export class MemoryAlertStateStore implements AlertStateStore {
  state: Record<string, AlertStateEntry> = {};
  async load() {
    return structuredClone(this.state);
  }
  async save(state: Record<string, AlertStateEntry>) {
    this.state = structuredClone(state);
  }
}

export interface DeliveryResult {
  key: string;
  channel: string;
  status: "firing" | "resolved";
  ok: boolean;
  error?: string;
}

export interface EngineResult {
  firing: string[];
  deliveries: DeliveryResult[];
}

/**
 * Turns this tick's conditions into notifications, exactly once per change:
 * - a condition that starts firing notifies every channel ("firing");
 * - one that keeps firing notifies nobody again (deduplicated by its key);
 * - one that stops firing sends "resolved" to the channels that were told it fired;
 * - a rule with no data this tick (absent from `conditions`) keeps its state: no resolve on silence;
 * - a channel that failed is retried on the next tick (delivery is tracked per channel), and the
 *   others are not re-notified.
 * An alert that fired and cleared before any channel heard of it sends nothing.
 */
export async function runAlertEngine(opts: {
  conditions: AlertCondition[];
  channels: AlertChannel[];
  store: AlertStateStore;
  now: Date;
  source: string;
}): Promise<EngineResult> {
  const state = await opts.store.load();
  const nowIso = opts.now.toISOString();
  for (const c of opts.conditions) {
    const have = state[c.key];
    if (c.firing) {
      if (!have || have.status === "resolved") {
        state[c.key] = {
          rule: c.rule,
          severity: c.severity,
          status: "firing",
          since: nowIso,
          summary: c.summary,
          details: c.details,
          delivered: have?.delivered ?? {},
        };
      } else {
        have.summary = c.summary;
        have.details = c.details;
      }
    } else if (have && have.status === "firing") {
      have.status = "resolved";
      have.summary = c.summary;
      have.details = { ...have.details, ...c.details, resolvedAt: nowIso };
    }
  }

  const deliveries: DeliveryResult[] = [];
  for (const [key, entry] of Object.entries(state)) {
    const wanted = entry.status;
    for (const ch of opts.channels) {
      const told = entry.delivered[ch.name];
      if (told === wanted) continue;
      if (wanted === "resolved" && told === undefined) continue; // never told it fired: nothing to resolve
      const n: AlertNotification = {
        key,
        rule: entry.rule,
        severity: entry.severity,
        status: wanted,
        summary: entry.summary,
        details: entry.details,
        startsAt: entry.since,
        endsAt: wanted === "resolved" ? nowIso : null,
        source: opts.source,
      };
      try {
        await ch.send(n);
        entry.delivered[ch.name] = wanted;
        deliveries.push({ key, channel: ch.name, status: wanted, ok: true });
      } catch (err) {
        deliveries.push({
          key,
          channel: ch.name,
          status: wanted,
          ok: false,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    // Forget resolved alerts once every channel that heard of them heard the resolve.
    if (entry.status === "resolved" && opts.channels.every((ch) => entry.delivered[ch.name] !== "firing")) {
      delete state[key];
    }
  }
  await opts.store.save(state);
  return {
    firing: Object.entries(state)
      .filter(([, e]) => e.status === "firing")
      .map(([k]) => k),
    deliveries,
  };
}
