import type { Money, Vehicle, VehicleFields, VehicleStatus } from "@forecourt/domain";

/**
 * Pure decisions behind upsert and update: what the stored vehicle becomes, whether anything
 * changed, and whether the price did. No I/O; the repositories turn the result into SQL.
 */

const FIELD_KEYS = [
  "vin",
  "year",
  "make",
  "model",
  "trim",
  "bodyStyle",
  "condition",
  "price",
  "mileage",
  "exteriorColor",
  "exteriorColorFamily",
  "interiorColor",
  "drivetrain",
  "transmission",
  "fuelType",
  "engine",
  "photos",
  "description",
  "stockNumber",
  "sourceUrl",
  "status",
] as const satisfies readonly (keyof VehicleFields)[];

export type VehiclePatch = Partial<Omit<VehicleFields, "vin">>;

/** Missing optional values become null, money and photos are copied: the shape stored and compared. */
export function normaliseFields(f: VehicleFields): VehicleFields {
  const out = {} as Record<string, unknown>;
  for (const key of FIELD_KEYS) out[key] = f[key] ?? null;
  out.price = f.price ? { amount: f.price.amount, currency: f.price.currency } : null;
  out.photos = Array.isArray(f.photos) ? [...f.photos] : [];
  return out as unknown as VehicleFields;
}

export function samePrice(a: Money | null, b: Money | null): boolean {
  return a === b || (a !== null && b !== null && a.amount === b.amount && a.currency === b.currency);
}

export function sameFields(a: VehicleFields, b: VehicleFields): boolean {
  return FIELD_KEYS.every((key) =>
    key === "price"
      ? samePrice(a.price, b.price)
      : key === "photos"
        ? a.photos.length === b.photos.length && a.photos.every((p, i) => p === b.photos[i])
        : a[key] === b[key],
  );
}

/** `removedAt`: set when leaving `active`, kept while it stays inactive, cleared when active again. */
export function nextRemovedAt(
  previous: Vehicle | undefined,
  status: VehicleStatus,
  now: string,
): string | null {
  if (status === "active") return null;
  if (previous && previous.status !== "active" && previous.removedAt) return previous.removedAt;
  return now;
}

export interface UpsertDecision {
  vehicle: Vehicle;
  outcome: "created" | "updated" | "unchanged";
  priceChanged: boolean;
  /** A price-history row is appended (creation, or a price change). */
  appendHistory: boolean;
}

/** What upserting `fields` over `existing` (by dealership + VIN) produces. */
export function decideUpsert(
  existing: Vehicle | undefined,
  dealershipId: string,
  newId: string,
  rawFields: VehicleFields,
  now: string,
): UpsertDecision {
  const fields = normaliseFields(rawFields);
  if (!existing) {
    const vehicle: Vehicle = {
      ...fields,
      id: newId,
      dealershipId,
      firstSeenAt: now,
      lastSeenAt: now,
      createdAt: now,
      updatedAt: now,
      removedAt: nextRemovedAt(undefined, fields.status, now),
    };
    return { vehicle, outcome: "created", priceChanged: false, appendHistory: true };
  }
  if (sameFields(normaliseFields(existing), fields)) {
    return {
      vehicle: { ...existing, lastSeenAt: now },
      outcome: "unchanged",
      priceChanged: false,
      appendHistory: false,
    };
  }
  const priceChanged = !samePrice(existing.price, fields.price);
  const vehicle: Vehicle = {
    ...existing,
    ...fields,
    lastSeenAt: now,
    updatedAt: now,
    removedAt: nextRemovedAt(existing, fields.status, now),
  };
  return { vehicle, outcome: "updated", priceChanged, appendHistory: priceChanged };
}

export interface PatchDecision {
  vehicle: Vehicle;
  changed: boolean;
  priceChanged: boolean;
}

/** Applies a partial update (VIN cannot change; keys absent from the patch are kept). */
export function decidePatch(existing: Vehicle, patch: VehiclePatch, now: string): PatchDecision {
  const merged = { ...normaliseFields(existing) } as VehicleFields;
  for (const key of FIELD_KEYS) {
    if (key === "vin" || !Object.hasOwn(patch, key)) continue;
    const value = (patch as Record<string, unknown>)[key];
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  const fields = normaliseFields(merged);
  if (sameFields(normaliseFields(existing), fields))
    return { vehicle: existing, changed: false, priceChanged: false };
  return {
    vehicle: {
      ...existing,
      ...fields,
      updatedAt: now,
      removedAt: nextRemovedAt(existing, fields.status, now),
    },
    changed: true,
    priceChanged: !samePrice(existing.price, fields.price),
  };
}
