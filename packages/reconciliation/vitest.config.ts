import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Integration tests create and migrate a database each.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
