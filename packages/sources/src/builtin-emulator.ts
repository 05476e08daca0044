import type { Sandbox } from "@recon/sandbox";

/**
 * The sandbox part of a processor whose emulator is built into @recon/sandbox (Stripe, PayPal,
 * Square came before plugins): the settings that point its connector at that emulator.
 */
export interface BuiltinEmulator {
  builtin: true;
  settings(sandbox: Sandbox): Record<string, string>;
}

export function builtinEmulator(settings: (sandbox: Sandbox) => Record<string, string>): BuiltinEmulator {
  return { builtin: true, settings };
}
