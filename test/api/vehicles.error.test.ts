import { describe, expect, it } from "vitest";
import { dealerStaff } from "./helpers/auth";
import { counts, createDealership, createVehicle, expectError, vehicleInput } from "./helpers/fixtures";
import { call, get, patch, post } from "./helpers/http";
import { breakCheckDigit, makeVin, WMI } from "./helpers/vins";

describe("vehicles: hostile input (nothing is written after any rejection)", async () => {
  const d = await createDealership();
  const token = await dealerStaff(d.id);
  const base = `/v1/dealerships/${d.id}/vehicles`;
  const nextYear = new Date().getUTCFullYear() + 1;

  const cases: [string, () => unknown, number, string, RegExp?][] = [
    [
      "missing vin",
      () => {
        const { vin, ...rest } = vehicleInput();
        return rest;
      },
      400,
      "validation_failed",
      /vin/,
    ],
    ["vin wrong type", () => vehicleInput({ vin: 1234567890123456 }), 400, "validation_failed"],
    ["vin too short", () => vehicleInput({ vin: "1G1ZD5ST0MU" }), 422, "unprocessable", /VIN/],
    ["vin with I/O/Q", () => vehicleInput({ vin: "1G1ZD5STOMU12345Q" }), 422, "unprocessable"],
    [
      "vin bad check digit",
      () => {
        const v = vehicleInput();
        return { ...v, vin: breakCheckDigit(v.vin) };
      },
      422,
      "unprocessable",
      /check digit/i,
    ],
    ["vin with punctuation", () => vehicleInput({ vin: "1G1ZD5ST-MU123456" }), 422, "unprocessable"],
    ["vin 64 chars", () => vehicleInput({ vin: "A".repeat(64) }), 422, "unprocessable", /17/],
    ["vin over 64 chars", () => vehicleInput({ vin: "A".repeat(65) }), 400, "validation_failed"],
    [
      "year contradicts VIN",
      () => vehicleInput({ vin: makeVin(2021), year: 2018 }),
      422,
      "unprocessable",
      /model year 2021/,
    ],
    [
      "make contradicts VIN",
      () => vehicleInput({ vin: makeVin(2021, WMI.honda), make: "Ford" }),
      422,
      "unprocessable",
      /make/,
    ],
    ["year absurd (3000)", () => vehicleInput({ year: 3000 }), 400, "validation_failed", /year/],
    [
      `year beyond next year (${nextYear + 1})`,
      () => vehicleInput({ year: nextYear + 1 }),
      400,
      "validation_failed",
      /year/,
    ],
    ["year 1899", () => vehicleInput({ year: 1899 }), 400, "validation_failed"],
    ["year fractional", () => vehicleInput({ year: 2020.5 }), 400, "validation_failed"],
    ["year as string", () => vehicleInput({ year: "2021" }), 400, "validation_failed"],
    [
      "negative price",
      () => vehicleInput({ price: { amount: -100, currency: "USD" } }),
      400,
      "validation_failed",
      /negative/,
    ],
    [
      "fractional price",
      () => vehicleInput({ price: { amount: 19999.99, currency: "USD" } }),
      400,
      "validation_failed",
      /minor units/,
    ],
    ["price as number", () => vehicleInput({ price: 19999 }), 400, "validation_failed"],
    [
      "price as string",
      () => vehicleInput({ price: { amount: "19999", currency: "USD" } }),
      400,
      "validation_failed",
    ],
    [
      "bad currency",
      () => vehicleInput({ price: { amount: 100, currency: "dollars" } }),
      400,
      "validation_failed",
    ],
    [
      "unknown price field",
      () => vehicleInput({ price: { amount: 100, currency: "USD", tax: 5 } }),
      400,
      "validation_failed",
    ],
    ["negative mileage", () => vehicleInput({ mileage: -1 }), 400, "validation_failed"],
    ["absurd mileage", () => vehicleInput({ mileage: 9_999_999 }), 400, "validation_failed"],
    [
      "unknown field",
      () => vehicleInput({ dealershipId: "dlr_other" }),
      400,
      "validation_failed",
      /dealershipId|Unrecognized/i,
    ],
    ["id injected", () => vehicleInput({ id: "veh_mine" }), 400, "validation_failed"],
    ["bad enum", () => vehicleInput({ bodyStyle: "tank" }), 400, "validation_failed"],
    ["bad status", () => vehicleInput({ status: "stolen" }), 400, "validation_failed"],
    [
      "bad photo url",
      () => vehicleInput({ photos: ["javascript:alert(1)"] }),
      400,
      "validation_failed",
      /photos/,
    ],
    [
      "too many photos",
      () => vehicleInput({ photos: Array.from({ length: 101 }, (_, i) => `https://img.example/${i}.jpg`) }),
      400,
      "validation_failed",
    ],
    ["empty make", () => vehicleInput({ make: "" }), 400, "validation_failed"],
    ["NUL in model", () => vehicleInput({ model: "Silverado\u0000" }), 400, "validation_failed"],
    ["escape sequence in trim", () => vehicleInput({ trim: "\u001b[2J" }), 400, "validation_failed"],
    ["blank model", () => vehicleInput({ model: "   " }), 400, "validation_failed"],
    [
      "description too long",
      () => vehicleInput({ description: "x".repeat(20_001) }),
      400,
      "validation_failed",
    ],
    ["array body", () => [vehicleInput()], 400, "validation_failed"],
    ["string body", () => "a vehicle", 400, "validation_failed"],
  ];

  it.each(cases)("POST rejects %s", async (_n, body, status, code, message) => {
    const before = await counts(d.id);
    const err = expectError(await post(base, body(), { token }), status, code);
    if (message) expect(err.message).toMatch(message);
    expect(err.details).toBeDefined();
    expect(await counts(d.id)).toEqual(before);
  });

  it("malformed JSON, wrong content type, empty body, oversize body → nothing written", async () => {
    const before = await counts(d.id);
    const json = { "Content-Type": "application/json" };
    expectError(
      await call(base, { method: "POST", token, rawBody: "{", headers: json }),
      400,
      "invalid_json",
    );
    expectError(
      await call(base, { method: "POST", token, rawBody: '{"vin": "x",}', headers: json }),
      400,
      "invalid_json",
    );
    expectError(
      await call(base, {
        method: "POST",
        token,
        rawBody: JSON.stringify(vehicleInput()),
        headers: { "Content-Type": "text/plain" },
      }),
      415,
      "unsupported_media_type",
    );
    expectError(await call(base, { method: "POST", token }), 400, "validation_failed");
    const huge = vehicleInput({ description: "x".repeat(1_100_000) });
    const err = expectError(await post(base, huge, { token }), 413, "payload_too_large");
    expect(err.details.maxBytes).toBe(1_048_576);
    expect(await counts(d.id)).toEqual(before);
  });

  it("the bulk endpoint allows larger bodies but not above its own limit", async () => {
    const before = await counts(d.id);
    const big = { items: [vehicleInput({ description: "y".repeat(19_000) })], pad: "z".repeat(6_000_000) };
    expectError(await post(`${base}/bulk`, big, { token }), 413, "payload_too_large");
    expect(await counts(d.id)).toEqual(before);
  });

  it.each([
    ["empty items", { items: [] }],
    ["too many items", { items: Array.from({ length: 1001 }, () => ({ vin: "x" })) }],
    ["items not an array", { items: "lots" }],
    ["an item of the wrong shape", { items: [vehicleInput(), { ...vehicleInput(), price: -1 }] }],
    ["unknown top-level field", { items: [vehicleInput()], mode: "fast" }],
    ["atomic not boolean", { items: [vehicleInput()], atomic: "yes" }],
  ])("bulk rejects %s with 400 and writes nothing", async (_n, body) => {
    const before = await counts(d.id);
    expectError(await post(`${base}/bulk`, body, { token }), 400, "validation_failed");
    expect(await counts(d.id)).toEqual(before);
  });

  it("PATCH: hostile input leaves the vehicle untouched", async () => {
    const v = await createVehicle(d.id);
    const bodies: [unknown, number, string][] = [
      [{ vin: makeVin(2021) }, 400, "validation_failed"],
      [{ price: { amount: -1, currency: "USD" } }, 400, "validation_failed"],
      [{ year: 1850 }, 400, "validation_failed"],
      [{ year: 2015 }, 422, "unprocessable"],
      [{ make: "Toyota" }, 422, "unprocessable"],
      [{ mileage: "lots" }, 400, "validation_failed"],
      [{ status: "gone" }, 400, "validation_failed"],
      [{ createdAt: "2000-01-01T00:00:00Z" }, 400, "validation_failed"],
    ];
    for (const [body, status, code] of bodies)
      expectError(await patch(`${base}/${v.id}`, body, { token }), status, code);
    expectError(
      await call(`${base}/${v.id}`, {
        method: "PATCH",
        token,
        rawBody: "{oops",
        headers: { "Content-Type": "application/json" },
      }),
      400,
      "invalid_json",
    );
    expect((await get(`${base}/${v.id}`, { token })).body).toEqual(v);
    expect((await get(`${base}/${v.id}/price-history`, { token })).body.items).toHaveLength(1);
  });

  it("unknown vehicle ids → 404 on every vehicle route", async () => {
    const missing = `${base}/veh_00000000000000000000000000`;
    expectError(await get(missing, { token }), 404, "not_found");
    expectError(await patch(missing, { mileage: 1 }, { token }), 404, "not_found");
    expectError(await call(missing, { method: "DELETE", token }), 404, "not_found");
    expectError(await get(`${missing}/price-history`, { token }), 404, "not_found");
    expectError(await get(`${base}/bad$id`, { token }), 400, "validation_failed");
  });

  it("writes to a dealership that does not exist → 404", async () => {
    const { platformAdmin } = await import("./helpers/auth");
    const res = await post("/v1/dealerships/dlr_00000000000000000000000000/vehicles", vehicleInput(), {
      token: await platformAdmin(),
    });
    expectError(res, 404, "not_found");
  });
});
