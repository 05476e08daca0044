import { toMinorUnits, type ProcessorTransaction } from "@recon/domain";
import type { StartedEmulator } from "@recon/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { createAdyenConnector } from "./adyen-connector";
import { adyenSandbox } from "./adyen-sandbox";
import { generateAdyenDay } from "./generated-day.test-support";

let started: StartedEmulator | null = null;
afterEach(async () => {
  await started?.close();
  started = null;
});

describe("Adyen: a day of the sandbox's generator, served by the emulator and fetched by the connector", () => {
  it("comes back with exactly the kit's record count, under the ids the ledger books, with the amounts and fees it expects", async () => {
    const runDate = "2024-05-14";
    const day = generateAdyenDay(runDate, 120, 7);
    const { truth, ledger } = day.scenario;
    expect(truth.items.length).toBeGreaterThan(0);
    started = await adyenSandbox.start({ day: (d) => (d === runDate ? day.raw : { lines: [] }) });
    const connector = createAdyenConnector({
      apiKey: started.env.ADYEN_API_KEY!,
      merchantAccount: started.env.ADYEN_MERCHANT_ACCOUNT!,
      reportBase: started.env.ADYEN_REPORT_BASE!,
      pageSize: 50,
    });
    const records: ProcessorTransaction[] = [];
    for await (const page of connector.fetch({ start: new Date("2024-05-14T00:00:00Z"), end: new Date("2024-05-15T00:00:00Z") })) {
      expect(page.rejected).toEqual([]);
      records.push(...page.records);
    }
    expect(records).toHaveLength(truth.processorCount);
    const byId = new Map(records.map((r) => [r.externalId, r]));
    expect([...byId.keys()].sort()).toEqual([...day.processorIds].sort());

    // Every ledger row that is not a planted discrepancy agrees with its record exactly.
    const planted = new Set(truth.items.flatMap((i) => [i.internalId, i.processorId]));
    const agreeing = ledger.filter((r) => !planted.has(r.id) && !planted.has(r.processor_ref ?? ""));
    expect(agreeing.some((r) => r.fee === null)).toBe(true);
    for (const booked of agreeing) {
      const record = byId.get(booked.processor_ref!)!;
      expect([record.grossMinor, record.currency, record.status, record.occurredAt.toISOString()]).toEqual([
        toMinorUnits(booked.amount, booked.currency),
        booked.currency,
        "succeeded",
        booked.occurred_at,
      ]);
      if (booked.fee !== null) expect(record.feeMinor).toBe(toMinorUnits(booked.fee, booked.currency));
      else expect(record.type).toBe("refund");
    }
  });
});
