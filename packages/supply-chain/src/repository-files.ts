import { fileURLToPath } from "node:url";

/** The repository's lockfile and vendored advisory list, found from this file (packages/supply-chain/src). */
export const REPOSITORY_LOCKFILE = fileURLToPath(new URL("../../../pnpm-lock.yaml", import.meta.url));
export const REPOSITORY_ADVISORIES = fileURLToPath(new URL("../../../.ci/advisories.json", import.meta.url));
