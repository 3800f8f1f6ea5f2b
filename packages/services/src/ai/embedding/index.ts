export * from "./admin";
export * from "./consumer";
export * from "./messages";
export * from "./migration-runner";
export * from "./migrations";
export * from "./sync";
