import { useSyncExternalStore } from "react";

export type Role = "platform_admin" | "dealer_admin" | "dealer_staff";
export interface Session {
  token: string;
  subject: string;
  role: Role;
  dealerships: string[];
  expiresAt: number | null;
}

const KEY = "forecourt.admin.token";
const ROLES: Role[] = ["platform_admin", "dealer_admin", "dealer_staff"];
let notice: string | null = null;
const listeners = new Set<() => void>();

function base64UrlDecode(part: string): string {
  const b64 = part
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(part.length / 4) * 4, "=");
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}

/**
 * Reads a JWT's claims to show who is signed in and what to offer. This is NOT verification: the API
 * verifies every request; a forged token only gets the sign-in screen back (401) or "not found" (404).
 */
export function parseToken(token: string): Session {
  const parts = token.trim().split(".");
  if (parts.length !== 3) throw new Error("That is not a JWT (expected three dot-separated parts).");
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1]!));
  } catch {
    throw new Error("The token's payload is not readable JSON.");
  }
  const role = claims.role as Role;
  if (!ROLES.includes(role))
    throw new Error(`The token has no Forecourt role (role claim: ${String(claims.role)}).`);
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : null;
  if (exp !== null && exp < Date.now()) throw new Error("The token has expired.");
  const dealerships = Array.isArray(claims.dealerships) ? claims.dealerships.map(String) : [];
  return { token: token.trim(), subject: String(claims.sub ?? "unknown"), role, dealerships, expiresAt: exp };
}

function read(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  try {
    return parseToken(token);
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

let current: Session | null = typeof sessionStorage === "undefined" ? null : read();
const emit = () => {
  for (const l of listeners) l();
};

export function signIn(token: string): Session {
  const session = parseToken(token);
  sessionStorage.setItem(KEY, session.token);
  current = session;
  notice = null;
  emit();
  return session;
}

export function signOut(why: string | null = null) {
  sessionStorage.removeItem(KEY);
  current = null;
  notice = why;
  emit();
}

export const getToken = () => current?.token ?? null;
export const takeNotice = () => notice;

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

export const isOperator = (s: Session | null) => s?.role === "platform_admin";
export const canAdminister = (s: Session | null) =>
  s?.role === "platform_admin" || s?.role === "dealer_admin";
