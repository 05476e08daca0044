import { isIsoCurrency } from "@recon/domain";
import { z } from "zod";

/**
 * A currency code as an API or a file writes it (any case): refused unless it is an ISO 4217
 * currency, so an unknown code sends its record to quarantine instead of into the tables.
 */
export const isoCurrencyCode = z
  .string()
  .refine((code) => isIsoCurrency(code.trim()), { error: (issue) => `"${String(issue.input)}" is not an ISO 4217 currency code` });
