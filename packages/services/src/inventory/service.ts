import type { Repositories, VehicleWrite } from "@forecourt/db";
import {
  type ColorFamily,
  FACET_NAMES,
  type PriceHistoryEntry,
  type Principal,
  type Vehicle,
  type VehicleFields,
  type VehiclePage,
  type VehicleQuery,
  type VehicleSort,
  type VehicleStatus,
} from "@forecourt/domain";
import type { Clock } from "../clock";
import {
  badRequest,
  type Issue,
  isInvalidCursor,
  notFound,
  ServiceError,
  unprocessable,
  validationFailed,
} from "../errors";
import { newId } from "../ids";
import { authorizeDealership } from "../policy";
import type { QualityService } from "../quality/service";
import {
  collapse,
  colorFamilyFilter,
  normalizeMake,
  normalizeModel,
  normalizeVehicleFields,
  type VehicleInput,
} from "./normalize";
import { checkVin, type VinDecoder } from "./vin-rules";

export const BULK_MAX_ITEMS = 1000;
export const SEARCH_LIMIT_DEFAULT = 24;
export const SEARCH_LIMIT_MAX = 100;
export const SEARCH_TEXT_MAX = 200;

/** Notified after inventory writes commit (e.g. to enqueue re-embedding). Failures never fail the write. */
export interface InventoryEvents {
  vehiclesChanged(dealershipId: string, vehicleIds: string[]): Promise<void>;
}

export type VehiclePatch = Partial<Omit<VehicleInput, "vin">>;

/**
 * A search as callers express it (HTTP query, already type-checked); the service applies defaults and rules
 * to build the repository's VehicleQuery: colour words become families, `q` becomes `text`, status/sort/limit
 * get their defaults.
 */
export interface VehicleSearchInput
  extends Omit<VehicleQuery, "exteriorColorFamily" | "text" | "status" | "sort" | "limit"> {
  /** Colour words or families ("grey", "navy", "blue"); matched on the colour family. */
  color?: string[];
  q?: string;
  status?: VehicleStatus[];
  sort?: VehicleSort;
  limit?: number;
}

export type BulkItemResult =
  | {
      index: number;
      vin: string;
      outcome: "created" | "updated" | "unchanged";
      id: string;
      priceChanged: boolean;
    }
  | {
      index: number;
      vin: string;
      outcome: "failed";
      error: { code: "validation_failed" | "unprocessable"; message: string; issues: Issue[] };
    };

export interface BulkResult {
  results: BulkItemResult[];
  summary: { created: number; updated: number; unchanged: number; failed: number };
}

export const PUBLIC_FACETS = FACET_NAMES.filter((f) => f !== "status");

type Validated =
  | { ok: true; fields: VehicleFields }
  | { ok: false; code: "validation_failed" | "unprocessable"; issues: Issue[] };

