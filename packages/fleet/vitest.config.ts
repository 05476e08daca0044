import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Health tests restart a Redis server; shutdown tests wait for BullMQ's stalled-job handover (≤ 30 s).
    testTimeout: 90_000,
    hookTimeout: 30_000,
  },
});
