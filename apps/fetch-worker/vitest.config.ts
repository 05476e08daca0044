import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The crash test waits for BullMQ's stalled-job recovery (one stalled-check interval, 30 s).
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
