import type { Principal } from "@forecourt/domain";
import { forbidden, notFound } from "./errors";

/**
 * Tenant scoping and role checks, in one place. The rule that keeps ids from leaking: a principal that
 * may not see a dealership at all gets `not_found` — exactly what a missing id gets. Only a principal
 * that can see the dealership but lacks the role for an action gets `forbidden`.
 */
export type DealershipAction =
  /** read the dealership, its inventory and price history */
  | "read"
  /** create/update/delete vehicles (dealer_staff and up) */
  | "write_inventory"
  /** manage API keys and the dealership's own settings (dealer_admin and up) */
  | "admin";

export function canSeeDealership(principal: Principal, dealershipId: string): boolean {
  if (principal.kind === "api_key") return principal.dealershipId === dealershipId;
  if (principal.role === "platform_admin") return true;
  return principal.dealershipIds.includes(dealershipId);
}

export function authorizeDealership(
  principal: Principal,
  dealershipId: string,
  action: DealershipAction,
): void {
  if (!canSeeDealership(principal, dealershipId)) throw notFound("dealership", dealershipId);
  if (principal.kind === "api_key") {
    if (action !== "read") throw forbidden("publishable API keys are read-only");
    return;
  }
  if (principal.role === "platform_admin") return;
  if (action === "admin" && principal.role !== "dealer_admin") {
    throw forbidden("this action needs the dealer_admin role for this dealership");
  }
}

export function requirePlatformAdmin(principal: Principal, what: string): void {
  if (principal.kind !== "user" || principal.role !== "platform_admin") {
    throw forbidden(`only platform operators (role platform_admin) can ${what}`);
  }
}

export function requireUser(principal: Principal, what: string): Extract<Principal, { kind: "user" }> {
  if (principal.kind !== "user") throw forbidden(`publishable API keys cannot ${what}`);
  return principal;
}
