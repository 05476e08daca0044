/** A Stripe error body's `error` member, as the API writes it (`api_errors` in the description). */
export interface StripeErrorBody {
  type: "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
}

/** Thrown inside the emulator's handler to answer `{"error": body}` with `status`. */
export class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

/** Stripe's 400 for a request it refuses, naming the parameter (and a code when Stripe gives one). */
export function invalid(message: string, param?: string, code?: string): StripeHttpError {
  return new StripeHttpError(400, { type: "invalid_request_error", message, ...(code ? { code } : {}), ...(param ? { param } : {}) });
}
