import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type uPlot from "uplot";
import { ApiProblem, api, type Schemas, unwrap } from "../api/client";
import { canAdminister, useSession } from "../auth/session";
import { Chart } from "../components/Chart";
import { DealershipHeader } from "../components/DealershipHeader";
import { Field, fieldErrors } from "../components/Field";
import { Empty, ErrorPanel, QueryView } from "../components/States";
import { formatMicroUsd, formatNumber, humanize } from "../lib/format";

type Report = Schemas["AiUsageReport"];
const FEATURES = [
  { name: "chat", color: "#1d4ed8" },
  { name: "search", color: "#047857" },
  { name: "embedding", color: "#b45309" },
] as const;
const DAY_MS = 86_400_000;

/** Every UTC day from `from` to `to` (YYYY-MM-DD), so days without usage show as zero. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function usageChart(r: Report) {
  const days = daysBetween(r.from, r.to);
  const cost = new Map(r.days.map((d) => [`${d.day}|${d.feature}`, d.costMicroUsd / 1_000_000]));
  const data: uPlot.AlignedData = [
    days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000),
    ...FEATURES.map((f) => days.map((d) => cost.get(`${d}|${f.name}`) ?? 0)),
  ];
  const options: Omit<uPlot.Options, "width" | "height"> = {
    scales: { x: { time: true } },
    axes: [
      {},
      { label: "Cost (USD)", values: (_u, vals) => vals.map((v) => `$${v.toPrecision(2)}`), size: 70 },
    ],
    series: [
      {},
      ...FEATURES.map((f) => ({
        label: humanize(f.name),
        stroke: f.color,
        width: 2,
        points: { show: true, size: 5 },
        value: (_u: uPlot, v: number | null) => (v == null ? "—" : formatMicroUsd(Math.round(v * 1_000_000))),
      })),
    ],
  };
  return { options, data };
}

const dollars = (micro: number | null) => (micro == null ? "" : String(micro / 1_000_000));
const toMicro = (text: string) => (text.trim() === "" ? null : Math.round(Number(text) * 1_000_000));

function BudgetForm({ id, budget }: { id: string; budget: Report["budget"] }) {
  const qc = useQueryClient();
  const [daily, setDaily] = useState(
    dollars(budget.source.daily === "dealership" ? budget.dailyMicroUsd : null),
  );
  const [monthly, setMonthly] = useState(
    dollars(budget.source.monthly === "dealership" ? budget.monthlyMicroUsd : null),
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/v1/dealerships/{id}/ai/budget", {
          params: { path: { id } },
          body: { dailyMicroUsd: toMicro(daily), monthlyMicroUsd: toMicro(monthly) },
        }),
      ),
    onSuccess: () => {
      setSaved(true);
      void qc.invalidateQueries({ queryKey: ["aiUsage", id] });
    },
  });
  const errors = save.error instanceof ApiProblem ? fieldErrors(save.error.details) : {};
  const invalid = (text: string) =>
    text.trim() !== "" && !(Number.isFinite(Number(text)) && Number(text) >= 0)
      ? "Enter an amount in US dollars, e.g. 5 or 12.50 (blank = default)."
      : null;
  return (
    <form
      className="budget-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        if (invalid(daily) || invalid(monthly)) return;
        save.mutate();
      }}
    >
      <Field
        label="Daily budget (USD)"
        hint="Blank: the server's default."
        error={invalid(daily) ?? errors.dailyMicroUsd}
      >
        {(p) => <input {...p} inputMode="decimal" value={daily} onChange={(e) => setDaily(e.target.value)} />}
      </Field>
      <Field
        label="Monthly budget (USD)"
        hint="Blank: the server's default."
        error={invalid(monthly) ?? errors.monthlyMicroUsd}
      >
        {(p) => (
          <input {...p} inputMode="decimal" value={monthly} onChange={(e) => setMonthly(e.target.value)} />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save budgets
        </button>
        {saved && (
          <span role="status" className="ok-text">
            Budgets saved.
          </span>
        )}
      </div>
      {save.error && <ErrorPanel error={save.error} title="Not saved" />}
    </form>
  );
}

function Spend({
  label,
  spent,
  limit,
  source,
}: {
  label: string;
  spent: number;
  limit: number | null;
  source: string;
}) {
  const pct = limit ? Math.min(100, Math.round((spent / limit) * 100)) : null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{formatMicroUsd(spent)}</dd>
      <dd className="spend-limit">
        of {limit == null ? "no limit" : formatMicroUsd(limit)} (
        {source === "dealership" ? "set here" : "default"})
        {pct != null && <progress max={100} value={pct} aria-label={`${label}: ${pct}% of the budget`} />}
      </dd>
    </div>
  );
}

/** AI tokens and cost per day and feature, the budgets in force and a form to set them. */
export function AiUsage({ params }: { params: { id: string } }) {
  const { id } = params;
  const session = useSession();
  const [days, setDays] = useState(30);
  const range = useMemo(() => {
    const to = new Date();
    const from = new Date(to.getTime() - (days - 1) * DAY_MS);
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
  }, [days]);
  const q = useQuery({
    queryKey: ["aiUsage", id, range],
    queryFn: () =>
      unwrap(api.GET("/v1/dealerships/{id}/ai/usage", { params: { path: { id }, query: range } })),
  });
  const chart = useMemo(() => (q.data ? usageChart(q.data) : null), [q.data]);
  return (
    <>
      <DealershipHeader id={id} screen="AI usage" />
      <div className="toolbar">
        <label htmlFor="usage-range">Period</label>
        <select id="usage-range" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          <option value={7}>Last 7 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
        </select>
      </div>
      <QueryView query={q} what="AI usage">
        {(r) => (
          <>
            <dl className="stats big stats-wide">
              <Spend
                label="Spent today (UTC)"
                spent={r.budget.spentTodayMicroUsd}
                limit={r.budget.dailyMicroUsd}
                source={r.budget.source.daily}
              />
              <Spend
                label="Spent this month"
                spent={r.budget.spentThisMonthMicroUsd}
                limit={r.budget.monthlyMicroUsd}
                source={r.budget.source.monthly}
              />
              <div>
                <dt>Calls in period</dt>
                <dd data-testid="usage-calls">{formatNumber(r.totals.calls)}</dd>
              </div>
              <div>
                <dt>Cost in period</dt>
                <dd data-testid="usage-cost">{formatMicroUsd(r.totals.costMicroUsd)}</dd>
              </div>
            </dl>
            <div className="grid-2">
              <section className="card" aria-labelledby="cost-chart">
                <h2 id="cost-chart">Cost per day</h2>
                {r.days.length === 0 ? (
                  <Empty>
                    <p>No AI usage in this period.</p>
                  </Empty>
                ) : (
                  chart && (
                    <Chart
                      label="AI cost per day and feature (USD)"
                      options={chart.options}
                      data={chart.data}
                      table={{
                        columns: ["Day", "Feature", "Cost"],
                        rows: r.days.map((d) => [d.day, d.feature, formatMicroUsd(d.costMicroUsd)]),
                      }}
                    />
                  )
                )}
              </section>
              <section className="card" aria-labelledby="budgets">
                <h2 id="budgets">Budgets</h2>
                <p className="muted small">
                  When a budget is spent, chat answers with a <code>budget_exceeded</code> error and search
                  falls back to filters only.
                </p>
                {canAdminister(session) ? (
                  <BudgetForm id={id} budget={r.budget} />
                ) : (
                  <p>Only dealership admins can change the budgets.</p>
                )}
              </section>
            </div>
            <section className="card" aria-labelledby="usage-table">
              <h2 id="usage-table">By day and feature</h2>
              {r.days.length === 0 ? (
                <p className="muted">Nothing recorded yet.</p>
              ) : (
                <table className="usage">
                  <caption className="sr-only">AI usage by day and feature</caption>
                  <thead>
                    <tr>
                      <th scope="col">Day (UTC)</th>
                      <th scope="col">Feature</th>
                      <th scope="col">Calls</th>
                      <th scope="col">Input tokens</th>
                      <th scope="col">Output tokens</th>
                      <th scope="col">Cost</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...r.days].reverse().map((d) => (
                      <tr key={`${d.day}|${d.feature}`} data-feature={d.feature}>
                        <td>{d.day}</td>
                        <td>{humanize(d.feature)}</td>
                        <td>{formatNumber(d.calls)}</td>
                        <td>{formatNumber(d.inputTokens)}</td>
                        <td>{formatNumber(d.outputTokens)}</td>
                        <td>{formatMicroUsd(d.costMicroUsd)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={2}>
                        Total
                      </th>
                      <td>{formatNumber(r.totals.calls)}</td>
                      <td>{formatNumber(r.totals.inputTokens)}</td>
                      <td>{formatNumber(r.totals.outputTokens)}</td>
                      <td>{formatMicroUsd(r.totals.costMicroUsd)}</td>
                    </tr>
                  </tfoot>
                </table>
              )}
            </section>
          </>
        )}
      </QueryView>
    </>
  );
}
