import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type uPlot from "uplot";
import { Link } from "wouter";
import { api, unwrap } from "../api/client";
import { keys } from "../api/hooks";
import { bars, Chart } from "../components/Chart";
import { DealershipHeader } from "../components/DealershipHeader";
import { Empty, QueryView } from "../components/States";
import { humanize } from "../lib/format";

export function Quality({ params }: { params: { id: string } }) {
  const { id } = params;
  const q = useQuery({
    queryKey: keys.quality(id),
    queryFn: () => unwrap(api.GET("/v1/dealerships/{id}/quality", { params: { path: { id } } })),
  });
  const chart = useMemo(() => {
    const dist = q.data?.distribution ?? [];
    const options: Omit<uPlot.Options, "width" | "height"> = {
      scales: { x: { time: false, range: [-0.5, dist.length - 0.5] } },
      axes: [
        {
          values: (_u, vals) => vals.map((v) => dist[Math.round(v)]?.label ?? ""),
          splits: () => dist.map((_, i) => i),
        },
        { label: "Vehicles" },
      ],
      series: [
        {},
        { label: "Vehicles", fill: "#1d4ed8", stroke: "#1e3a8a", paths: bars, points: { show: false } },
      ],
      legend: { show: false },
    };
    return { options, data: [dist.map((_, i) => i), dist.map((d) => d.count)] as uPlot.AlignedData };
  }, [q.data]);
  return (
    <>
      <DealershipHeader id={id} screen="Quality" />
      <QueryView query={q} what="the quality summary">
        {(s) =>
          s.count === 0 ? (
            <Empty>
              <p>No scored active vehicles yet. Scores appear as vehicles are written or scraped.</p>
            </Empty>
          ) : (
            <>
              <dl className="stats big">
                <div>
                  <dt>Scored vehicles</dt>
                  <dd>{s.count}</dd>
                </div>
                <div>
                  <dt>Average score</dt>
                  <dd>{s.averageScore == null ? "—" : Math.round(s.averageScore)}</dd>
                </div>
                <div>
                  <dt>Median</dt>
                  <dd>{s.median ?? "—"}</dd>
                </div>
              </dl>
              <div className="grid-2">
                <section className="card" aria-labelledby="dist">
                  <h2 id="dist">Score distribution</h2>
                  <Chart
                    label="Vehicles per quality score band"
                    options={chart.options}
                    data={chart.data}
                    table={{
                      columns: ["Score band", "Vehicles"],
                      rows: s.distribution.map((d) => [d.label, d.count]),
                    }}
                  />
                </section>
                <section className="card" aria-labelledby="flags">
                  <h2 id="flags">Most common flags</h2>
                  {s.flagCounts.length === 0 ? (
                    <p>No flags.</p>
                  ) : (
                    <table>
                      <caption className="sr-only">Flags by count</caption>
                      <thead>
                        <tr>
                          <th scope="col">Flag</th>
                          <th scope="col">Vehicles</th>
                        </tr>
                      </thead>
                      <tbody>
                        {s.flagCounts.slice(0, 12).map((f) => (
                          <tr key={f.code}>
                            <td>{humanize(f.code)}</td>
                            <td>{f.count}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </section>
              </div>
              <section className="card" aria-labelledby="worst">
                <h2 id="worst">Worst listings</h2>
                <table>
                  <caption className="sr-only">The lowest-scoring listings</caption>
                  <thead>
                    <tr>
                      <th scope="col">Vehicle</th>
                      <th scope="col">Score</th>
                      <th scope="col">Flags</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.worst.map((w) => (
                      <tr key={w.vehicleId}>
                        <td>
                          <Link href={`/dealerships/${id}/vehicles/${w.vehicleId}`}>
                            {w.year} {w.make} {w.model}
                          </Link>
                          <div className="muted small">
                            <code>{w.vin}</code>
                          </div>
                        </td>
                        <td>{w.score}</td>
                        <td>
                          {(w.flags as (string | { code: string })[])
                            .map((f) => humanize(typeof f === "string" ? f : f.code))
                            .join(", ")}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          )
        }
      </QueryView>
    </>
  );
}
