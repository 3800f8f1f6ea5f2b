import {
  BODY_STYLES,
  COLOR_FAMILIES,
  CONDITIONS,
  DRIVETRAINS,
  FUEL_TYPES,
  VEHICLE_SORTS,
  VEHICLE_STATUSES,
} from "@forecourt/domain";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useEffect, useMemo, useState } from "react";
import { Link } from "wouter";
import { api, unwrap, type Vehicle } from "../api/client";
import { keys } from "../api/hooks";
import { DealershipHeader } from "../components/DealershipHeader";
import { Field } from "../components/Field";
import { Empty, ErrorPanel, Loading } from "../components/States";
import { StatusBadge } from "../components/StatusBadge";
import { formatAgo, formatMoney, formatNumber, humanize } from "../lib/format";
import { useSearchParams } from "../lib/search-params";

const FACETS = "make,bodyStyle,condition,fuelType,drivetrain,exteriorColorFamily,status";
const ENUM_FILTERS = [
  { name: "bodyStyle", label: "Body", values: BODY_STYLES, facet: "bodyStyle" },
  { name: "condition", label: "Condition", values: CONDITIONS, facet: "condition" },
  { name: "fuelType", label: "Fuel", values: FUEL_TYPES, facet: "fuelType" },
  { name: "drivetrain", label: "Drivetrain", values: DRIVETRAINS, facet: "drivetrain" },
  { name: "color", label: "Colour", values: COLOR_FAMILIES, facet: "exteriorColorFamily" },
  { name: "status", label: "Status", values: VEHICLE_STATUSES, facet: "status" },
] as const;
const SORT_LABELS: Record<(typeof VEHICLE_SORTS)[number], string> = {
  newest: "Newest listings",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  year_desc: "Year: newest first",
  year_asc: "Year: oldest first",
  mileage_asc: "Mileage: lowest first",
  updated_desc: "Recently updated",
};
/** Table column -> [ascending sort, descending sort] the API offers. */
const COLUMN_SORTS: Record<string, [string | null, string | null]> = {
  price: ["price_asc", "price_desc"],
  year: ["year_asc", "year_desc"],
  mileage: ["mileage_asc", null],
  lastSeenAt: [null, "updated_desc"],
};
const NUMBER_FILTERS = ["yearMin", "yearMax", "priceMin", "priceMax", "mileageMax"] as const;

/** Dollars in the form, integer cents in the API. */
const toCents = (dollars: string | undefined) =>
  dollars && Number.isFinite(Number(dollars)) ? String(Math.round(Number(dollars) * 100)) : undefined;

function QualityCell({ v }: { v: Vehicle }) {
  if (!v.quality) return <span className="muted">not scored</span>;
  const { score, flags } = v.quality;
  const tone = score >= 80 ? "good" : score >= 60 ? "warn" : "bad";
  return (
    <div className="quality-cell">
      <span className={`score score-${tone}`}>
        {score}
        <span className="sr-only"> of 100</span>
      </span>
      {flags.length > 0 && (
        <ul className="flags" aria-label="Quality flags">
          {flags.slice(0, 3).map((f) => (
            <li key={f.code} className={`flag flag-${f.severity}`} title={f.message}>
              {humanize(f.code)}
            </li>
          ))}
          {flags.length > 3 && <li className="muted small">+{flags.length - 3} more</li>}
        </ul>
      )}
    </div>
  );
}

const col = createColumnHelper<Vehicle>();

