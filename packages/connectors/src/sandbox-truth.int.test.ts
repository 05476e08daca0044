import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";
import { afterEach, describe, expect, it } from "vitest";
import type { ProcessorConnector } from "./connector";
import { createLedgerConnector } from "./ledger/ledger-connector";
import { createPaypalConnector } from "./paypal/paypal-connector";
import { createSquareConnector } from "./square/square-connector";
import { createStripeConnector } from "./stripe/stripe-connector";
import { startSandbox, type Sandbox } from "@recon/sandbox";

const RUN_DATE = "2024-03-01";
const DAY = { start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-03-02T00:00:00Z") };

const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

type Name = "stripe" | "paypal" | "square";

function connectorFor(sb: Sandbox, name: Name): ProcessorConnector {
  if (name === "paypal") return createPaypalConnector({ clientId: sb.paypal.clientId, clientSecret: sb.paypal.clientSecret, apiBase: sb.paypal.baseUrl });
  if (name === "square") return createSquareConnector({ accessToken: sb.square.accessToken, apiBase: sb.square.baseUrl });
  return createStripeConnector({ apiKey: sb.stripe.apiKey, apiBase: sb.stripe.baseUrl });
}

async function fetchBoth(seed: number, name: Name = "stripe") {
  const sb = await startSandbox({ seed, runDates: [RUN_DATE] });
  opened.push(sb);
  const processor: ProcessorTransaction[] = [];
  const internal: InternalTransaction[] = [];
  for await (const page of connectorFor(sb, name).fetch(DAY)) {
    processor.push(...page.records);
  }
  for await (const page of createLedgerConnector({ baseUrl: sb.ledger.baseUrl, token: sb.ledger.token }).fetch(name, DAY)) {
    internal.push(...page.records);
  }
  return { sb, processor, internal };
}

/**
 * The simplest possible join: each ledger row takes a record whose own or related ids include its
 * processor_ref and that no earlier row took: one of the same amount if any (a Stripe dispute and
 * its reversal share the dispute's id), else the earliest (a charge before the refunds that share
 * its charge id).
 */
function naiveJoin(processor: ProcessorTransaction[], internal: InternalTransaction[]) {
  const byRef = new Map<string, ProcessorTransaction[]>();
  const earliestFirst = [...processor].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const p of earliestFirst) for (const id of new Set([p.externalId, ...p.relatedIds])) byRef.set(id, [...(byRef.get(id) ?? []), p]);
  const found: string[] = [];
  const matched = new Set<string>();
  for (const row of internal) {
    const open = (row.processorRef ? (byRef.get(row.processorRef) ?? []) : []).filter((candidate) => !matched.has(candidate.externalId));
    const p = open.find((candidate) => candidate.grossMinor === row.grossMinor) ?? open[0];
    if (!p) {
      found.push(`missing_in_processor//${row.externalId}`);
      continue;
    }
    matched.add(p.externalId);
    if (p.currency !== row.currency) found.push(`currency_mismatch/${p.externalId}/${row.externalId}`);
    else if (p.grossMinor !== row.grossMinor) found.push(`amount_mismatch/${p.externalId}/${row.externalId}`);
    if (row.feeMinor !== null && row.feeMinor !== p.feeMinor) found.push(`fee_mismatch/${p.externalId}/${row.externalId}`);
    if (row.status !== p.status) found.push(`status_mismatch/${p.externalId}/${row.externalId}`);
  }
  for (const p of processor) if (!matched.has(p.externalId)) found.push(`missing_in_internal/${p.externalId}/`);
  return found.sort();
}

describe("sandbox ground truth", () => {
  it("agrees with a naive join of what the emulators serve through the real clients", async () => {
    for (const [seed, name] of [[1, "stripe"], [77, "stripe"], [1, "paypal"], [77, "paypal"], [1, "square"], [77, "square"]] as const) {
      const { sb, processor, internal } = await fetchBoth(seed, name);
      const truth = sb.truth(name, RUN_DATE);
      expect(processor).toHaveLength(truth.processorCount);
      expect(internal).toHaveLength(truth.internalCount);
      const expected = truth.items.map((i) => `${i.kind}/${i.processorId ?? ""}/${i.internalId ?? ""}`).sort();
      expect(naiveJoin(processor, internal)).toEqual(expected);
      expect(Object.values(truth.counts).reduce((a, b) => a + b, 0)).toBe(truth.items.length);
    }
  });

  it("serves the same data for the same seed", async () => {
    const a = await fetchBoth(5);
    const b = await fetchBoth(5);
    const strip = (rows: Array<{ raw: unknown }>) => JSON.stringify(rows.map((r) => r.raw));
    expect(strip(a.processor)).toBe(strip(b.processor));
    expect(strip(a.internal)).toBe(strip(b.internal));
    expect(a.sb.truth("stripe", RUN_DATE)).toEqual(b.sb.truth("stripe", RUN_DATE));
  });
});
