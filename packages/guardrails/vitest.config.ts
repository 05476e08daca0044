import { defineConfig } from "vitest/config";

// Each case starts dependency-cruiser once (a few seconds on a loaded machine).
export default defineConfig({ test: { testTimeout: 60_000 } });