export class InventoryService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly decodeVin: VinDecoder,
    private readonly events: InventoryEvents | null = null,
    private readonly quality: Pick<QualityService, "scoreVehicles"> | null = null,
  ) {}

  /** Field rules, then the VIN: an invalid VIN or a year/make the VIN contradicts is `unprocessable`. */
  validate(input: VehicleInput): Validated {
    const { fields, issues } = normalizeVehicleFields(input, this.clock.now().getUTCFullYear());
    if (issues.length > 0) return { ok: false, code: "validation_failed", issues };
    const vin = checkVin(fields, this.decodeVin, this.clock.now());
    if (vin.invalid.length > 0) return { ok: false, code: "unprocessable", issues: vin.invalid };
    if (vin.mismatches.length > 0) return { ok: false, code: "unprocessable", issues: vin.mismatches };
    return { ok: true, fields };
  }

  /** Create or update by VIN (unique per dealership). POST semantics: fields not sent are cleared. */
  async upsert(
    principal: Principal,
    dealershipId: string,
    input: VehicleInput,
  ): Promise<{ vehicle: Vehicle; outcome: "created" | "updated" | "unchanged" }> {
    authorizeDealership(principal, dealershipId, "write_inventory");
    const v = this.validate(input);
    if (!v.ok) throw invalidVehicle(v);
    await this.requireDealership(dealershipId);
    const now = this.clock.now();
    const [result] = await this.repos.vehicles.upsertMany(
      dealershipId,
      [{ newId: newId("veh", now.getTime()), fields: v.fields }],
      { now: now.toISOString(), source: "api" },
    );
    if (!result) throw new Error("upsertMany returned no result for one write");
    if (result.outcome !== "unchanged") await this.score(dealershipId, [result.id]);
    const vehicle = await this.repos.vehicles.get(dealershipId, result.id);
    if (!vehicle) throw new Error(`vehicle ${result.id} vanished right after its upsert`);
    if (result.outcome !== "unchanged") await this.notify(dealershipId, [vehicle.id]);
    return { vehicle, outcome: result.outcome };
  }

  /**
   * Up to 1,000 items. Every item is validated first; the valid ones are written in one atomic batch.
   * With `atomic`, a single invalid item rejects the whole call (422) and nothing is written.
   * A VIN repeated within one call is reported as failed for every occurrence after the first.
   */
  async bulkUpsert(
    principal: Principal,
    dealershipId: string,
    items: VehicleInput[],
    opts: { atomic: boolean },
  ): Promise<BulkResult> {
    authorizeDealership(principal, dealershipId, "write_inventory");
    if (items.length < 1 || items.length > BULK_MAX_ITEMS) {
      throw validationFailed(`send 1 to ${BULK_MAX_ITEMS} items per call`, [
        {
          path: ["items"],
          code: "invalid_length",
          message: `items must hold 1 to ${BULK_MAX_ITEMS} vehicles`,
        },
      ]);
    }
    const results: (BulkItemResult | null)[] = new Array(items.length).fill(null);
    const writes: { index: number; write: VehicleWrite }[] = [];
    const firstIndexByVin = new Map<string, number>();
    const nowDate = this.clock.now();
    items.forEach((item, index) => {
      const v = this.validate(item);
      const vin = typeof item.vin === "string" ? item.vin.trim().toUpperCase() : "";
      if (!v.ok) {
        results[index] = {
          index,
          vin,
          outcome: "failed",
          error: { code: v.code, message: describe(v), issues: v.issues },
        };
        return;
      }
      const first = firstIndexByVin.get(v.fields.vin);
      if (first !== undefined) {
        results[index] = {
          index,
          vin,
          outcome: "failed",
          error: {
            code: "validation_failed",
            message: `VIN ${vin} already appears at index ${first} of this call; send each VIN once`,
            issues: [{ path: ["vin"], code: "duplicate_in_batch", message: `duplicate of items[${first}]` }],
          },
        };
        return;
      }
      firstIndexByVin.set(v.fields.vin, index);
      writes.push({ index, write: { newId: newId("veh", nowDate.getTime()), fields: v.fields } });
    });

    const failed = results.filter((r) => r !== null) as BulkItemResult[];
    if (opts.atomic && failed.length > 0) {
      throw unprocessable(
        `${failed.length} of ${items.length} items are invalid, and atomic=true: nothing was written. Fix the items listed in details.items and resend.`,
        { items: failed },
      );
    }
    await this.requireDealership(dealershipId);
    if (writes.length > 0) {
      const written = await this.repos.vehicles.upsertMany(
        dealershipId,
        writes.map((w) => w.write),
        { now: nowDate.toISOString(), source: "bulk" },
      );
      const byVin = new Map(written.map((r) => [r.vin, r]));
      for (const w of writes) {
        const r = byVin.get(w.write.fields.vin);
        if (!r) throw new Error(`upsertMany returned no result for VIN ${w.write.fields.vin}`);
        results[w.index] = {
          index: w.index,
          vin: r.vin,
          outcome: r.outcome,
          id: r.id,
          priceChanged: r.priceChanged,
        };
      }
      const changed = written.filter((r) => r.outcome !== "unchanged").map((r) => r.id);
      if (changed.length > 0) {
        await this.score(dealershipId, changed);
        await this.notify(dealershipId, changed);
      }
    }
    const final = results as BulkItemResult[];
    const summary = { created: 0, updated: 0, unchanged: 0, failed: 0 };
    for (const r of final) summary[r.outcome]++;
    return { results: final, summary };
  }

  async get(principal: Principal, dealershipId: string, vehicleId: string): Promise<Vehicle> {
    authorizeDealership(principal, dealershipId, "read");
    const vehicle = await this.repos.vehicles.get(dealershipId, vehicleId);
    if (!vehicle) throw notFound("vehicle", vehicleId);
    return vehicle;
  }

  /**
   * Partial update. Only the sent fields are validated (old rows may predate a rule); changing year or
   * make re-runs the VIN cross-check. Sending `exteriorColor` alone re-derives the colour family.
   */
  async update(
    principal: Principal,
    dealershipId: string,
    vehicleId: string,
    patch: VehiclePatch,
  ): Promise<Vehicle> {
    authorizeDealership(principal, dealershipId, "write_inventory");
    const existing = await this.repos.vehicles.get(dealershipId, vehicleId);
    if (!existing) throw notFound("vehicle", vehicleId);
    const touched = (Object.keys(patch) as (keyof VehiclePatch)[]).filter((k) => patch[k] !== undefined);
    if ("vin" in patch) {
      throw validationFailed(
        "the VIN identifies the vehicle and cannot be changed; create a new vehicle instead",
        [{ path: ["vin"], code: "immutable", message: "vin cannot be changed" }],
      );
    }
    if (touched.length === 0) return existing;
    const merged: VehicleInput = { ...existing, ...patch };
    if (touched.includes("exteriorColor") && !touched.includes("exteriorColorFamily"))
      merged.exteriorColorFamily = null;
    const { fields, issues } = normalizeVehicleFields(merged, this.clock.now().getUTCFullYear());
    const relevant = issues.filter((i) => touched.includes(i.path[0] as keyof VehiclePatch));
    if (relevant.length > 0) throw validationFailed("the update has invalid fields; see details", relevant);
    if (touched.includes("year") || touched.includes("make")) {
      const vin = checkVin(fields, this.decodeVin, this.clock.now());
      // A stored VIN that no longer validates (e.g. an old scraped row) says nothing about year/make.
      if (vin.invalid.length === 0 && vin.mismatches.length > 0) {
        throw unprocessable("the new year/make contradicts the vehicle's VIN; see details", vin.mismatches);
      }
    }
    const diff: Partial<Omit<VehicleFields, "vin">> = {};
    const out = diff as Record<string, unknown>;
    for (const k of touched) out[k] = fields[k];
    if (touched.includes("exteriorColor")) diff.exteriorColorFamily = fields.exteriorColorFamily;
    const updated = await this.repos.vehicles.update(dealershipId, vehicleId, diff, {
      now: this.clock.now().toISOString(),
      source: "api",
    });
    if (!updated) throw notFound("vehicle", vehicleId);
    // Like an unchanged upsert: a patch that changed nothing is not rescored and not announced.
    if (!updated.changed) return updated.vehicle;
    await this.score(dealershipId, [vehicleId]);
    await this.notify(dealershipId, [vehicleId]);
    return updated.vehicle;
  }

  async delete(principal: Principal, dealershipId: string, vehicleId: string): Promise<void> {
    authorizeDealership(principal, dealershipId, "write_inventory");
    const deleted = await this.repos.vehicles.delete(dealershipId, vehicleId);
    if (!deleted) throw notFound("vehicle", vehicleId);
    await this.notify(dealershipId, [vehicleId]);
  }

  async priceHistory(
    principal: Principal,
    dealershipId: string,
    vehicleId: string,
  ): Promise<PriceHistoryEntry[]> {
    authorizeDealership(principal, dealershipId, "read");
    const vehicle = await this.repos.vehicles.get(dealershipId, vehicleId);
    if (!vehicle) throw notFound("vehicle", vehicleId);
    return this.repos.vehicles.priceHistory(dealershipId, vehicleId);
  }

  async search(principal: Principal, dealershipId: string, input: VehicleSearchInput): Promise<VehiclePage> {
    authorizeDealership(principal, dealershipId, "read");
    const query = buildQuery(input);
    await this.requireDealership(dealershipId);
    return this.runSearch(dealershipId, query);
  }

  /** The dealer-website view: the API key decides the dealership; only active vehicles; no status facet. */
  async searchPublic(principal: Principal, input: Omit<VehicleSearchInput, "status">): Promise<VehiclePage> {
    const dealershipId = publicDealership(principal);
    const query = buildQuery({ ...input, status: ["active"] });
    if (query.facets) query.facets = query.facets.filter((f) => f !== "status");
    return this.runSearch(dealershipId, query);
  }

  async getPublic(principal: Principal, vehicleId: string): Promise<Vehicle> {
    const dealershipId = publicDealership(principal);
    const vehicle = await this.repos.vehicles.get(dealershipId, vehicleId);
    if (vehicle?.status !== "active") throw notFound("vehicle", vehicleId);
    return vehicle;
  }

  private async runSearch(dealershipId: string, query: VehicleQuery): Promise<VehiclePage> {
    try {
      return await this.repos.vehicles.search(dealershipId, query);
    } catch (err) {
      if (isInvalidCursor(err)) {
        throw badRequest(
          "cursor is not valid for this search (malformed, or from a different sort); drop it to start again",
        );
      }
      throw err;
    }
  }

  private async requireDealership(dealershipId: string): Promise<void> {
    if (!(await this.repos.dealerships.get(dealershipId))) throw notFound("dealership", dealershipId);
  }

  /** Quality scores after a write. Best effort: the write stands; the background rescore catches up. */
  private async score(dealershipId: string, vehicleIds: string[]): Promise<void> {
    if (!this.quality) return;
    try {
      await this.quality.scoreVehicles(dealershipId, vehicleIds);
    } catch (err) {
      console.warn("quality scoring failed", { dealershipId, error: String(err) });
    }
  }

  private async notify(dealershipId: string, vehicleIds: string[]): Promise<void> {
    if (!this.events) return;
    try {
      await this.events.vehiclesChanged(dealershipId, vehicleIds);
    } catch {
      // Best effort: the embedder also reconciles on its own schedule.
    }
  }
}

