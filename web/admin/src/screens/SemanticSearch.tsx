import { valueLabel } from "@forecourt/widget/filters";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "wouter";
import { api, unwrap } from "../api/client";
import { DealershipHeader } from "../components/DealershipHeader";
import { ParsedQueryChips } from "../components/ParsedQuery";
import { Empty, ErrorPanel, Loading } from "../components/States";
import { formatMoney, formatNumber, humanize } from "../lib/format";
import { useSearchParams } from "../lib/search-params";

/** Semantic search as a shopper would type it, with what the parser recognised (GET /v1/dealerships/{id}/search). */
export function SemanticSearch({ params }: { params: { id: string } }) {
  const { id } = params;
  const [search, setSearch] = useSearchParams();
  const q = search.q ?? "";
  const [draft, setDraft] = useState(q);
  useEffect(() => setDraft(q), [q]);
  const res = useQuery({
    queryKey: ["semanticSearch", id, q],
    queryFn: () =>
      unwrap(api.GET("/v1/dealerships/{id}/search", { params: { path: { id }, query: { q, limit: 20 } } })),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <DealershipHeader id={id} screen="AI search" />
      <form
        className="card search-box"
        aria-label="Semantic search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({ q: draft.trim() || undefined });
        }}
      >
        <label htmlFor="semantic-q">Search the inventory in plain words</label>
        <div className="row">
          <input
            id="semantic-q"
            type="search"
            value={draft}
            maxLength={500}
            placeholder="e.g. AWD SUV under 30k with low miles"
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="primary">
            Search
          </button>
        </div>
      </form>
      {!q ? (
        <Empty>
          <p>
            Type what a shopper would, e.g. “red Toyota SUV under $25,000” or “cheap hybrid with low miles”.
          </p>
        </Empty>
      ) : res.isPending ? (
        <Loading what="matches" />
      ) : res.error ? (
        <ErrorPanel error={res.error} onRetry={() => void res.refetch()} />
      ) : (
        <section className="card" aria-labelledby="understood" aria-busy={res.isFetching}>
          <h2 id="understood">Understood as</h2>
          <ParsedQueryChips parsed={res.data.parsed} />
          <p className="small">
            Mode: <strong>{res.data.mode === "semantic" ? "Semantic" : "Filters only"}</strong>
            {res.data.degraded && <> ({res.data.degraded.message})</>}
          </p>
          <h2 id="matches">
            {res.data.results.length} match{res.data.results.length === 1 ? "" : "es"}
          </h2>
          {res.data.results.length === 0 ? (
            <p>No active vehicle matches. Try fewer words.</p>
          ) : (
            <table className="results">
              <caption className="sr-only">Matches, best first</caption>
              <thead>
                <tr>
                  <th scope="col">Vehicle</th>
                  <th scope="col">Price</th>
                  <th scope="col">Mileage</th>
                  <th scope="col">Body · drive · fuel</th>
                  <th scope="col">Similarity</th>
                </tr>
              </thead>
              <tbody>
                {res.data.results.map(({ vehicle: v, score }) => (
                  <tr key={v.id}>
                    <td>
                      <Link href={`/dealerships/${id}/vehicles/${v.id}`}>
                        {v.year} {v.make} {v.model} {v.trim ?? ""}
                      </Link>
                    </td>
                    <td>{formatMoney(v.price)}</td>
                    <td>{formatNumber(v.mileage)}</td>
                    <td>
                      {[v.bodyStyle, v.drivetrain, v.fuelType]
                        .filter((x): x is NonNullable<typeof x> => !!x)
                        .map((x) => humanize(valueLabel(x)))
                        .join(" · ") || "—"}
                    </td>
                    <td>{score == null ? "—" : score.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
