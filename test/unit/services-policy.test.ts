import type { Principal } from "@forecourt/domain";
import { authorizeDealership, canSeeDealership, type ServiceError } from "@forecourt/services";
import { describe, expect, it } from "vitest";

const A = "dlr_a";
const B = "dlr_b";
const platform: Principal = { kind: "user", subject: "ops", role: "platform_admin", dealershipIds: [] };
const adminA: Principal = { kind: "user", subject: "a1", role: "dealer_admin", dealershipIds: [A] };
const staffA: Principal = { kind: "user", subject: "s1", role: "dealer_staff", dealershipIds: [A] };
const keyA: Principal = { kind: "api_key", keyId: "key_1", dealershipId: A };

function outcome(p: Principal, id: string, action: "read" | "write_inventory" | "admin"): string {
  try {
    authorizeDealership(p, id, action);
    return "ok";
  } catch (err) {
    return (err as ServiceError).code;
  }
}

describe("tenant policy", () => {
  it("visibility", () => {
    expect(canSeeDealership(platform, B)).toBe(true);
    expect(canSeeDealership(adminA, A)).toBe(true);
    expect(canSeeDealership(adminA, B)).toBe(false);
    expect(canSeeDealership(keyA, B)).toBe(false);
  });

  it.each([
    [platform, A, "admin", "ok"],
    [adminA, A, "admin", "ok"],
    [adminA, B, "read", "not_found"],
    [adminA, B, "admin", "not_found"],
    [staffA, A, "read", "ok"],
    [staffA, A, "write_inventory", "ok"],
    [staffA, A, "admin", "forbidden"],
    [staffA, B, "admin", "not_found"],
    [keyA, A, "read", "ok"],
    [keyA, A, "write_inventory", "forbidden"],
    [keyA, B, "read", "not_found"],
  ] as const)("%o on %s for %s -> %s", (p, id, action, expected) => {
    expect(outcome(p, id, action)).toBe(expected);
  });

  it("not_found for another tenant reads exactly like a missing id", () => {
    const msg = (id: string) => {
      try {
        authorizeDealership(adminA, id, "read");
      } catch (err) {
        return (err as Error).message.replace(id, "<id>");
      }
    };
    expect(msg(B)).toBe(msg("dlr_does_not_exist"));
  });
});
