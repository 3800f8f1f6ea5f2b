import { useState } from "react";
import { ApiProblem, type Dealership } from "../api/client";
import { Field, fieldErrors } from "./Field";
import { ErrorPanel } from "./States";

export interface DealershipValues {
  name: string;
  websiteUrl: string;
  timezone: string;
  scrapeSchedule: { enabled: boolean; cron: string };
  status?: Dealership["status"];
  rateLimits?: Dealership["rateLimits"];
}

const DEFAULTS: DealershipValues = {
  name: "",
  websiteUrl: "https://",
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "America/New_York",
  scrapeSchedule: { enabled: true, cron: "0 3 * * *" },
  status: "active",
  rateLimits: { public: { limit: 600, windowSeconds: 60 }, staff: { limit: 1200, windowSeconds: 60 } },
};

/** Onboarding and settings form: name, website, timezone, schedule; status and limits for operators. */
export function DealershipForm({
  initial,
  operator,
  submitLabel,
  onSubmit,
}: {
  initial?: Dealership;
  operator: boolean;
  submitLabel: string;
  onSubmit: (values: DealershipValues) => Promise<unknown>;
}) {
  const [v, setV] = useState<DealershipValues>(
    initial
      ? {
          name: initial.name,
          websiteUrl: initial.websiteUrl,
          timezone: initial.timezone,
          scrapeSchedule: initial.scrapeSchedule,
          status: initial.status,
          rateLimits: initial.rateLimits,
        }
      : DEFAULTS,
  );
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errs = error instanceof ApiProblem ? fieldErrors(error.details) : {};
  const set = (patch: Partial<DealershipValues>) => {
    setSaved(false);
    setV((old) => ({ ...old, ...patch }));
  };
  const setLimit = (cls: "public" | "staff", key: "limit" | "windowSeconds", n: number) =>
    set({ rateLimits: { ...v.rateLimits!, [cls]: { ...v.rateLimits![cls], [key]: n } } });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { status, rateLimits, ...rest } = v;
      await onSubmit(operator ? { ...rest, status, rateLimits } : rest);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="form-grid" noValidate>
      <Field label="Name" error={errs.name}>
        {(p) => <input {...p} required value={v.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field
        label="Website"
        hint="The dealership's own site; its inventory pages are scraped."
        error={errs.websiteUrl}
      >
        {(p) => (
          <input
            {...p}
            type="url"
            required
            value={v.websiteUrl}
            onChange={(e) => set({ websiteUrl: e.target.value })}
          />
        )}
      </Field>
      <Field
        label="Timezone"
        hint="IANA name, e.g. America/Chicago; the schedule runs in it."
        error={errs.timezone}
      >
        {(p) => <input {...p} value={v.timezone} onChange={(e) => set({ timezone: e.target.value })} />}
      </Field>
      <fieldset>
        <legend>Scrape schedule</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={v.scrapeSchedule.enabled}
            onChange={(e) => set({ scrapeSchedule: { ...v.scrapeSchedule, enabled: e.target.checked } })}
          />{" "}
          Scrape on a schedule
        </label>
        <Field
          label="Cron"
          hint="Five fields, in the dealership's timezone (0 3 * * * = 03:00 daily)."
          error={errs["scrapeSchedule.cron"]}
        >
          {(p) => (
            <input
              {...p}
              value={v.scrapeSchedule.cron}
              onChange={(e) => set({ scrapeSchedule: { ...v.scrapeSchedule, cron: e.target.value } })}
            />
          )}
        </Field>
      </fieldset>
      {operator && (
        <fieldset>
          <legend>Operator settings</legend>
          <Field label="Status" error={errs.status}>
            {(p) => (
              <select
                {...p}
                value={v.status}
                onChange={(e) => set({ status: e.target.value as Dealership["status"] })}
              >
                <option value="onboarding">Onboarding</option>
                <option value="active">Active</option>
                <option value="paused">Paused</option>
                <option value="disabled">Disabled</option>
              </select>
            )}
          </Field>
          {(["public", "staff"] as const).map((cls) => (
            <div key={cls} className="pair">
              <Field
                label={`${cls === "public" ? "Public (API key)" : "Staff (JWT)"} requests`}
                error={errs[`rateLimits.${cls}.limit`]}
              >
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={1}
                    value={v.rateLimits![cls].limit}
                    onChange={(e) => setLimit(cls, "limit", Number(e.target.value))}
                  />
                )}
              </Field>
              <Field label="per seconds" error={errs[`rateLimits.${cls}.windowSeconds`]}>
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    min={1}
                    value={v.rateLimits![cls].windowSeconds}
                    onChange={(e) => setLimit(cls, "windowSeconds", Number(e.target.value))}
                  />
                )}
              </Field>
            </div>
          ))}
        </fieldset>
      )}
      {error != null && <ErrorPanel error={error} title="Not saved" />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
        {saved && (
          <span role="status" className="ok-text">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
