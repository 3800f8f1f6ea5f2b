import type { ChatMessage } from "./types";

/**
 * The prompt/context convention for vehicle records (see README "Prompt / context convention"): a
 * `<vehicles>` block of one line per record, `id=<id> | key=value | ...`, placed in a SYSTEM message.
 * Every chat model gets the same text; the local extractive model parses it with `parseVehicleContext`.
 */

export const VEHICLE_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const MAX_FIELD_CHARS = 600;
export const KNOWN_FIELDS = [
  "title",
  "year",
  "make",
  "model",
  "trim",
  "body",
  "price",
  "mileage",
  "exterior",
  "interior",
  "drivetrain",
  "fuel",
  "transmission",
  "engine",
  "condition",
  "vin",
  "description",
] as const;
export type KnownField = (typeof KNOWN_FIELDS)[number];

export interface VehicleRecord {
  id: string;
  fields: Partial<Record<KnownField, string | number | null | undefined>> &
    Record<string, string | number | null | undefined>;
}

export interface ParsedVehicleRecord {
  id: string;
  fields: Record<string, string>;
}

/** One value as it may appear in the block: single line, no `|`, `<`, `>`, at most 600 characters. */
export function cleanFieldValue(v: string | number): string {
  const s = String(v)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f|<>]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return s.length <= MAX_FIELD_CHARS ? s : s.slice(0, MAX_FIELD_CHARS).trimEnd();
}

/** Builds the `<vehicles>` block (records in the given order; empty/null fields left out). */
export function formatVehicleContext(records: readonly VehicleRecord[]): string {
  const lines = ["<vehicles>"];
  for (const r of records) {
    if (!VEHICLE_ID_PATTERN.test(r.id))
      throw new Error(`vehicle id ${JSON.stringify(r.id)} does not match ${VEHICLE_ID_PATTERN}`);
    const parts = [`id=${r.id}`];
    for (const [k, v] of Object.entries(r.fields)) {
      if (v === null || v === undefined || k === "id") continue;
      if (!/^[a-z_]{1,32}$/.test(k))
        throw new Error(`field name ${JSON.stringify(k)} must be lowercase [a-z_]`);
      const c = cleanFieldValue(v);
      if (c !== "") parts.push(`${k}=${c}`);
    }
    lines.push(parts.join(" | "));
  }
  lines.push("</vehicles>");
  return lines.join("\n");
}

/** Records of every `<vehicles>` block in `text`, in order (lines not starting with `id=` are skipped). */
export function parseVehicleContext(text: string): ParsedVehicleRecord[] {
  const out: ParsedVehicleRecord[] = [];
  const block = /<vehicles>([\s\S]*?)<\/vehicles>/g;
  for (let m = block.exec(text); m !== null; m = block.exec(text)) {
    for (const raw of m[1]!.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line.startsWith("id=")) continue;
      const parts = line.split(" | ");
      const id = parts[0]!.slice(3).trim();
      if (!VEHICLE_ID_PATTERN.test(id)) continue;
      const fields: Record<string, string> = {};
      for (const p of parts.slice(1)) {
        const eq = p.indexOf("=");
        if (eq <= 0) continue;
        const k = p.slice(0, eq).trim();
        if (!/^[a-z_]{1,32}$/.test(k) || k in fields) continue;
        fields[k] = p.slice(eq + 1).trim();
      }
      out.push({ id, fields });
    }
  }
  return out;
}

/** Records from SYSTEM messages only (rule 1: a shopper cannot inject records). */
export function vehicleRecordsFromMessages(messages: readonly ChatMessage[]): ParsedVehicleRecord[] {
  const seen = new Set<string>();
  const out: ParsedVehicleRecord[] = [];
  for (const m of messages) {
    if (m.role !== "system") continue;
    for (const r of parseVehicleContext(m.content)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
    }
  }
  return out;
}
