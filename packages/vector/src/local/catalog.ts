/** Name of the one local-store object that keeps per-namespace counts for `stats()` without a namespace. */
export const CATALOG_OBJECT = "__catalog__";
