import { describe, expect, it } from "vitest";
import { checkSourceCredentials } from "./source-credentials";

const LEDGER = { INTERNAL_API_URL: "http://ledger.internal", INTERNAL_API_TOKEN: "t" };

describe("checkSourceCredentials, real sources (no RECON_SANDBOX)", () => {
  it("needs the ledger and at least one processor, naming both when neither is there", () => {
    expect(() => checkSourceCredentials({ RECON_SANDBOX: false })).toThrow(
      "missing source credentials: the ledger needs INTERNAL_API_URL (and INTERNAL_API_TOKEN if it asks for one); " +
        "no processor has credentials: set STRIPE_API_KEY, PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET, SQUARE_ACCESS_TOKEN or ADYEN_API_KEY and ADYEN_MERCHANT_ACCOUNT. " +
        "For the built-in emulators with generated data instead (kept in their own database), use RECON_SANDBOX=true",
    );
    expect(() => checkSourceCredentials({ RECON_SANDBOX: false, STRIPE_API_KEY: "sk" })).toThrow(/the ledger needs INTERNAL_API_URL/);
    expect(() => checkSourceCredentials({ RECON_SANDBOX: false, ...LEDGER })).toThrow(/no processor has credentials/);
    expect(() => checkSourceCredentials({ RECON_SANDBOX: false, ...LEDGER, SQUARE_ACCESS_TOKEN: "sq" })).not.toThrow();
    // PayPal and Adyen need both halves to count.
    expect(() => checkSourceCredentials({ RECON_SANDBOX: false, ...LEDGER, PAYPAL_CLIENT_ID: "id" })).toThrow(/no processor has credentials/);
    expect(() => checkSourceCredentials({ RECON_SANDBOX: false, ...LEDGER, ADYEN_API_KEY: "k" })).toThrow(/no processor has credentials/);
    expect(() => checkSourceCredentials({ RECON_SANDBOX: false, ...LEDGER, ADYEN_API_KEY: "k", ADYEN_MERCHANT_ACCOUNT: "M" })).not.toThrow();
  });

  it("checks exactly the processors asked for, in the CLI's words", () => {
    const config = { RECON_SANDBOX: false, ...LEDGER, STRIPE_API_KEY: "sk" };
    expect(() => checkSourceCredentials(config, { processors: ["stripe"] })).not.toThrow();
    expect(() => checkSourceCredentials(config, { processors: ["stripe", "paypal", "square"], sandboxSwitch: "--sandbox" })).toThrow(
      "missing source credentials: paypal needs PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET; square needs SQUARE_ACCESS_TOKEN. " +
        "For the built-in emulators with generated data instead (kept in their own database), use --sandbox",
    );
  });
});

describe("checkSourceCredentials, the sandbox (RECON_SANDBOX)", () => {
  it("needs nothing", () => {
    expect(() => checkSourceCredentials({ RECON_SANDBOX: true })).not.toThrow();
    expect(() => checkSourceCredentials({ RECON_SANDBOX: true }, { processors: ["stripe", "paypal", "square"] })).not.toThrow();
  });

  it("refuses any source variable set beside it, naming each", () => {
    expect(() => checkSourceCredentials({ RECON_SANDBOX: true, STRIPE_API_KEY: "sk_live", ...LEDGER })).toThrow(
      "RECON_SANDBOX=true runs every source on the built-in emulators with generated data, but STRIPE_API_KEY, INTERNAL_API_URL and INTERNAL_API_TOKEN are set: " +
        "real and generated data are never mixed; unset them, or drop RECON_SANDBOX=true to use the real sources",
    );
    expect(() => checkSourceCredentials({ RECON_SANDBOX: true, PAYPAL_API_BASE: "https://api-m.paypal.com" })).toThrow(/but PAYPAL_API_BASE is set: .*unset it,/);
  });
});
