export { CATALOG, COLORS, type CatalogModel } from "./catalog";
export { buildVin, generateInventory, type GenerateOptions } from "./generate";
export { createRandom, type Random } from "./random";
