import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The browser test drives Chromium through a whole failed-then-retried run.
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
