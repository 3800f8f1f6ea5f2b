import type { Vehicle } from "@forecourt/domain";
import { checksum, decodeCursor, encodeCursor } from "../cursor";
import { InvalidCursorError } from "../repositories";
import type { SortSpec } from "./vehicle-sort";

const VERSION = "v1";

export interface VehicleCursor {
  value: string | number | null;
  id: string;
}

/** Cursor after `last`, bound to the query (sort + filters) through its fingerprint. */
export function vehicleCursorAfter(spec: SortSpec, fingerprint: string, last: Vehicle): string {
  return encodeCursor([VERSION, checksum(fingerprint), spec.valueOf(last), last.id]);
}

/** Decodes and checks a cursor against this query; InvalidCursorError for anything else. */
export function readVehicleCursor(token: string, spec: SortSpec, fingerprint: string): VehicleCursor {
  const payload = decodeCursor(token);
  const [version, queryHash, value, id] = payload;
  if (payload.length !== 4 || version !== VERSION) throw new InvalidCursorError();
  if (queryHash !== checksum(fingerprint)) {
    throw new InvalidCursorError("cursor belongs to a different sort or filter set");
  }
  if (typeof id !== "string" || id.length === 0) throw new InvalidCursorError();
  if (!validValue(spec, value)) throw new InvalidCursorError();
  return { value: value as VehicleCursor["value"], id };
}

function validValue(spec: SortSpec, value: unknown): boolean {
  if (value === null) return spec.nullable;
  if (spec.kind === "integer") return typeof value === "number" && Number.isSafeInteger(value);
  return (
    typeof value === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}
