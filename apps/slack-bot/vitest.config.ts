import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Runs a whole reconciliation through worker processes before the result is posted.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
