/**
 * findDuplicateHints: listings of one dealership that look like the same vehicle. The caller passes the result
 * to scoreVehicle as `ctx.duplicates`. Linear in the number of listings and photos (plus small groups).
 */

import { normaliseVin } from "@forecourt/vin";
import { cleanText, tokenize } from "./text";
import type { DuplicateHint } from "./types";

export interface DuplicateCandidate {
  id: string;
  vin?: string | null;
  photos?: readonly string[] | null;
  description?: string | null;
}

export interface FindDuplicatesOptions {
  /** A photo URL on more listings than this is a dealer banner or stock image, not evidence. Default 10. */
  maxPhotoSharing?: number;
  /** Two listings are "same photos" when they share at least min(this, the smaller gallery) URLs. Default 3. */
  minSharedPhotos?: number;
  /** Descriptions shorter than this many words are not compared (thin ones are flagged anyway). Default 15. */
  minDescriptionWords?: number;
}

const PLACEHOLDER_PHOTO = /(?:no[-_ ]?(?:image|photo)|coming[-_ ]?soon|placeholder|not[-_ ]?available)/i;

/** Map of listing id → hints (only listings with at least one hint appear). Ids in every hint are sorted. */
export function findDuplicateHints(
  listings: readonly DuplicateCandidate[],
  opts: FindDuplicatesOptions = {},
): Map<string, DuplicateHint[]> {
  const maxSharing = opts.maxPhotoSharing ?? 10;
  const minShared = opts.minSharedPhotos ?? 3;
  const minWords = opts.minDescriptionWords ?? 15;
  const out = new Map<string, DuplicateHint[]>();
  const add = (id: string, hint: DuplicateHint) => {
    const list = out.get(id) ?? [];
    list.push(hint);
    out.set(id, list);
  };
  const valid = listings.filter(
    (l) => typeof l === "object" && l !== null && typeof l.id === "string" && l.id !== "",
  );

  const groupHints = (kind: DuplicateHint["kind"], key: (l: DuplicateCandidate) => string | null) => {
    const groups = new Map<string, string[]>();
    for (const l of valid) {
      const k = key(l);
      if (k === null) continue;
      const g = groups.get(k) ?? [];
      if (!g.includes(l.id)) g.push(l.id);
      groups.set(k, g);
    }
    for (const g of groups.values()) {
      if (g.length < 2) continue;
      for (const id of g)
        add(id, { kind, vehicleIds: g.filter((x) => x !== id).sort(), scope: "dealership" });
    }
  };

  groupHints("same_vin", (l) => {
    if (typeof l.vin !== "string") return null;
    const vin = normaliseVin(l.vin).replace(/[\s-]+/g, "");
    return vin.length >= 11 ? vin : null;
  });
  groupHints("same_description", (l) => {
    if (typeof l.description !== "string") return null;
    const tokens = tokenize(cleanText(l.description));
    return tokens.length >= minWords ? tokens.join(" ") : null;
  });

  // Photos: count URLs shared between pairs of listings.
  const galleries = new Map<string, Set<string>>();
  const byUrl = new Map<string, string[]>();
  for (const l of valid) {
    const set = new Set<string>();
    for (const p of Array.isArray(l.photos) ? l.photos.slice(0, 1_000) : []) {
      if (typeof p !== "string") continue;
      const url = p.trim();
      if (url === "" || PLACEHOLDER_PHOTO.test(url)) continue;
      set.add(url);
    }
    galleries.set(l.id, set);
    for (const url of set) {
      const ids = byUrl.get(url) ?? [];
      if (!ids.includes(l.id)) ids.push(l.id);
      byUrl.set(url, ids);
    }
  }
  const shared = new Map<string, number>();
  for (const ids of byUrl.values()) {
    if (ids.length < 2 || ids.length > maxSharing) continue;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [a, b] = ids[i]! < ids[j]! ? [ids[i]!, ids[j]!] : [ids[j]!, ids[i]!];
        const key = `${a}\u0000${b}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const photoMates = new Map<string, string[]>();
  for (const [key, count] of shared) {
    const [a, b] = key.split("\u0000") as [string, string];
    const need = Math.min(minShared, galleries.get(a)!.size, galleries.get(b)!.size);
    if (count < need) continue;
    photoMates.set(a, [...(photoMates.get(a) ?? []), b]);
    photoMates.set(b, [...(photoMates.get(b) ?? []), a]);
  }
  for (const [id, mates] of photoMates)
    add(id, { kind: "same_photos", vehicleIds: mates.sort(), scope: "dealership" });
  return out;
}
