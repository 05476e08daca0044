import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // End-to-end tests spawn the CLI and run whole flows against Postgres and Redis.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
