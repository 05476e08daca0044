import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The accuracy test reconciles a 100,000-per-side truth day; on two shared cores that can
    // take tens of seconds.
    testTimeout: 120_000,
  },
});
