import type { FacetName, Facets } from "@forecourt/domain";
import { type SQL, sql } from "drizzle-orm";
import { toNumber } from "./decode";
import type { Row } from "./executor";

/** Most values returned per facet (by count). */
export const FACET_LIMIT = 50;

/** D1 compiles SQLite with at most 5 terms per compound SELECT ("too many terms in compound SELECT"). */
const MAX_COMPOUND_TERMS = 5;

const FACET_COLUMNS: Record<FacetName, string> = {
  make: "make",
  model: "model",
  year: "year",
  bodyStyle: "body_style",
  condition: "condition",
  fuelType: "fuel_type",
  drivetrain: "drivetrain",
  exteriorColorFamily: "exterior_color_family",
  status: "status",
};

/**
 * One statement for all requested facets: the filtered rows are read once into a materialised CTE,
 * then one GROUP BY per facet over it, UNION ALL'd. Same SQL on SQLite (≥ 3.35) and Postgres (≥ 12).
 * `where` is the search's WHERE (every filter, no cursor), so counts honour all filters.
 * The branches are nested in groups of at most 5 to stay within D1's compound-SELECT limit.
 */
export function facetsQuery(where: SQL, facets: readonly FacetName[]): SQL {
  const names = [...new Set(facets)];
  const columns = names.map((name) => {
    if (!Object.hasOwn(FACET_COLUMNS, name)) throw new TypeError(`unknown facet: ${String(name)}`);
    return FACET_COLUMNS[name];
  });
  const branches = names.map((name, i) => {
    const col = sql.raw(columns[i] as string);
    // The facet name is one of FACET_COLUMNS' keys (checked above), inlined as a literal: a bound
    // parameter here would have no type for Postgres to infer.
    return sql`SELECT ${sql.raw(`'${name}'`)} AS facet, CAST(${col} AS TEXT) AS value, COUNT(*) AS n FROM f WHERE ${col} IS NOT NULL GROUP BY ${col}`;
  });
  return sql`WITH f AS MATERIALIZED (SELECT ${sql.raw(columns.join(", "))} FROM vehicles WHERE ${where}) ${unionAll(branches)}`;
}

/** `a UNION ALL b ...`, nested as `SELECT * FROM (a UNION ALL ... e) UNION ALL SELECT * FROM (...)` past 5 terms. */
function unionAll(branches: SQL[]): SQL {
  if (branches.length <= MAX_COMPOUND_TERMS) return sql.join(branches, sql` UNION ALL `);
  const groups: SQL[] = [];
  for (let i = 0; i < branches.length; i += MAX_COMPOUND_TERMS) {
    groups.push(
      sql`SELECT * FROM (${sql.join(branches.slice(i, i + MAX_COMPOUND_TERMS), sql` UNION ALL `)}) AS g${sql.raw(String(groups.length))}`,
    );
  }
  return unionAll(groups);
}

/** Rows → facets: each sorted by count desc then value (code-unit order, same on every driver), capped. */
export function shapeFacets(rows: Row[], facets: readonly FacetName[]): Facets {
  const out: Facets = {};
  for (const name of facets) out[name] = [];
  for (const r of rows) out[r.facet as FacetName]?.push({ value: String(r.value), count: toNumber(r.n) });
  for (const name of facets) {
    out[name] = (out[name] ?? [])
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, FACET_LIMIT);
  }
  return out;
}
