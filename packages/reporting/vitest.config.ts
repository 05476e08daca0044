import { defineConfig } from "vitest/config";

// Integration tests run a real worker against Postgres, Redis and an S3-compatible server.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 60_000 } });
