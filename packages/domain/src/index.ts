export * from "./auth";
export * from "./dealership";
export * from "./scrape";
export * from "./vehicle";
