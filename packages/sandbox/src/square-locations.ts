import type { SquareLocation } from "./square-types";

const MERCHANT_ID = "MSANDBOX0RECON";

function location(id: string, name: string, status: SquareLocation["status"], street: string, createdAt: string): SquareLocation {
  return {
    id,
    name,
    address: { address_line_1: street, locality: "San Francisco", administrative_district_level_1: "CA", postal_code: "94114", country: "US" },
    timezone: "America/Los_Angeles",
    capabilities: status === "ACTIVE" ? ["CREDIT_CARD_PROCESSING", "AUTOMATIC_TRANSFERS"] : [],
    status,
    created_at: createdAt,
    merchant_id: MERCHANT_ID,
    country: "US",
    language_code: "en-US",
    currency: "USD",
    business_name: "Recon Sandbox Coffee",
    type: "PHYSICAL",
  };
}

/**
 * The sandbox seller's locations, as `GET /v2/locations` lists them (alphabetically by name; the
 * main location's name sorts first). The third one is closed now (INACTIVE) but still took
 * payments on the generated days: a re-run of a past day must fetch it too.
 */
export const SQUARE_SANDBOX_LOCATIONS: readonly SquareLocation[] = [
  location("LSANDBOX0MAIN", "Aurora Street", "ACTIVE", "1 Aurora Street", "2019-04-01T17:00:00Z"),
  location("LSANDBOX0PIER", "Bayside Pier", "ACTIVE", "27 Embarcadero", "2021-06-15T17:00:00Z"),
  location("LSANDBOX0CLOSED", "Cedar Mall", "INACTIVE", "400 Cedar Avenue", "2020-02-03T17:00:00Z"),
];

/** The seller's default location: what ListPayments and ListPayouts answer for without `location_id`. */
export const SQUARE_MAIN_LOCATION_ID = "LSANDBOX0MAIN";

/** Share of the day's payments taken at each location, in the order above. */
export const SQUARE_LOCATION_SHARES: readonly number[] = [0.55, 0.35, 0.1];
