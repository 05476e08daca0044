import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The crash test waits for BullMQ's stalled-job recovery (a few seconds at its 1 s interval).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
