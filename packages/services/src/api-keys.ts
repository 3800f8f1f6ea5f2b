import type { Repositories } from "@forecourt/db";
import type { ApiKey, Principal } from "@forecourt/domain";
import type { Clock } from "./clock";
import { randomBase62, sha256Hex } from "./crypto";
import { conflict, notFound, validationFailed } from "./errors";
import { newId } from "./ids";
import { CONTROL_CHARS, collapse } from "./inventory/normalize";
import { authorizeDealership } from "./policy";

/** `fc_pk_` + 40 base62 characters (~238 bits). Publishable: meant for dealer websites, read-only. */
export const API_KEY_PREFIX = "fc_pk_";
export const API_KEY_RANDOM_LENGTH = 40;
/** How much of the key is kept in clear so people can tell keys apart. */
export const API_KEY_VISIBLE_CHARS = API_KEY_PREFIX.length + 6;
/** Enough for rotation (old and new side by side) across several sites, small enough to audit. */
export const MAX_ACTIVE_KEYS_PER_DEALERSHIP = 25;
const KEY_FORMAT = /^fc_pk_[0-9A-Za-z]{32,128}$/;

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The full key. Returned once, never stored. */
  key: string;
}

export class ApiKeyService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dealershipId: string, input: { name?: string }): Promise<CreatedApiKey> {
    authorizeDealership(principal, dealershipId, "admin");
    const name = collapse(input.name ?? "API key");
    if (name.length < 1 || name.length > 100 || CONTROL_CHARS.test(name)) {
      throw validationFailed("the API key has invalid fields; see details", [
        { path: ["name"], code: "invalid_name", message: "name must be 1 to 100 printable characters" },
      ]);
    }
    if (!(await this.repos.dealerships.get(dealershipId))) throw notFound("dealership", dealershipId);
    const existing = await this.repos.apiKeys.list(dealershipId);
    if (existing.filter((k) => !k.revokedAt).length >= MAX_ACTIVE_KEYS_PER_DEALERSHIP) {
      throw conflict(
        `this dealership already has ${MAX_ACTIVE_KEYS_PER_DEALERSHIP} active API keys; revoke one before creating another`,
      );
    }
    const key = API_KEY_PREFIX + randomBase62(API_KEY_RANDOM_LENGTH);
    const now = this.clock.now();
    const apiKey = await this.repos.apiKeys.create({
      id: newId("key", now.getTime()),
      dealershipId,
      name,
      prefix: key.slice(0, API_KEY_VISIBLE_CHARS),
      hash: await sha256Hex(key),
      now: now.toISOString(),
    });
    return { apiKey, key };
  }

  async list(principal: Principal, dealershipId: string): Promise<ApiKey[]> {
    authorizeDealership(principal, dealershipId, "admin");
    if (!(await this.repos.dealerships.get(dealershipId))) throw notFound("dealership", dealershipId);
    return this.repos.apiKeys.list(dealershipId);
  }

  /** Revoking an already-revoked key succeeds and returns it unchanged (idempotent). */
  async revoke(principal: Principal, dealershipId: string, keyId: string): Promise<ApiKey> {
    authorizeDealership(principal, dealershipId, "admin");
    const key = await this.repos.apiKeys.revoke(dealershipId, keyId, this.clock.now().toISOString());
    if (!key) throw notFound("API key", keyId, `dealership ${dealershipId}`);
    return key;
  }

  /**
   * Hot path for public requests: the principal for an active key, or null for anything else
   * (malformed, unknown, revoked). Malformed keys are rejected before hashing or touching the database.
   */
  async authenticate(rawKey: string): Promise<Extract<Principal, { kind: "api_key" }> | null> {
    if (!KEY_FORMAT.test(rawKey)) return null;
    const key = await this.repos.apiKeys.findActiveByHash(await sha256Hex(rawKey));
    if (!key || key.revokedAt) return null;
    return { kind: "api_key", keyId: key.id, dealershipId: key.dealershipId };
  }
}
