import type { InternalTransaction, ProcessorTransaction } from "@recon/domain";

/**
 * Link keys: two records share a key whenever a keyed pass (external id, related id, reference,
 * grouped) or a duplicate check could relate them. A partitioning that keeps records sharing a
 * key together (link-closed) lets each partition run those passes alone with the same outcome
 * as one run over everything. Exact strings, no normalisation: the SQL that assigns partitions
 * builds the same keys. Processor ids, related ids and ledger processor refs share the `id:`
 * namespace, so copies of a processor id share a key, as do a ledger row and every record it
 * could name; ledger ids have their own (`lid:`), so copies of a ledger id share one.
 */

export function linkKeysOfProcessor(p: ProcessorTransaction): string[] {
  const keys = [`id:${p.externalId}`, ...p.relatedIds.map((id) => `id:${id}`)];
  if (p.reference !== null) keys.push(`ref:${p.reference}`);
  return keys;
}

export function linkKeysOfLedger(l: InternalTransaction): string[] {
  const keys: string[] = [];
  if (l.processorRef !== null) keys.push(`id:${l.processorRef}`);
  if (l.reference !== null) keys.push(`ref:${l.reference}`);
  keys.push(`lid:${l.externalId}`);
  return keys;
}
