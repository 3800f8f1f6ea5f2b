import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

export const keys = {
  dealerships: ["dealerships"] as const,
  dealership: (id: string) => ["dealership", id] as const,
  apiKeys: (id: string) => ["apiKeys", id] as const,
  vehicles: (id: string, query: object) => ["vehicles", id, query] as const,
  vehicle: (id: string, vehicleId: string) => ["vehicle", id, vehicleId] as const,
  priceHistory: (id: string, vehicleId: string) => ["priceHistory", id, vehicleId] as const,
  jobs: (id: string) => ["jobs", id] as const,
  allJobs: (filter: object) => ["allJobs", filter] as const,
  job: (jobId: string) => ["job", jobId] as const,
  quality: (id: string) => ["quality", id] as const,
};

export function useDealership(id: string) {
  return useQuery({
    queryKey: keys.dealership(id),
    queryFn: () => unwrap(api.GET("/v1/dealerships/{id}", { params: { path: { id } } })),
  });
}
