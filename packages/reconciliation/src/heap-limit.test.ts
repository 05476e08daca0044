import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { RECONCILE_HEAP_LIMIT_MB } from "./heap-limit";

describe("the reconcile worker's heap limit", () => {
  it("is what the Kubernetes deployment starts the worker with, inside its memory limit", async () => {
    const manifest = await readFile(new URL("../../../k8s/base/reconcile-worker.yaml", import.meta.url), "utf8");
    const nodeOptions = /name: NODE_OPTIONS\s*\n\s*value: "([^"]*)"/.exec(manifest)?.[1];
    expect(nodeOptions).toBe(`--max-old-space-size=${RECONCILE_HEAP_LIMIT_MB}`);
    // The worker's own container (its init container, which waits for the schema, comes first).
    const workerContainer = manifest.slice(manifest.indexOf("\n      containers:\n"));
    const limitMi = Number(/limits: \{[^}]*memory: (\d+)Mi \}/.exec(workerContainer)?.[1]);
    expect(limitMi).toBeGreaterThan(RECONCILE_HEAP_LIMIT_MB + 128);
  });
});
