import type { Clock } from "./clock";
import type { DecodedVinLike, VinDecoder } from "./inventory/vin-rules";

/** VIN decoding for callers (staff decode a VIN before typing a car in). Stateless. */
export class VinService {
  constructor(
    private readonly decodeVin: VinDecoder,
    private readonly clock: Clock,
  ) {}

  decode(vin: string): DecodedVinLike & { manufacturer: string | null; country: string | null } {
    const d = this.decodeVin(vin, { now: this.clock.now() }) as DecodedVinLike & {
      manufacturer?: string | null;
      country?: string | null;
    };
    return { ...d, manufacturer: d.manufacturer ?? null, country: d.country ?? null };
  }
}
