import axios, { isAxiosError, type AxiosError } from "axios";
import { PermanentConnectorError } from "../permanent-connector-error";
import { parseRetryAfter, RateLimitedError } from "../rate-limited-error";

/** PayPal's data is not complete for the window yet; a later retry will find it. Retryable. */
export class PaypalDataNotReadyError extends Error {
  override name = "PaypalDataNotReadyError";
}

/** Reads are idempotent (and a token request is harmless): timeouts, connection errors, 429 and 5xx are retried. */
export function isTransient(error: AxiosError): boolean {
  if (axios.isCancel(error)) return false;
  const status = error.response?.status;
  if (status === undefined) return true;
  // A 2xx whose body was cut off mid-stream: the same request will most likely come back whole.
  if (status < 300 && error.code === "ERR_BAD_RESPONSE") return true;
  return status === 429 || status >= 500;
}

export function isUnauthorized(error: unknown): boolean {
  return isAxiosError(error) && error.response?.status === 401;
}

/** PayPal's error name: `name` on API errors (AUTHENTICATION_FAILURE, …), `error` on OAuth errors (invalid_client, …). */
export function errorName(error: AxiosError): string | undefined {
  const data = error.response?.data as { name?: unknown; error?: unknown } | undefined;
  if (typeof data?.name === "string") return data.name;
  if (typeof data?.error === "string") return data.error;
  return undefined;
}

function describe(error: AxiosError): string {
  const data = error.response?.data as
    | { message?: string; error_description?: string; details?: Array<{ field?: string; issue?: string; description?: string }> }
    | undefined;
  const detail = data?.details?.map((d) => `${d.field ?? ""} ${d.issue ?? ""}${d.description ? `: ${d.description}` : ""}`.trim()).join("; ");
  return [errorName(error), data?.message ?? data?.error_description, detail].filter(Boolean).join(": ");
}

/**
 * What a failed request means for the fetch job, once axios-retry has spent its retries on the
 * transient ones: rejected credentials and refused requests are permanent (naming the variable to
 * fix), a 429 is a RateLimitedError carrying Retry-After, PayPal's reporting lag is
 * PaypalDataNotReadyError, anything else a plain (retryable) Error.
 */
export function toConnectorError(error: unknown, call: "token" | "search"): unknown {
  if (!isAxiosError(error)) return error;
  const status = error.response?.status;
  if (status === undefined || status < 300) return new Error(`PayPal ${call} request failed: ${error.message}`, { cause: error });
  const what = describe(error);
  const name = errorName(error);
  if (call === "token" && (status === 401 || status === 400)) {
    return new PermanentConnectorError(`PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET were rejected by PayPal (${[status, name].filter(Boolean).join(" ")})`, { cause: error });
  }
  if (status === 401) {
    // Only reached after the connector renewed its token once: a fresh token refused too.
    return new PermanentConnectorError(
      `PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET: PayPal refused even a freshly issued access token (401${name ? ` ${name}` : ""}); check the app's credentials and that Transaction Search is enabled for it`,
      { cause: error },
    );
  }
  if (status === 403) {
    return new PermanentConnectorError(`PAYPAL_CLIENT_ID may not use Transaction Search (403${what ? ` ${what}` : ""})`, { cause: error });
  }
  if (status === 400 && JSON.stringify(error.response?.data ?? "").includes("is not available")) {
    return new PaypalDataNotReadyError(`PayPal has no data for the window yet (400 ${what}); retry later`, { cause: error });
  }
  if (status === 429) {
    const header = error.response?.headers["retry-after"] as string | undefined;
    return new RateLimitedError(`PayPal rate limit reached (429${what ? ` ${what}` : ""})`, parseRetryAfter(header), { cause: error });
  }
  if (status >= 400 && status < 500) {
    return new PermanentConnectorError(`PayPal refused the ${call} request (${status} ${what}); check PAYPAL_API_BASE`, { cause: error });
  }
  return new Error(`PayPal ${call} request failed (${status}${what ? ` ${what}` : ""})`, { cause: error });
}
