export type AlertSeverity = "critical" | "error" | "warning" | "info";

export type AlertRuleName =
  | "error_rate"
  | "p95_latency"
  | "dead_letters"
  | "scrape_failure_rate"
  | "queue_age"
  | "llm_budget_burn"
  | "schedule_missed";

/** One evaluated condition. `key` identifies the alert instance (rule + subject) for dedup. */
export interface AlertCondition {
  key: string;
  rule: AlertRuleName;
  severity: AlertSeverity;
  firing: boolean;
  summary: string;
  details: Record<string, unknown>;
}

/** An alert as notified to a channel. */
export interface AlertNotification {
  key: string;
  rule: AlertRuleName;
  severity: AlertSeverity;
  status: "firing" | "resolved";
  summary: string;
  details: Record<string, unknown>;
  startsAt: string;
  endsAt: string | null;
  /** Where it came from (environment / worker), e.g. forecourt-production. */
  source: string;
}

/** What the engine remembers per alert between ticks. */
export interface AlertStateEntry {
  rule: AlertRuleName;
  severity: AlertSeverity;
  status: "firing" | "resolved";
  since: string;
  summary: string;
  details: Record<string, unknown>;
  /** Per channel: the last status delivered successfully. */
  delivered: Record<string, "firing" | "resolved">;
}

export interface AlertChannel {
  /** Stable id used in the delivery bookkeeping (e.g. "slack", "pagerduty", "webhook", "email"). */
  readonly name: string;
  send(n: AlertNotification): Promise<void>;
}
