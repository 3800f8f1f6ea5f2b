export * from "./auth";
export * from "./dealership";
export * from "./vehicle";