export function Inventory({ params: route }: { params: { id: string } }) {
  const { id } = route;
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [draft, setDraft] = useState(params);
  const filterKey = JSON.stringify(params);
  // A new filter set starts again at page 1 (a cursor is bound to its query).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on filter change only
  useEffect(() => {
    setCursors([undefined]);
    setDraft(params);
  }, [filterKey]);
  const cursor = cursors[cursors.length - 1];
  const query = {
    ...Object.fromEntries(Object.entries(params).filter(([k]) => k !== "priceMin" && k !== "priceMax")),
    priceMin: toCents(params.priceMin),
    priceMax: toCents(params.priceMax),
    facets: FACETS,
    limit: params.limit ?? "25",
    cursor,
  };
  const list = useQuery({
    queryKey: keys.vehicles(id, query),
    // Query values are strings from the URL; the API validates and coerces them (unknown keys are refused).
    queryFn: () =>
      unwrap(
        api.GET("/v1/dealerships/{id}/vehicles", {
          params: { path: { id }, query: query as never },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const sorting: SortingState = useMemo(() => {
    const s = params.sort;
    for (const [column, [asc, desc]] of Object.entries(COLUMN_SORTS)) {
      if (s && s === asc) return [{ id: column, desc: false }];
      if (s && s === desc) return [{ id: column, desc: true }];
    }
    return [];
  }, [params.sort]);

  const columns = useMemo(
    () => [
      col.display({
        id: "photo",
        header: () => <span className="sr-only">Photo</span>,
        cell: ({ row }) =>
          row.original.photos[0] ? (
            <img
              src={row.original.photos[0]}
              alt=""
              className="thumb"
              loading="lazy"
              width={64}
              height={48}
            />
          ) : (
            <span className="thumb thumb-none" aria-hidden="true" />
          ),
      }),
      col.accessor("year", {
        header: "Vehicle",
        cell: ({ row: { original: v } }) => (
          <>
            <Link href={`/dealerships/${id}/vehicles/${v.id}`}>
              {v.year} {v.make} {v.model}
            </Link>
            <div className="muted small">{[v.trim, v.exteriorColor].filter(Boolean).join(" · ")}</div>
          </>
        ),
      }),
      col.accessor("vin", {
        header: "VIN / stock",
        enableSorting: false,
        cell: ({ row: { original: v } }) => (
          <>
            <code>{v.vin}</code>
            <div className="muted small">{v.stockNumber ?? ""}</div>
          </>
        ),
      }),
      col.accessor("price", { header: "Price", cell: (c) => formatMoney(c.getValue()) }),
      col.accessor("mileage", { header: "Mileage", cell: (c) => `${formatNumber(c.getValue())} mi` }),
      col.accessor("status", {
        header: "Status",
        enableSorting: false,
        cell: (c) => <StatusBadge status={c.getValue()} />,
      }),
      col.display({ id: "quality", header: "Quality", cell: ({ row }) => <QualityCell v={row.original} /> }),
      col.accessor("lastSeenAt", { header: "Last seen", cell: (c) => formatAgo(c.getValue()) }),
    ],
    [id],
  );

  const table = useReactTable({
    data: list.data?.items ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { sorting },
    enableSortingRemoval: true,
    sortDescFirst: false,
    enableMultiSort: false,
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const s = next[0];
      const pair = s ? COLUMN_SORTS[s.id] : undefined;
      const sort = pair ? ((s!.desc ? pair[1] : pair[0]) ?? pair[0] ?? pair[1]) : undefined;
      setParams({ ...params, sort: sort ?? undefined });
    },
  } as Parameters<typeof useReactTable<Vehicle>>[0]);

  const facets = list.data?.facets ?? {};
  const count = (facet: string, value: string) => facets[facet]?.find((b) => b.value === value)?.count;
  const setDraftValue = (name: string, value: string) => setDraft((d) => ({ ...d, [name]: value }));

  return (
    <>
      <DealershipHeader id={id} screen="Inventory" />
      <form
        className="filters"
        aria-label="Filter inventory"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(draft);
        }}
      >
        <Field label="Search">
          {(p) => (
            <input
              {...p}
              type="search"
              name="q"
              placeholder="Make, model, VIN, stock #…"
              value={draft.q ?? ""}
              onChange={(e) => setDraftValue("q", e.target.value)}
            />
          )}
        </Field>
        <Field label="Make">
          {(p) => (
            <select
              {...p}
              name="make"
              value={draft.make ?? ""}
              onChange={(e) => setDraftValue("make", e.target.value)}
            >
              <option value="">Any make</option>
              {(facets.make ?? []).map((b) => (
                <option key={b.value} value={b.value}>
                  {b.value} ({b.count})
                </option>
              ))}
              {draft.make && !facets.make?.some((b) => b.value === draft.make) && (
                <option value={draft.make}>{draft.make}</option>
              )}
            </select>
          )}
        </Field>
        <Field label="Model">
          {(p) => (
            <input
              {...p}
              name="model"
              value={draft.model ?? ""}
              onChange={(e) => setDraftValue("model", e.target.value)}
            />
          )}
        </Field>
        {ENUM_FILTERS.map((f) => (
          <Field key={f.name} label={f.label}>
            {(p) => (
              <select
                {...p}
                name={f.name}
                value={draft[f.name] ?? ""}
                onChange={(e) => setDraftValue(f.name, e.target.value)}
              >
                <option value="">{f.name === "status" ? "Active (default)" : "Any"}</option>
                {f.values.map((v) => {
                  const n = count(f.facet, v);
                  return (
                    <option key={v} value={v}>
                      {humanize(v)}
                      {n !== undefined ? ` (${n})` : ""}
                    </option>
                  );
                })}
              </select>
            )}
          </Field>
        ))}
        {NUMBER_FILTERS.map((name) => (
          <Field
            key={name}
            label={
              {
                yearMin: "Year from",
                yearMax: "Year to",
                priceMin: "Price from ($)",
                priceMax: "Price to ($)",
                mileageMax: "Max mileage",
              }[name]
            }
          >
            {(p) => (
              <input
                {...p}
                name={name}
                type="number"
                inputMode="numeric"
                min={0}
                value={draft[name] ?? ""}
                onChange={(e) => setDraftValue(name, e.target.value)}
              />
            )}
          </Field>
        ))}
        <Field label="Sort">
          {(p) => (
            <select
              {...p}
              name="sort"
              value={draft.sort ?? "newest"}
              onChange={(e) => setDraftValue("sort", e.target.value === "newest" ? "" : e.target.value)}
            >
              {VEHICLE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {SORT_LABELS[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft({});
              setParams({});
            }}
          >
            Clear
          </button>
        </div>
      </form>

      <section aria-labelledby="results" aria-busy={list.isFetching}>
        <h2 id="results" className="sr-only">
          Results
        </h2>
        {list.isPending ? (
          <Loading what="inventory" />
        ) : list.error ? (
          <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>
            <p>No vehicles match these filters.</p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="inventory">
              <caption className="sr-only">Vehicles, page {cursors.length}</caption>
              <thead>
                {table.getHeaderGroups().map((hg) => (
                  <tr key={hg.id}>
                    {hg.headers.map((h) => {
                      const sortable = h.column.id in COLUMN_SORTS;
                      const dir = h.column.getIsSorted();
                      return (
                        <th
                          key={h.id}
                          scope="col"
                          aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : undefined}
                        >
                          {sortable ? (
                            <button
                              type="button"
                              className="sort"
                              onClick={h.column.getToggleSortingHandler()}
                            >
                              {flexRender(h.column.columnDef.header, h.getContext())}
                              <span aria-hidden="true">
                                {dir === "asc" ? " ▲" : dir === "desc" ? " ▼" : " ↕"}
                              </span>
                            </button>
                          ) : (
                            flexRender(h.column.columnDef.header, h.getContext())
                          )}
                        </th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              <tbody>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id} data-vehicle-id={row.original.id}>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav className="pager" aria-label="Pages">
          <button
            type="button"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous page
          </button>
          <span>Page {cursors.length}</span>
          <button
            type="button"
            disabled={!list.data?.nextCursor || list.isFetching}
            onClick={() => setCursors((c) => [...c, list.data?.nextCursor ?? undefined])}
          >
            Next page
          </button>
        </nav>
      </section>
    </>
  );
}
