import { Writable } from "node:stream";
import { createLogger } from "@recon/runtime";
import { describe, expect, it } from "vitest";
import { ledgerModule, processorModules } from "./registry";
import { SOURCE_SECRET_SETTINGS } from "./source-settings";

describe("source secrets in logs", () => {
  it("are redacted from a fleet logger for every module's secret settings, at the top level and nested", () => {
    let text = "";
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        text += chunk.toString();
        callback();
      },
    });
    const log = createLogger({ name: "t", destination, secretKeys: SOURCE_SECRET_SETTINGS });
    const secrets = [...processorModules.flatMap((module) => module.secrets), ...ledgerModule.secrets];
    expect(secrets).toEqual(expect.arrayContaining(["ADYEN_API_KEY", "STRIPE_API_KEY", "INTERNAL_API_TOKEN"]));
    const values = Object.fromEntries(secrets.map((name, i) => [name, `secret-value-${i}-${name.length}`]));
    log.info(values, "top level");
    log.info({ config: values }, "nested");
    for (const value of Object.values(values)) expect(text).not.toContain(value);
    expect(text.match(/\[redacted\]/g)?.length).toBe(secrets.length * 2);
  });
});
