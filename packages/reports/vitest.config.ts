import { defineConfig } from "vitest/config";

// The S3 and headless-browser tests start real servers and a real Chromium, which on a busy
// 2-core machine can take well over a minute to launch and render: the limits are generous so
// that only a hang fails, never slowness.
export default defineConfig({ test: { testTimeout: 180_000, hookTimeout: 180_000 } });
