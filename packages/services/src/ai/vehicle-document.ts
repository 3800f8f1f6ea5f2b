import type { Vehicle } from "@forecourt/domain";
import { sha256Hex } from "../crypto";

/**
 * The one document a vehicle becomes in the vector store (shared by the embedder, which writes it, and
 * semantic search/chat, which read it):
 * - id = vehicle id, namespace = dealership id;
 * - text = a readable description that is embedded;
 * - metadata = the filterable fields below, each left out when the vehicle has no value. Vectorize allows at
 *   most 10 metadata indexes per index, so these are exactly the 10 keys search may filter on.
 * Only ACTIVE vehicles are in the store: `isEmbeddable` says which; sold/removed ones are deleted from it.
 */

/** The metadata keys (and their value types) every adapter stores for a vehicle. */
export interface VehicleVectorMetadata {
  year?: number;
  /** Canonical make as stored on the vehicle ("Ford", "Mercedes-Benz"). */
  make?: string;
  model?: string;
  bodyStyle?: string;
  /** Minor units (cents). */
  price?: number;
  mileage?: number;
  drivetrain?: string;
  fuelType?: string;
  colorFamily?: string;
  condition?: string;
}

export const VEHICLE_METADATA_KEYS = [
  "year",
  "make",
  "model",
  "bodyStyle",
  "price",
  "mileage",
  "drivetrain",
  "fuelType",
  "colorFamily",
  "condition",
] as const satisfies readonly (keyof VehicleVectorMetadata)[];

export interface VehicleDocument {
  id: string;
  namespace: string;
  text: string;
  metadata: VehicleVectorMetadata;
}

/** How much of the free-text description goes into the embedded text. */
export const DESCRIPTION_CHARS = 600;

const LABELS: Record<string, string> = {
  fwd: "front-wheel drive (FWD)",
  rwd: "rear-wheel drive (RWD)",
  awd: "all-wheel drive (AWD)",
  "4wd": "four-wheel drive (4WD, 4x4)",
  suv: "SUV",
  plug_in_hybrid: "plug-in hybrid",
  cvt: "CVT automatic",
  dct: "dual-clutch automatic",
  certified: "certified pre-owned",
};

const label = (v: string) => LABELS[v] ?? v.replace(/_/g, " ");

/** C0 controls and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_RUN = /[\u0000-\u001f\u007f]+/g;

/** Collapses whitespace and strips control characters (scraped text is data, kept readable). */
function clean(text: string): string {
  return text.replace(CONTROL_RUN, " ").replace(/\s+/g, " ").trim();
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function formatMoney(amount: number, currency: string): string {
  const major = amount / 100;
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      maximumFractionDigits: amount % 100 === 0 ? 0 : 2,
    }).format(major);
  } catch {
    return `${major.toFixed(2)} ${currency}`;
  }
}

/** Whether the vehicle belongs in the vector store at all (only active vehicles do). */
export function isEmbeddable(vehicle: Pick<Vehicle, "status">): boolean {
  return vehicle.status === "active";
}

/** The embedded text: title line, then the facts, then the start of the description. */
export function vehicleText(v: Vehicle): string {
  const title = [String(v.year), v.make, v.model, v.trim ?? ""]
    .filter((s) => s.length > 0)
    .map(clean)
    .join(" ");
  const facts: string[] = [];
  if (v.bodyStyle) facts.push(`Body: ${label(v.bodyStyle)}`);
  facts.push(`Condition: ${label(v.condition)}`);
  const colours: string[] = [];
  const family = v.exteriorColorFamily;
  if (v.exteriorColor) {
    const named = clean(v.exteriorColor);
    const addFamily = family && family !== "other" && !named.toLowerCase().includes(family);
    colours.push(`${named}${addFamily ? ` (${family})` : ""} exterior`);
  } else if (family && family !== "other") colours.push(`${family} exterior`);
  if (v.interiorColor) colours.push(`${clean(v.interiorColor)} interior`);
  if (colours.length) facts.push(`Colour: ${colours.join(", ")}`);
  if (v.drivetrain) facts.push(`Drivetrain: ${label(v.drivetrain)}`);
  if (v.fuelType) facts.push(`Fuel: ${label(v.fuelType)}`);
  if (v.transmission) facts.push(`Transmission: ${label(v.transmission)}`);
  if (v.engine) facts.push(`Engine: ${clean(v.engine)}`);
  if (v.mileage !== null) facts.push(`Mileage: ${v.mileage.toLocaleString("en-US")} miles`);
  if (v.price) facts.push(`Price: ${formatMoney(v.price.amount, v.price.currency)}`);
  const lines = [`${title}${v.bodyStyle ? ` ${label(v.bodyStyle)}` : ""}`, `${facts.join(". ")}.`];
  const description = v.description ? truncate(clean(v.description), DESCRIPTION_CHARS) : "";
  if (description) lines.push(description);
  return lines.join("\n");
}

/** The filterable metadata (exactly VEHICLE_METADATA_KEYS, each omitted when null). */
export function vehicleMetadata(v: Vehicle): VehicleVectorMetadata {
  const m: VehicleVectorMetadata = {};
  m.year = v.year;
  if (v.make) m.make = v.make;
  if (v.model) m.model = v.model;
  if (v.bodyStyle) m.bodyStyle = v.bodyStyle;
  if (v.price) m.price = v.price.amount;
  if (v.mileage !== null) m.mileage = v.mileage;
  if (v.drivetrain) m.drivetrain = v.drivetrain;
  if (v.fuelType) m.fuelType = v.fuelType;
  if (v.exteriorColorFamily) m.colorFamily = v.exteriorColorFamily;
  if (v.condition) m.condition = v.condition;
  return m;
}

export function vehicleDocument(vehicle: Vehicle): VehicleDocument {
  return {
    id: vehicle.id,
    namespace: vehicle.dealershipId,
    text: vehicleText(vehicle),
    metadata: vehicleMetadata(vehicle),
  };
}

/**
 * Content hash of a document as embedded by `embeddingModel` (provider/model id and dimensions): equal
 * hashes mean the stored vector is still right, so the embedder skips the vehicle. Metadata keys are
 * hashed in a fixed order so the hash does not depend on object key order.
 */
export async function vehicleDocumentHash(
  doc: Pick<VehicleDocument, "text" | "metadata">,
  embeddingModel: string,
): Promise<string> {
  const meta = VEHICLE_METADATA_KEYS.map((k) => [k, doc.metadata[k] ?? null]);
  return sha256Hex(JSON.stringify([1, embeddingModel, doc.text, meta]));
}
