export * from "./advisory-list";
export * from "./lockfile-packages";
export * from "./find-advisories";
export * from "./repository-files";
