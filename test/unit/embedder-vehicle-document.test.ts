import { generateInventory } from "@forecourt/demo-inventory";
import type { Vehicle, VehicleFields } from "@forecourt/domain";
import { describe, expect, it } from "vitest";
import {
  DESCRIPTION_CHARS,
  isEmbeddable,
  VEHICLE_METADATA_KEYS,
  vehicleDocument,
  vehicleDocumentHash,
} from "../../packages/services/src/ai/vehicle-document";

const NOW = "2026-04-01T00:00:00.000Z";

function vehicle(fields: Partial<VehicleFields> = {}, id = "veh_1"): Vehicle {
  return {
    id,
    dealershipId: "dlr_1",
    firstSeenAt: NOW,
    lastSeenAt: NOW,
    createdAt: NOW,
    updatedAt: NOW,
    removedAt: null,
    vin: "1FTFW1E50PFA00001",
    year: 2021,
    make: "Ford",
    model: "F-150",
    trim: "XLT",
    bodyStyle: "truck",
    condition: "used",
    price: { amount: 3_499_500, currency: "USD" },
    mileage: 42_000,
    exteriorColor: "Race Red",
    exteriorColorFamily: "red",
    interiorColor: "Black",
    drivetrain: "4wd",
    transmission: "automatic",
    fuelType: "gasoline",
    engine: "3.5L V6 EcoBoost",
    photos: [],
    description: "One owner, tow package, heated seats.",
    stockNumber: "A1",
    sourceUrl: null,
    status: "active",
    ...fields,
  };
}

describe("vehicleDocument", () => {
  it("is keyed by vehicle id in the dealership's namespace with readable text", () => {
    const doc = vehicleDocument(vehicle());
    expect(doc.id).toBe("veh_1");
    expect(doc.namespace).toBe("dlr_1");
    expect(doc.text).toContain("2021 Ford F-150 XLT truck");
    for (const part of [
      "Race Red exterior",
      "Black interior",
      "four-wheel drive",
      "Fuel: gasoline",
      "Transmission: automatic",
      "42,000 miles",
      "$34,995",
      "tow package",
    ]) {
      expect(doc.text).toContain(part);
    }
    expect(doc.metadata).toEqual({
      year: 2021,
      make: "Ford",
      model: "F-150",
      bodyStyle: "truck",
      price: 3_499_500,
      mileage: 42_000,
      drivetrain: "4wd",
      fuelType: "gasoline",
      colorFamily: "red",
      condition: "used",
    });
  });

  it("omits null metadata and never uses keys outside the agreed 10", () => {
    const doc = vehicleDocument(
      vehicle({
        bodyStyle: null,
        price: null,
        mileage: null,
        drivetrain: null,
        fuelType: null,
        exteriorColor: null,
        exteriorColorFamily: null,
        interiorColor: null,
        description: null,
        trim: null,
        engine: null,
        transmission: null,
      }),
    );
    expect(doc.metadata).toEqual({ year: 2021, make: "Ford", model: "F-150", condition: "used" });
    expect(doc.text).not.toMatch(/null|undefined|NaN/);
    for (const v of generateInventory({ count: 300, seed: 7 })) {
      const d = vehicleDocument(vehicle(v));
      for (const k of Object.keys(d.metadata)) expect(VEHICLE_METADATA_KEYS).toContain(k);
      expect(Object.keys(d.metadata).length).toBeLessThanOrEqual(10);
      for (const value of Object.values(d.metadata)) expect(value).not.toBeNull();
    }
  });

  it("keeps only the start of a long description and strips control characters", () => {
    const long = `Line one\u0000\u0007 ${"word ".repeat(1000)}`;
    const doc = vehicleDocument(vehicle({ description: long }));
    expect([...doc.text].some((c) => c.charCodeAt(0) < 9)).toBe(false);
    const desc = doc.text.split("\n")[2] ?? "";
    expect(desc.length).toBeLessThanOrEqual(DESCRIPTION_CHARS + 1);
    expect(desc.endsWith("…")).toBe(true);
  });

  it("handles non-USD prices and odd currencies without throwing", () => {
    expect(vehicleDocument(vehicle({ price: { amount: 1_999_999, currency: "EUR" } })).text).toContain(
      "€19,999.99",
    );
    expect(() => vehicleDocument(vehicle({ price: { amount: 100, currency: "ZZZ" } }))).not.toThrow();
  });

  it("adds the colour family when the dealer's colour name does not say it", () => {
    expect(
      vehicleDocument(vehicle({ exteriorColor: "Oxford", exteriorColorFamily: "white" })).text,
    ).toContain("Oxford (white) exterior");
  });

  it("only active vehicles are embeddable", () => {
    expect(isEmbeddable(vehicle())).toBe(true);
    expect(isEmbeddable(vehicle({ status: "sold" }))).toBe(false);
    expect(isEmbeddable(vehicle({ status: "removed" }))).toBe(false);
  });
});

describe("vehicleDocumentHash", () => {
  it("is stable for equal content and changes with text, metadata or model", async () => {
    const a = vehicleDocument(vehicle());
    const same = vehicleDocument(vehicle({}, "veh_1"));
    const h = await vehicleDocumentHash(a, "local/hash-384");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await vehicleDocumentHash(same, "local/hash-384")).toBe(h);
    // Metadata key order does not matter.
    const reordered = { ...a, metadata: Object.fromEntries(Object.entries(a.metadata).reverse()) };
    expect(await vehicleDocumentHash(reordered, "local/hash-384")).toBe(h);
    expect(await vehicleDocumentHash(a, "openai/text-embedding-3-small")).not.toBe(h);
    expect(
      await vehicleDocumentHash(vehicleDocument(vehicle({ mileage: 42_001 })), "local/hash-384"),
    ).not.toBe(h);
    expect(
      await vehicleDocumentHash(vehicleDocument(vehicle({ description: "Different" })), "local/hash-384"),
    ).not.toBe(h);
    // Fields outside the document (photos, stock number) do not force a re-embed.
    expect(
      await vehicleDocumentHash(
        vehicleDocument(vehicle({ photos: ["https://x/1.jpg"], stockNumber: "B2" })),
        "local/hash-384",
      ),
    ).toBe(h);
  });
});
