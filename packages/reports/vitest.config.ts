import { defineConfig } from "vitest/config";

// The S3 and headless-browser tests start real servers and a real Chromium.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
