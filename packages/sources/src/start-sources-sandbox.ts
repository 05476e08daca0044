import { startSandbox, type Sandbox, type SandboxOptions, type SandboxPlugin } from "@recon/sandbox";
import { ledgerSandboxSettings } from "./ledger";
import { processorModules } from "./registry";

/** The sandbox plugins of the processors whose emulators are not built into @recon/sandbox. */
export const SANDBOX_PLUGINS: readonly SandboxPlugin[] = processorModules.flatMap((module) => ("builtin" in module.sandbox ? [] : [module.sandbox]));

export interface SourcesSandbox {
  sandbox: Sandbox;
  /** The settings that point every source's connector at its emulator (STRIPE_API_BASE, ADYEN_REPORT_BASE, ...). */
  settings: Record<string, string>;
}

/** Every source's emulator over one generated data set, and the settings that reach them. */
export async function startSourcesSandbox(options: Omit<SandboxOptions, "plugins"> = {}): Promise<SourcesSandbox> {
  const sandbox = await startSandbox({ ...options, plugins: SANDBOX_PLUGINS });
  return { sandbox, settings: sandboxSettings(sandbox) };
}

function sandboxSettings(sandbox: Sandbox): Record<string, string> {
  const settings: Record<string, string> = ledgerSandboxSettings(sandbox);
  for (const module of processorModules) {
    if ("builtin" in module.sandbox) Object.assign(settings, module.sandbox.settings(sandbox));
    else {
      const emulator = sandbox.plugins[module.processor];
      if (!emulator) throw new Error(`the sandbox did not start ${module.title}'s emulator`);
      Object.assign(settings, emulator.env);
    }
  }
  return settings;
}
