import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

interface ChartProps {
  /** Accessible name of the chart; its data is also given as a table for screen readers. */
  label: string;
  options: Omit<uPlot.Options, "width" | "height">;
  data: uPlot.AlignedData;
  height?: number;
  table: { columns: string[]; rows: (string | number)[][] };
}

/** uPlot (canvas, ~50 KB) in a figure, resized with its container, with the same data as a hidden table. */
export function Chart({ label, options, data, height = 240, table }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot({ ...options, width: el.clientWidth || 600, height }, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 600, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [options, data, height]);
  return (
    <figure className="chart">
      <figcaption>{label}</figcaption>
      <div ref={box} aria-hidden="true" />
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional data points
            <tr key={i}>
              {r.map((v, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <td key={j}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export const bars = uPlot.paths.bars?.({ size: [0.7, 60] });
export const stepped = uPlot.paths.stepped?.({ align: 1 });
