import { defineConfig } from "vitest/config";

// Integration tests wait through real BullMQ retries (exponential backoff from 2 s) and a full sandbox run.
export default defineConfig({ test: { testTimeout: 180_000, hookTimeout: 60_000 } });
