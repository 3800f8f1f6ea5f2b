// Dealerships, keys and tokens the HTTP suites create through the real API (as any client would).
import { apiClient } from "../../scripts/lib/api-client";
import { mintDevToken } from "../../scripts/lib/dev-token";

export interface Fixture {
  dealershipId: string;
  apiKey?: string;
}

export async function platformApi(url: string) {
  const token = await mintDevToken({ role: "platform_admin", subject: "bench-operator" });
  return apiClient(url, { token });
}

export async function createDealership(
  url: string,
  name: string,
  rateLimits: {
    public?: { limit: number; windowSeconds: number };
    staff?: { limit: number; windowSeconds: number };
  },
  opts: { apiKey?: boolean } = {},
): Promise<Fixture> {
  const api = await platformApi(url);
  const d = await api<{ id: string }>("POST", "/v1/dealerships", {
    name: `${name} ${new Date().toISOString()}`,
    websiteUrl: "https://bench-fixture.invalid",
    rateLimits,
  });
  let apiKey: string | undefined;
  if (opts.apiKey)
    apiKey = (await api<{ key: string }>("POST", `/v1/dealerships/${d.id}/api-keys`, { name: "bench" })).key;
  return { dealershipId: d.id, apiKey };
}
