import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type uPlot from "uplot";
import { Link } from "wouter";
import { ApiProblem, api, unwrap, type Vehicle } from "../api/client";
import { keys } from "../api/hooks";
import { Chart, stepped } from "../components/Chart";
import { DealershipHeader } from "../components/DealershipHeader";
import { Field, fieldErrors } from "../components/Field";
import { Empty, ErrorPanel, Loading, QueryView } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatDate, formatMoney, formatNumber, humanize } from "../lib/format";

interface Market {
  rating: string | null;
  reason: string | null;
  comparables: number;
  considered: number;
  expected: { low: number; median: number; high: number } | null;
  differencePct: number | null;
  currency: string | null;
  explanation: string;
}

function PriceHistory({ id, vehicleId }: { id: string; vehicleId: string }) {
  const q = useQuery({
    queryKey: keys.priceHistory(id, vehicleId),
    queryFn: () =>
      unwrap(
        api.GET("/v1/dealerships/{id}/vehicles/{vehicleId}/price-history", {
          params: { path: { id, vehicleId } },
        }),
      ),
  });
  const chart = useMemo(() => {
    const items = q.data?.items ?? [];
    const points = items.filter((p) => p.price);
    if (points.length === 0) return null;
    const xs = points.map((p) => new Date(p.observedAt).getTime() / 1000);
    const ys = points.map((p) => p.price!.amount / 100);
    // Carry the last price to now, so a single observation still draws a line.
    xs.push(Math.max(Date.now() / 1000, xs[xs.length - 1]! + 60));
    ys.push(ys[ys.length - 1]!);
    const options: Omit<uPlot.Options, "width" | "height"> = {
      scales: { x: { time: true } },
      axes: [
        {},
        { values: (_u, vals) => vals.map((v) => `$${Math.round(v).toLocaleString("en-US")}`), size: 80 },
      ],
      series: [
        {},
        {
          label: "Price",
          stroke: "#1d4ed8",
          width: 2,
          fill: "rgba(29,78,216,0.08)",
          paths: stepped,
          points: { show: true },
        },
      ],
      legend: { show: false },
    };
    return { options, data: [xs, ys] as uPlot.AlignedData };
  }, [q.data]);
  return (
    <section className="card" aria-labelledby="price-history">
      <h2 id="price-history">Price history</h2>
      <QueryView query={q} what="price history">
        {(data) =>
          data.items.length === 0 || !chart ? (
            <Empty>
              <p>No prices recorded yet.</p>
            </Empty>
          ) : (
            <>
              <Chart
                label={`Price history, ${data.items.length} observation${data.items.length === 1 ? "" : "s"}`}
                options={chart.options}
                data={chart.data}
                height={220}
                table={{
                  columns: ["Observed", "Price", "Source"],
                  rows: data.items.map((p) => [formatDate(p.observedAt), formatMoney(p.price), p.source]),
                }}
              />
              <ol className="history" aria-label="Price changes">
                {data.items.map((p) => (
                  <li key={p.observedAt + p.source}>
                    <strong>{formatMoney(p.price)}</strong>{" "}
                    <span className="muted">{formatDate(p.observedAt)}</span>{" "}
                    <span className="badge badge-muted">from {p.source}</span>
                  </li>
                ))}
              </ol>
            </>
          )
        }
      </QueryView>
    </section>
  );
}

function DealRating({ market }: { market: Market | null }) {
  if (!market) return <p className="muted">No market assessment (only active vehicles are rated).</p>;
  return (
    <div>
      <p>
        <span className={`badge badge-${market.rating ? "info" : "muted"}`}>
          {market.rating ? humanize(market.rating) : "Not rated"}
        </span>{" "}
        {market.explanation}
      </p>
      {market.expected && (
        <dl className="stats">
          <div>
            <dt>Expected range</dt>
            <dd>
              {formatMoney({ amount: market.expected.low, currency: market.currency ?? "USD" })} –{" "}
              {formatMoney({ amount: market.expected.high, currency: market.currency ?? "USD" })}
            </dd>
          </div>
          <div>
            <dt>Market median</dt>
            <dd>{formatMoney({ amount: market.expected.median, currency: market.currency ?? "USD" })}</dd>
          </div>
          <div>
            <dt>Versus median</dt>
            <dd>
              {market.differencePct == null
                ? "—"
                : `${market.differencePct > 0 ? "+" : ""}${market.differencePct}%`}
            </dd>
          </div>
        </dl>
      )}
      <p className="muted small">
        Based on {market.comparables} comparable listing{market.comparables === 1 ? "" : "s"} (same make and
        model, ±2 model years, all dealerships; {market.considered} considered). Other dealerships' listings
        are never shown.
      </p>
    </div>
  );
}

