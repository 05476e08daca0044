import { generatePluginScenario, type PluginScenario } from "@recon/sandbox";
import { createAdyenKit } from "./adyen-kit";
import type { AdyenReportDay } from "./adyen-raw";
import { PAR } from "./payment-accounting-columns";

export interface GeneratedDay {
  scenario: PluginScenario<AdyenReportDay>;
  raw: AdyenReportDay;
  /** The ids of every processor record of the day: what the ledger books under them, less its phantoms, plus what it misses. */
  processorIds: string[];
  /** When each record opened (its Received or SentForRefund line), as the connector dates it. */
  opened: Map<string, Date>;
  processorCount: number;
}

/** One Adyen day from the sandbox's generic generator, with what tests compare the connector's records to. */
export function generateAdyenDay(runDate: string, size: number, seed = 1): GeneratedDay {
  const scenario = generatePluginScenario(createAdyenKit(), { processor: "adyen", runDate, seed, size });
  const phantoms = new Set(scenario.truth.items.filter((i) => i.kind === "missing_in_processor").map((i) => i.internalId));
  const unbooked = scenario.truth.items.filter((i) => i.kind === "missing_in_internal").map((i) => i.processorId!);
  const processorIds = [...scenario.ledger.filter((r) => !phantoms.has(r.id)).map((r) => r.processor_ref!), ...unbooked];
  const opened = new Map<string, Date>();
  for (const line of scenario.raw.lines) {
    const journal = line[PAR.recordType];
    if (journal !== "Received" && journal !== "SentForRefund") continue;
    const id = journal === "Received" ? line[PAR.pspReference]! : line[PAR.modificationPspReference]!;
    opened.set(id, new Date(`${line[PAR.bookingDate]!.replace(" ", "T")}Z`));
  }
  return { scenario, raw: scenario.raw, processorIds, opened, processorCount: scenario.truth.processorCount };
}
