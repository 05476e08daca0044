import { pairByKeys, type MatchPass } from "../match-pass";

/**
 * Ledger rows naming the processor record's own id. Runs over every record before any
 * related-id lookup, so a row that names a record directly is never taken by another record
 * that merely shares a related id with it.
 */
export const externalIdPass: MatchPass = {
  name: "external_id",
  run: (state) => pairByKeys(state, "external_id", (p) => [p.externalId]),
};
