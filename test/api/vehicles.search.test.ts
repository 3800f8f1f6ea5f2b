import { describe, expect, it } from "vitest";
import { dealerStaff } from "./helpers/auth";
import { createDealership, expectError, vehicleInput } from "./helpers/fixtures";
import { get, post } from "./helpers/http";
import { makeVin, WMI } from "./helpers/vins";

describe("vehicles: search", async () => {
  const d = await createDealership();
  const token = await dealerStaff(d.id);
  const base = `/v1/dealerships/${d.id}/vehicles`;
  const fleet = [
    vehicleInput({
      year: 2021,
      make: "Chevrolet",
      model: "Silverado 1500",
      price: { amount: 3_500_000, currency: "USD" },
      mileage: 20_000,
      exteriorColor: "Black",
      bodyStyle: "truck",
      condition: "used",
      fuelType: "gasoline",
      drivetrain: "4wd",
    }),
    vehicleInput({
      year: 2019,
      vin: makeVin(2019),
      make: "chevy",
      model: "Malibu",
      price: { amount: 1_800_000, currency: "USD" },
      mileage: 45_000,
      exteriorColor: "Silver Ice",
      bodyStyle: "sedan",
      condition: "used",
      fuelType: "gasoline",
      drivetrain: "fwd",
    }),
    vehicleInput({
      year: 2022,
      vin: makeVin(2022, WMI.honda),
      make: "Honda",
      model: "cr-v",
      price: { amount: 3_100_000, currency: "USD" },
      mileage: 5_000,
      exteriorColor: "Grey",
      bodyStyle: "suv",
      condition: "certified",
      fuelType: "hybrid",
      drivetrain: "awd",
      description: "Panoramic sunroof",
    }),
    vehicleInput({
      year: 2023,
      vin: makeVin(2023, WMI.tesla),
      make: "Tesla",
      model: "Model 3",
      price: null,
      mileage: 1_000,
      exteriorColor: "Pearl White",
      bodyStyle: "sedan",
      condition: "new",
      fuelType: "electric",
      drivetrain: "rwd",
    }),
    vehicleInput({
      year: 2020,
      vin: makeVin(2020, WMI.ford),
      make: "Ford",
      model: "F-150",
      price: { amount: 2_900_000, currency: "USD" },
      mileage: 60_000,
      exteriorColor: "Red",
      bodyStyle: "truck",
      status: "sold",
    }),
  ];
  const created = (await post(`${base}/bulk`, { items: fleet }, { token })).body;
  expect(created.summary.created).toBe(5);

  const ids = async (qs: string) => {
    const res = await get(`${base}?${qs}`, { token });
    expect(res.status, res.text).toBe(200);
    return res.body.items.map((v: any) => `${v.make} ${v.model}`);
  };

  it("defaults to active vehicles, newest first, 24 per page", async () => {
    const res = await get(base, { token });
    expect(res.body.items).toHaveLength(4);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body).not.toHaveProperty("facets");
  });

  it.each([
    ["make=chevy", ["Chevrolet Malibu", "Chevrolet Silverado 1500"]],
    ["make=Honda,Tesla&sort=year_asc", ["Honda CR-V", "Tesla Model 3"]],
    ["make=honda&make=tesla&sort=year_asc", ["Honda CR-V", "Tesla Model 3"]],
    ["model=CR-V", ["Honda CR-V"]],
    ["yearMin=2021&yearMax=2022&sort=year_asc", ["Chevrolet Silverado 1500", "Honda CR-V"]],
    ["priceMin=2000000&priceMax=3200000", ["Honda CR-V"]],
    ["mileageMax=5000&sort=mileage_asc", ["Tesla Model 3", "Honda CR-V"]],
    ["bodyStyle=sedan&sort=year_asc", ["Chevrolet Malibu", "Tesla Model 3"]],
    ["condition=certified,new&sort=year_asc", ["Honda CR-V", "Tesla Model 3"]],
    ["fuelType=electric", ["Tesla Model 3"]],
    ["drivetrain=awd,4wd&sort=year_asc", ["Chevrolet Silverado 1500", "Honda CR-V"]],
    ["color=grey", ["Honda CR-V"]],
    ["color=white", ["Tesla Model 3"]],
    ["q=sunroof", ["Honda CR-V"]],
    ["q=MALIBU", ["Chevrolet Malibu"]],
    ["status=sold", ["Ford F-150"]],
    ["sort=price_asc", ["Chevrolet Malibu", "Honda CR-V", "Chevrolet Silverado 1500", "Tesla Model 3"]],
    ["sort=price_desc", ["Chevrolet Silverado 1500", "Honda CR-V", "Chevrolet Malibu", "Tesla Model 3"]],
    ["make=Chevrolet&q=zzz-no-match", []],
  ])("%s", async (qs, expected) => {
    const got = await ids(qs);
    if (qs.includes("sort=")) expect(got).toEqual(expected);
    else expect(got.sort()).toEqual([...expected].sort());
  });

  it("cursor pagination walks every vehicle exactly once", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await get(
        `${base}?limit=1&sort=price_asc&status=active,sold${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((v: any) => v.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it("facet counts honour the filters", async () => {
    const res = await get(`${base}?facets=make,bodyStyle,exteriorColorFamily,status&status=active,sold`, {
      token,
    });
    expect(res.body.facets.make).toEqual(
      expect.arrayContaining([
        { value: "Chevrolet", count: 2 },
        { value: "Ford", count: 1 },
      ]),
    );
    expect(res.body.facets.status).toEqual(
      expect.arrayContaining([
        { value: "active", count: 4 },
        { value: "sold", count: 1 },
      ]),
    );
    const trucks = await get(`${base}?bodyStyle=truck&facets=make`, { token });
    expect(trucks.body.facets.make).toEqual([{ value: "Chevrolet", count: 1 }]);
  });

  it.each([
    ["cursor=garbage", "bad_request"],
    ["cursor=%00%01", "validation_failed"],
    ["limit=0", "validation_failed"],
    ["limit=101", "validation_failed"],
    ["limit=-1", "validation_failed"],
    ["limit=1.5", "validation_failed"],
    ["yearMin=abc", "validation_failed"],
    ["yearMin=2022&yearMax=2019", "validation_failed"],
    ["priceMin=-5", "validation_failed"],
    ["priceMin=500&priceMax=100", "validation_failed"],
    ["priceMin=1e3", "validation_failed"],
    ["bodyStyle=spaceship", "validation_failed"],
    ["condition=mint", "validation_failed"],
    ["sort=random", "validation_failed"],
    ["facets=price", "validation_failed"],
    ["color=plaid", "validation_failed"],
    ["maxMileage=100", "validation_failed"],
    ["q=" + "x".repeat(201), "validation_failed"],
  ])("rejects %s with 400", async (qs, code) => {
    const err = expectError(await get(`${base}?${qs}`, { token }), 400, code);
    expect(err.message.length).toBeGreaterThan(10);
  });

  it("a cursor from another sort is rejected", async () => {
    const page = await get(`${base}?limit=1&sort=price_asc`, { token });
    expect(page.body.nextCursor).toBeTruthy();
    const res = await get(
      `${base}?limit=1&sort=year_desc&cursor=${encodeURIComponent(page.body.nextCursor)}`,
      { token },
    );
    expect(expectError(res, 400, "bad_request").message).toMatch(/cursor/);
  });
});
