export { createRepositories, type RepositoryOptions } from "./create-repositories";
export * from "./repositories";
export { FACET_LIMIT } from "./sql/vehicle-facets";
export { MAX_PAGE_SIZE } from "./sql/vehicle-search";
