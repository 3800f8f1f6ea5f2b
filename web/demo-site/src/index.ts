/**
 * @forecourt/demo-site — a small, seeded dealer website that changes between scrapes, for `npm start`,
 * tests and benchmarks. See ../README.md.
 */

export { Inventory, type LotChanges, type LotVehicle, MAX_GENERATION, type RepriceChange } from "./lot";
export { DEFAULT_PORT, type DemoSiteHandle, startDemoSite } from "./server";
export {
  BROKEN_LISTING_SIZE,
  DEFAULT_SETTINGS,
  DemoSite,
  type SettingsPatch,
  type SiteIdentity,
} from "./site";
export {
  type DemoRequest,
  type DemoResponse,
  type DemoSiteOptions,
  type DemoSiteSettings,
  type DemoSiteSnapshot,
  type DemoSiteStats,
  isSiteStyle,
  SITE_STYLES,
  type SiteStyle,
  VEHICLE_STYLES,
  type VehicleStyle,
} from "./types";