function publicDealership(principal: Principal): string {
  if (principal.kind !== "api_key")
    throw new ServiceError("forbidden", "public inventory is read with a publishable API key");
  authorizeDealership(principal, principal.dealershipId, "read");
  return principal.dealershipId;
}

function describe(v: Extract<Validated, { ok: false }>): string {
  const first = v.issues[0]?.message ?? "invalid vehicle";
  const more =
    v.issues.length > 1 ? ` (and ${v.issues.length - 1} more problem${v.issues.length > 2 ? "s" : ""})` : "";
  return first + more;
}

function invalidVehicle(v: Extract<Validated, { ok: false }>): ServiceError {
  if (v.code === "validation_failed")
    return validationFailed(`the vehicle has invalid fields: ${describe(v)}`, v.issues);
  return unprocessable(
    v.issues[0]?.path[0] === "vin"
      ? `the VIN is not valid: ${describe(v)}`
      : `the vehicle contradicts its VIN: ${describe(v)}`,
    v.issues,
  );
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

export function buildQuery(input: VehicleSearchInput): VehicleQuery {
  const issues: Issue[] = [];
  const query: VehicleQuery = {
    status: input.status && input.status.length > 0 ? uniq(input.status) : ["active"],
    sort: input.sort ?? "newest",
    limit: input.limit ?? SEARCH_LIMIT_DEFAULT,
  };
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > SEARCH_LIMIT_MAX) {
    issues.push({
      path: ["limit"],
      code: "out_of_range",
      message: `limit must be from 1 to ${SEARCH_LIMIT_MAX}`,
    });
  }
  const list = (xs: string[] | undefined, f: (s: string) => string) => {
    const out = uniq(
      (xs ?? [])
        .map((s) => collapse(s))
        .filter(Boolean)
        .map(f),
    );
    return out.length > 0 ? out : undefined;
  };
  query.make = list(input.make, normalizeMake);
  query.model = list(input.model, normalizeModel);
  for (const k of ["yearMin", "yearMax", "priceMin", "priceMax", "mileageMax"] as const) {
    const v = input[k];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 0)
      issues.push({ path: [k], code: "out_of_range", message: `${k} must be a whole number ≥ 0` });
    query[k] = v;
  }
  if (query.yearMin !== undefined && query.yearMax !== undefined && query.yearMin > query.yearMax) {
    issues.push({
      path: ["yearMin"],
      code: "invalid_range",
      message: "yearMin must not be greater than yearMax",
    });
  }
  if (query.priceMin !== undefined && query.priceMax !== undefined && query.priceMin > query.priceMax) {
    issues.push({
      path: ["priceMin"],
      code: "invalid_range",
      message: "priceMin must not be greater than priceMax",
    });
  }
  if (input.bodyStyle?.length) query.bodyStyle = uniq(input.bodyStyle);
  if (input.condition?.length) query.condition = uniq(input.condition);
  if (input.fuelType?.length) query.fuelType = uniq(input.fuelType);
  if (input.drivetrain?.length) query.drivetrain = uniq(input.drivetrain);
  if (input.color?.length) {
    const families: ColorFamily[] = [];
    for (const c of input.color) {
      const f = colorFamilyFilter(c);
      if (!f) {
        issues.push({
          path: ["color"],
          code: "invalid_value",
          message: `color ${JSON.stringify(c)} is not a colour family; use black, white, silver, gray, red, blue, green, brown, beige, gold, orange, yellow, purple or other`,
        });
      } else families.push(f);
    }
    query.exteriorColorFamily = uniq(families);
  }
  if (input.q !== undefined) {
    const q = collapse(input.q);
    if (q.length > SEARCH_TEXT_MAX)
      issues.push({
        path: ["q"],
        code: "too_long",
        message: `q must be at most ${SEARCH_TEXT_MAX} characters`,
      });
    if (q) query.text = q;
  }
  if (input.cursor !== undefined) query.cursor = input.cursor;
  if (input.facets?.length) query.facets = uniq(input.facets);
  if (issues.length > 0) throw validationFailed("the search has invalid parameters; see details", issues);
  return query;
}
