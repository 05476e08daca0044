import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Renders every overlay once (kubectl kustomize, ~0.3 s each) for all test files.
    globalSetup: ["tests/global-setup.ts"],
  },
});
