import { z } from "zod";
import { zodReason } from "../zod-reason";

const listLocationsReply = z.looseObject({
  locations: z.array(z.looseObject({ id: z.string().min(1) })).nullish(),
  errors: z.array(z.looseObject({ code: z.string().nullish(), detail: z.string().nullish() })).nullish(),
});

/**
 * The ids of every location a ListLocations reply names, in Square's order, each once (inactive
 * ones included: a closed location's past payments and payouts still count). A reply that cannot
 * be read, names a location without an id, or names none (every seller has a main location) would
 * make the fetch silently incomplete, so it fails the fetch instead, saying why.
 */
export function readLocationIds(reply: unknown): string[] {
  const parsed = listLocationsReply.safeParse(reply);
  if (!parsed.success) throw new Error(`Square's list of locations cannot be read (${zodReason(parsed.error)})`);
  const ids = [...new Set((parsed.data.locations ?? []).map((l) => l.id))];
  if (ids.length === 0) {
    const error = parsed.data.errors?.[0];
    throw new Error(`Square listed no locations for this seller${error ? ` (${error.code ?? ""}: ${error.detail ?? ""})` : ""}, so nothing could be fetched`);
  }
  return ids;
}
