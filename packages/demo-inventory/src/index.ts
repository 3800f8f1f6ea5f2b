export { CATALOG, type CatalogModel, COLORS } from "./catalog";
export { buildVin, type GenerateOptions, generateInventory } from "./generate";
export { createRandom, type Random } from "./random";