const EDITABLE = [
  "price",
  "mileage",
  "status",
  "trim",
  "exteriorColor",
  "stockNumber",
  "description",
] as const;

function EditVehicle({ v, onSaved }: { v: Vehicle; onSaved: (v: Vehicle) => void }) {
  const [form, setForm] = useState({
    price: v.price ? String(v.price.amount / 100) : "",
    mileage: v.mileage == null ? "" : String(v.mileage),
    status: v.status,
    trim: v.trim ?? "",
    exteriorColor: v.exteriorColor ?? "",
    stockNumber: v.stockNumber ?? "",
    description: v.description ?? "",
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/v1/dealerships/{id}/vehicles/{vehicleId}", {
          params: { path: { id: v.dealershipId, vehicleId: v.id } },
          body: {
            price:
              form.price === ""
                ? null
                : { amount: Math.round(Number(form.price) * 100), currency: v.price?.currency ?? "USD" },
            mileage: form.mileage === "" ? null : Number(form.mileage),
            status: form.status,
            trim: form.trim || null,
            exteriorColor: form.exteriorColor || null,
            stockNumber: form.stockNumber || null,
            description: form.description || null,
          },
        }),
      ),
    onSuccess: onSaved,
  });
  const errs = save.error instanceof ApiProblem ? fieldErrors(save.error.details) : {};
  const set = (k: (typeof EDITABLE)[number], value: string) => setForm((f) => ({ ...f, [k]: value }));
  return (
    <form
      className="form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Field label="Price ($)" error={errs["price.amount"] ?? errs.price}>
        {(p) => (
          <input
            {...p}
            type="number"
            min={0}
            step="1"
            value={form.price}
            onChange={(e) => set("price", e.target.value)}
          />
        )}
      </Field>
      <Field label="Mileage" error={errs.mileage}>
        {(p) => (
          <input
            {...p}
            type="number"
            min={0}
            value={form.mileage}
            onChange={(e) => set("mileage", e.target.value)}
          />
        )}
      </Field>
      <Field label="Status" error={errs.status}>
        {(p) => (
          <select {...p} value={form.status} onChange={(e) => set("status", e.target.value)}>
            <option value="active">Active</option>
            <option value="sold">Sold</option>
            <option value="removed">Removed</option>
          </select>
        )}
      </Field>
      <Field label="Trim" error={errs.trim}>
        {(p) => <input {...p} value={form.trim} onChange={(e) => set("trim", e.target.value)} />}
      </Field>
      <Field label="Exterior colour" error={errs.exteriorColor}>
        {(p) => (
          <input {...p} value={form.exteriorColor} onChange={(e) => set("exteriorColor", e.target.value)} />
        )}
      </Field>
      <Field label="Stock number" error={errs.stockNumber}>
        {(p) => (
          <input {...p} value={form.stockNumber} onChange={(e) => set("stockNumber", e.target.value)} />
        )}
      </Field>
      <Field label="Description" error={errs.description}>
        {(p) => (
          <textarea
            {...p}
            rows={5}
            value={form.description}
            onChange={(e) => set("description", e.target.value)}
          />
        )}
      </Field>
      {save.error && <ErrorPanel error={save.error} title="Not saved" />}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save changes"}
        </button>
        {save.isSuccess && (
          <span className="ok-text" role="status">
            Saved; the quality score was recalculated.
          </span>
        )}
      </div>
    </form>
  );
}

