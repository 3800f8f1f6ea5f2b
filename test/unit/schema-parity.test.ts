import { describe, expect, it } from "vitest";
import { VEHICLE_INSERT_COLUMNS, VEHICLE_QUALITY_COLUMNS } from "../../packages/db/src/rows/vehicle-row";
import {
  getPgTableConfig,
  getSqliteTableConfig,
  pgSchema as pg,
  sqliteSchema as sqlite,
} from "../../packages/db/src/schema/index";

/**
 * The D1 and Postgres schemas are written twice (drizzle has one table builder per dialect), so this
 * checks they describe the same thing: tables, columns, nullability, keys, indexes, checks.
 */
type Shape = ReturnType<typeof shape>;

function shape(config: {
  name: string;
  columns: { name: string; notNull: boolean; primary: boolean }[];
  indexes: { config: { name?: string; unique: boolean; columns: unknown[] } }[];
  foreignKeys: {
    getName(): string;
    onDelete?: string;
    reference(): { columns: { name: string }[]; foreignColumns: { name: string; table: unknown }[] };
  }[];
  checks: { name: string }[];
}) {
  return {
    name: config.name,
    columns: config.columns
      .map((c) => ({ name: c.name, notNull: c.notNull, primary: c.primary }))
      .sort(byName),
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name,
        unique: i.config.unique,
        columns: i.config.columns.map((c) => (c as { name?: string }).name ?? "<expression>"),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          name: fk.getName(),
          columns: ref.columns.map((c) => c.name),
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? "no action",
        };
      })
      .sort(byName),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

const sqliteShapes = Object.values(sqlite).map((t) => shape(getSqliteTableConfig(t) as never));
const pgShapes = Object.values(pg).map((t) => shape(getPgTableConfig(t) as never));
const byTable = (shapes: Shape[]) => new Map(shapes.map((s) => [s.name, s]));

describe("schema parity (D1 vs Postgres)", () => {
  it("defines the same tables", () => {
    expect(sqliteShapes.map((s) => s.name).sort()).toEqual(pgShapes.map((s) => s.name).sort());
    expect(sqliteShapes.map((s) => s.name).sort()).toEqual([
      "ai_conversations",
      "ai_usage",
      "api_keys",
      "dealerships",
      "idempotency_keys",
      "price_history",
      "scrape_dead_letters",
      "scrape_job_errors",
      "scrape_job_pages",
      "scrape_job_seen",
      "scrape_job_tasks",
      "scrape_jobs",
      "scrape_state",
      "vector_documents",
      "vector_migrations",
      "vehicles",
    ]);
  });

  for (const [name, lite] of byTable(sqliteShapes)) {
    describe(name, () => {
      const other = byTable(pgShapes).get(name);
      it("has the same columns with the same nullability and primary key", () => {
        expect(lite.columns).toEqual(other?.columns);
      });
      it("has the same indexes", () => {
        expect(lite.indexes).toEqual(other?.indexes);
      });
      it("has the same foreign keys", () => {
        expect(lite.foreignKeys).toEqual(other?.foreignKeys);
      });
      it("has the same check constraints", () => {
        expect(lite.checks).toEqual(other?.checks);
      });
      it("uses snake_case column names", () => {
        for (const c of lite.columns) expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
      });
    });
  }

  it("search indexes lead with dealership_id and status and end with the id tiebreak", () => {
    const vehicles = byTable(sqliteShapes).get("vehicles");
    const sortIndexes = vehicles?.indexes.filter((i) =>
      i.name?.match(/^vehicles_(newest|updated|price|year|mileage)_idx$/),
    );
    expect(sortIndexes).toHaveLength(5);
    for (const index of sortIndexes ?? []) {
      expect(index.columns.slice(0, 2)).toEqual(["dealership_id", "status"]);
      expect(index.columns.at(-1)).toBe("id");
    }
    expect(vehicles?.indexes.find((i) => i.name === "vehicles_dealership_vin_uq")).toEqual({
      name: "vehicles_dealership_vin_uq",
      unique: true,
      columns: ["dealership_id", "vin"],
    });
    expect(
      byTable(sqliteShapes)
        .get("api_keys")
        ?.indexes.find((i) => i.unique)?.columns,
    ).toEqual(["hash"]);
  });

  it("the repositories write exactly the schema's columns", () => {
    const columns = (table: string) =>
      byTable(sqliteShapes)
        .get(table)
        ?.columns.map((c) => c.name)
        .sort();
    expect([...VEHICLE_INSERT_COLUMNS, ...VEHICLE_QUALITY_COLUMNS].sort()).toEqual(columns("vehicles"));
  });
});
