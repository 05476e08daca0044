// Renders base, dev and prod once per test run and hands the YAML to every test file.
import type { TestProject } from "vitest/node";
import { OVERLAYS, render, type Overlay, type Rendered } from "./render";

declare module "vitest" {
  export interface ProvidedContext {
    rendered: Record<Overlay, Rendered>;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const results = await Promise.all(OVERLAYS.map(async (overlay) => [overlay, await render(overlay)] as const));
  project.provide("rendered", Object.fromEntries(results) as Record<Overlay, Rendered>);
}