export function VehicleDetail({ params }: { params: { id: string; vehicleId: string } }) {
  const { id, vehicleId } = params;
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: keys.vehicle(id, vehicleId),
    queryFn: () =>
      unwrap(api.GET("/v1/dealerships/{id}/vehicles/{vehicleId}", { params: { path: { id, vehicleId } } })),
  });
  if (q.isPending) return <Loading what="the vehicle" />;
  if (q.error) return <ErrorPanel error={q.error} onRetry={() => void q.refetch()} />;
  const v = q.data;
  const fields: [string, React.ReactNode][] = [
    ["VIN", <code key="vin">{v.vin}</code>],
    ["Year", v.year],
    ["Make", v.make],
    ["Model", v.model],
    ["Trim", v.trim],
    ["Body", v.bodyStyle && humanize(v.bodyStyle)],
    ["Condition", humanize(v.condition)],
    ["Price", formatMoney(v.price)],
    ["Mileage", v.mileage == null ? null : `${formatNumber(v.mileage)} mi`],
    ["Exterior", v.exteriorColor],
    ["Colour family", v.exteriorColorFamily && humanize(v.exteriorColorFamily)],
    ["Interior", v.interiorColor],
    ["Drivetrain", v.drivetrain?.toUpperCase()],
    ["Transmission", v.transmission && humanize(v.transmission)],
    ["Fuel", v.fuelType && humanize(v.fuelType)],
    ["Engine", v.engine],
    ["Stock number", v.stockNumber],
  ];
  return (
    <>
      <DealershipHeader id={id} screen="Vehicle" />
      <p>
        <Link href={`/dealerships/${id}/inventory`}>← Back to inventory</Link>
      </p>
      <header className="page-head row">
        <h2 className="vehicle-title">
          {v.year} {v.make} {v.model} {v.trim} <StatusBadge status={v.status} />
        </h2>
        <button type="button" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
          {editing ? "Close editor" : "Edit vehicle"}
        </button>
      </header>
      {editing && (
        <section className="card" aria-label="Edit vehicle">
          <EditVehicle
            v={v}
            onSaved={(updated) => {
              qc.setQueryData(keys.vehicle(id, vehicleId), updated);
              void qc.invalidateQueries({ queryKey: keys.priceHistory(id, vehicleId) });
              void qc.invalidateQueries({ queryKey: ["vehicles", id] });
            }}
          />
        </section>
      )}
      {v.photos.length > 0 ? (
        <ul className="photos" aria-label="Photos">
          {v.photos.slice(0, 12).map((src, i) => (
            <li key={src}>
              <a href={src}>
                <img
                  src={src}
                  alt={`${v.year} ${v.make} ${v.model}, view ${i + 1} of ${v.photos.length}`}
                  loading="lazy"
                  width={240}
                  height={160}
                />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>
          <p>No photos.</p>
        </Empty>
      )}
      <div className="grid-2">
        <section className="card" aria-labelledby="fields">
          <h2 id="fields">Details</h2>
          <dl className="fields">
            {fields.map(([k, val]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{val ?? <span className="muted">not given</span>}</dd>
              </div>
            ))}
          </dl>
          {v.description && <p className="description">{v.description}</p>}
          <h3>Where it came from</h3>
          <dl className="fields">
            <div>
              <dt>Source page</dt>
              <dd>
                {v.sourceUrl ? (
                  <a href={v.sourceUrl}>{v.sourceUrl}</a>
                ) : (
                  <span className="muted">entered through the API</span>
                )}
              </dd>
            </div>
            <div>
              <dt>First seen</dt>
              <dd>{formatDate(v.firstSeenAt)}</dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd>{formatDate(v.lastSeenAt)}</dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd>{formatDate(v.updatedAt)}</dd>
            </div>
            {v.removedAt && (
              <div>
                <dt>Removed</dt>
                <dd>{formatDate(v.removedAt)}</dd>
              </div>
            )}
          </dl>
          <p className="muted small">
            Each price below says which writer recorded it (scrape, api, bulk or seed).
          </p>
        </section>
        <div>
          <PriceHistory id={id} vehicleId={vehicleId} />
          <section className="card" aria-labelledby="deal">
            <h2 id="deal">Deal rating</h2>
            <DealRating market={(v.quality?.market ?? null) as Market | null} />
          </section>
          <section className="card" aria-labelledby="quality">
            <h2 id="quality">
              Listing quality {v.quality && <span className="score">{v.quality.score}/100</span>}
            </h2>
            {!v.quality ? (
              <p className="muted">Not scored yet.</p>
            ) : (
              <>
                {v.quality.flags.length === 0 ? (
                  <p>No flags.</p>
                ) : (
                  <ul className="flag-list">
                    {v.quality.flags.map((f) => (
                      <li key={f.code} className={`flag flag-${f.severity}`}>
                        <strong>{humanize(f.severity)}:</strong> {f.message}
                      </li>
                    ))}
                  </ul>
                )}
                <table>
                  <caption className="sr-only">Score parts</caption>
                  <thead>
                    <tr>
                      <th scope="col">Part</th>
                      <th scope="col">Score</th>
                      <th scope="col">Weight</th>
                      <th scope="col">Detail</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.quality.parts.map((p) => (
                      <tr key={p.name}>
                        <td>{humanize(p.name)}</td>
                        <td>{Math.round(p.score)}</td>
                        <td>{p.weight}</td>
                        <td>{p.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
