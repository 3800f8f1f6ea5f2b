import type { App } from "../env";
import { registerV1ApiKeysCreate } from "./v1_apiKeys_create";
import { registerV1ApiKeysList } from "./v1_apiKeys_list";
import { registerV1ApiKeysRevoke } from "./v1_apiKeys_revoke";
import { registerV1DealershipsCreate } from "./v1_dealerships_create";
import { registerV1DealershipsGet } from "./v1_dealerships_get";
import { registerV1DealershipsList } from "./v1_dealerships_list";
import { registerV1DealershipsUpdate } from "./v1_dealerships_update";
import { registerV1Health } from "./v1_health";
import { registerV1PublicVehiclesGet } from "./v1_public_vehicles_get";
import { registerV1PublicVehiclesSearch } from "./v1_public_vehicles_search";
import { registerV1VehiclesBulk } from "./v1_vehicles_bulk";
import { registerV1VehiclesDelete } from "./v1_vehicles_delete";
import { registerV1VehiclesGet } from "./v1_vehicles_get";
import { registerV1VehiclesPriceHistory } from "./v1_vehicles_priceHistory";
import { registerV1VehiclesSearch } from "./v1_vehicles_search";
import { registerV1VehiclesUpdate } from "./v1_vehicles_update";
import { registerV1VehiclesUpsert } from "./v1_vehicles_upsert";
import { registerV1VinsDecode } from "./v1_vins_decode";

/** Every /v1 route, one file each (registered separately to keep @hono/zod-openapi's types shallow). */
export function registerRoutes(app: App): void {
  registerV1Health(app);
  registerV1DealershipsCreate(app);
  registerV1DealershipsList(app);
  registerV1DealershipsGet(app);
  registerV1DealershipsUpdate(app);
  registerV1ApiKeysCreate(app);
  registerV1ApiKeysList(app);
  registerV1ApiKeysRevoke(app);
  registerV1VehiclesBulk(app);
  registerV1VehiclesUpsert(app);
  registerV1VehiclesSearch(app);
  registerV1VehiclesGet(app);
  registerV1VehiclesUpdate(app);
  registerV1VehiclesDelete(app);
  registerV1VehiclesPriceHistory(app);
  registerV1PublicVehiclesSearch(app);
  registerV1PublicVehiclesGet(app);
  registerV1VinsDecode(app);
}
