import { expect } from "vitest";
import type { NewApiKey } from "../../packages/db/src/index";
import { at, newDealership, uid } from "./fixtures";
import type { SuiteContext } from "./repository-suite";

const newKey = (dealershipId: string, n: number): NewApiKey => ({
  id: uid("key"),
  dealershipId,
  name: `Website key ${n}`,
  prefix: `fc_pk_${n}`,
  hash: `${uid("hash")}${"0".repeat(40)}`.slice(0, 64),
  now: at(n),
});

export function apiKeyCases({ repos, test }: SuiteContext) {
  test("create, findActiveByHash and list", async () => {
    const d = await repos().dealerships.create(newDealership());
    const k1 = newKey(d.id, 1);
    const k2 = newKey(d.id, 2);
    const created = await repos().apiKeys.create(k1);
    expect(created).toEqual({
      id: k1.id,
      dealershipId: d.id,
      name: k1.name,
      prefix: k1.prefix,
      createdAt: at(1),
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(created).not.toHaveProperty("hash");
    await repos().apiKeys.create(k2);
    expect(await repos().apiKeys.findActiveByHash(k1.hash)).toEqual(created);
    expect(await repos().apiKeys.findActiveByHash("f".repeat(64))).toBeNull();
    expect((await repos().apiKeys.list(d.id)).map((k) => k.id)).toEqual([k1.id, k2.id]);
  });

  test("revoke hides the key from findActiveByHash and is idempotent", async () => {
    const d = await repos().dealerships.create(newDealership());
    const key = newKey(d.id, 3);
    await repos().apiKeys.create(key);
    const revoked = await repos().apiKeys.revoke(d.id, key.id, at(10));
    expect(revoked?.revokedAt).toBe(at(10));
    expect(await repos().apiKeys.findActiveByHash(key.hash)).toBeNull();
    expect(await repos().apiKeys.revoke(d.id, key.id, at(20))).toEqual(revoked);
    // Revoked keys stay listed (with revokedAt) so staff can see them.
    expect(await repos().apiKeys.list(d.id)).toEqual([revoked]);
  });

  test("revoke and list are scoped by dealership", async () => {
    const a = await repos().dealerships.create(newDealership());
    const b = await repos().dealerships.create(newDealership());
    const key = newKey(a.id, 4);
    await repos().apiKeys.create(key);
    expect(await repos().apiKeys.revoke(b.id, key.id, at(10))).toBeNull();
    expect(await repos().apiKeys.revoke(a.id, uid("missing"), at(10))).toBeNull();
    expect(await repos().apiKeys.findActiveByHash(key.hash)).not.toBeNull();
    expect(await repos().apiKeys.list(b.id)).toEqual([]);
  });

  test("a second key with the same hash is rejected", async () => {
    const d = await repos().dealerships.create(newDealership());
    const key = newKey(d.id, 5);
    await repos().apiKeys.create(key);
    await expect(repos().apiKeys.create({ ...newKey(d.id, 6), hash: key.hash })).rejects.toThrow();
  });
}
