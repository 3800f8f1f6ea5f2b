import { describe, expect, it } from "vitest";
import type { Vehicle, VehicleFields } from "../../packages/domain/src/index.ts";
import { keepKnownFields } from "../../packages/services/src/scraping/keep-known-fields.ts";

const stored: Vehicle = {
  id: "veh_1",
  dealershipId: "dlr_1",
  vin: "1HGCM82633A004352",
  year: 2003,
  make: "Honda",
  model: "Accord",
  trim: "EX",
  bodyStyle: "sedan",
  condition: "used",
  price: { amount: 499_500, currency: "USD" },
  mileage: 150_000,
  exteriorColor: "Silver",
  exteriorColorFamily: "silver",
  interiorColor: "Gray Cloth",
  drivetrain: "fwd",
  transmission: "automatic",
  fuelType: "gasoline",
  engine: "3.0L V6",
  photos: ["https://dealer.example/p/1.jpg", "https://dealer.example/p/2.jpg"],
  description: "One owner.",
  stockNumber: "U1234",
  sourceUrl: "https://dealer.example/vdp/1",
  status: "active",
  firstSeenAt: "2026-01-01T00:00:00.000Z",
  lastSeenAt: "2026-01-01T00:00:00.000Z",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  removedAt: null,
};
const {
  id: _i,
  dealershipId: _d,
  firstSeenAt: _f,
  lastSeenAt: _l,
  createdAt: _c,
  updatedAt: _u,
  removedAt: _r,
  ...fields
} = stored;
const bare: VehicleFields = {
  ...fields,
  trim: null,
  bodyStyle: null,
  mileage: null,
  exteriorColor: null,
  exteriorColorFamily: null,
  interiorColor: null,
  drivetrain: null,
  transmission: null,
  fuelType: null,
  engine: null,
  photos: [],
  description: null,
  stockNumber: null,
};

describe("keepKnownFields (a scrape never erases what the page merely failed to show)", () => {
  it("returns the scraped fields as they are for a new vehicle", () => {
    expect(keepKnownFields(bare, undefined)).toEqual(bare);
  });

  it("fills every empty descriptive field and the photos from the stored vehicle", () => {
    expect(keepKnownFields(bare, stored)).toEqual(fields);
  });

  it("keeps what the page did show, even when it differs", () => {
    const scraped = {
      ...bare,
      mileage: 151_000,
      photos: ["https://dealer.example/p/9.jpg"],
      description: "New tyres.",
    };
    const merged = keepKnownFields(scraped, stored);
    expect(merged.mileage).toBe(151_000);
    expect(merged.photos).toEqual(["https://dealer.example/p/9.jpg"]);
    expect(merged.description).toBe("New tyres.");
    expect(merged.engine).toBe("3.0L V6");
  });

  it("lets a price disappear ('Call for price') and never touches status", () => {
    const merged = keepKnownFields(
      { ...bare, price: null, status: "active" },
      { ...stored, status: "removed" },
    );
    expect(merged.price).toBeNull();
    expect(merged.status).toBe("active");
  });
});
