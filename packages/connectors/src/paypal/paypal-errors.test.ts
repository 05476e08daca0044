// How each error body PayPal documents is classified. The sandbox serves the description's bodies
// (see paypal-connector-errors.int.test.ts); OAuth's invalid_token, which PayPal has also been
// seen to answer on an expired token, is not in the description, so it is checked here.
import { AxiosError, AxiosHeaders, type AxiosResponse } from "axios";
import { describe, expect, it } from "vitest";
import { PermanentError } from "@recon/domain";
import { RateLimitedError, retryAfterOf } from "../rate-limited-error";
import { isTransient, isUnauthorized, PaypalDataNotReadyError, toConnectorError } from "./paypal-errors";

function failed(status: number, data: unknown, headers: Record<string, string> = {}): AxiosError {
  const config = { headers: new AxiosHeaders() };
  const response = { status, statusText: "", data, headers, config } as AxiosResponse;
  return new AxiosError(`Request failed with status code ${status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response);
}

const common = { debug_id: "9a4d2e1c3b5f7", links: [{ href: "https://developer.paypal.com/docs/api/transaction-search/v1/", rel: "information_link" }] };
const authenticationFailure = { name: "AUTHENTICATION_FAILURE", message: "Authentication failed due to missing authorization header, or invalid authentication credentials.", ...common };
const invalidToken = { error: "invalid_token", error_description: "Token signature verification failed" };

describe("paypal error classification", () => {
  it("a search's 401 is renewable whichever shape it takes, and never retried blindly", () => {
    for (const body of [authenticationFailure, invalidToken]) {
      expect(isUnauthorized(failed(401, body))).toBe(true);
      expect(isTransient(failed(401, body))).toBe(false);
    }
  });

  it("a 401 left after the renewal is permanent and names the variables, whichever shape", () => {
    for (const [body, name] of [[authenticationFailure, "AUTHENTICATION_FAILURE"], [invalidToken, "invalid_token"]] as const) {
      const error = toConnectorError(failed(401, body), "search") as Error;
      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toMatch(new RegExp(`^PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET: PayPal refused even a freshly issued access token \\(401 ${name}\\)`));
    }
  });

  it("the token endpoint's invalid_client is permanent", () => {
    const error = toConnectorError(failed(401, { error: "invalid_client", error_description: "Client Authentication failed" }), "token") as Error;
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe("PAYPAL_CLIENT_ID / PAYPAL_CLIENT_SECRET were rejected by PayPal (401 invalid_client)");
  });

  it("429 RATE_LIMIT_REACHED is retried, then a RateLimitedError with Retry-After when PayPal gave one", () => {
    const body = { name: "RATE_LIMIT_REACHED", message: "Too many requests. Blocked due to rate limiting.", ...common };
    expect(isTransient(failed(429, body))).toBe(true);
    const withHeader = toConnectorError(failed(429, body, { "retry-after": "7" }), "search");
    expect(withHeader).toBeInstanceOf(RateLimitedError);
    expect(retryAfterOf(withHeader)).toBe(7_000);
    const without = toConnectorError(failed(429, body), "search");
    expect(without).toBeInstanceOf(RateLimitedError);
    expect(retryAfterOf(without)).toBeUndefined();
  });

  it("500 INTERNAL_SERVER_ERROR and 503 SERVICE_UNAVAILABLE are retried, then retryable", () => {
    for (const [status, body] of [
      [500, { name: "INTERNAL_SERVER_ERROR", message: "An internal server error occurred.", ...common }],
      [503, { name: "SERVICE_UNAVAILABLE", message: "Service Unavailable.", ...common }],
    ] as const) {
      expect(isTransient(failed(status, body))).toBe(true);
      const error = toConnectorError(failed(status, body), "search") as Error;
      expect(error).not.toBeInstanceOf(PermanentError);
      expect(error.message).toBe(`PayPal search request failed (${status} ${body.name}: ${body.message})`);
    }
  });

  it("400 for data not reported yet is PaypalDataNotReadyError; any other 400 or a 403 is permanent", () => {
    const invalid = (description: string) => ({
      name: "INVALID_REQUEST",
      message: "Request is not well-formed, syntactically incorrect, or violates schema.",
      details: [{ field: "start_date", location: "query", issue: "INVALID_REQUEST", description }],
      ...common,
    });
    expect(toConnectorError(failed(400, invalid("Data for the given start date is not available.")), "search")).toBeInstanceOf(PaypalDataNotReadyError);
    const refused = toConnectorError(failed(400, invalid("Date range is greater than 31 days")), "search") as Error;
    expect(refused).toBeInstanceOf(PermanentError);
    expect(refused.message).toContain("start_date INVALID_REQUEST: Date range is greater than 31 days");
    const forbidden = toConnectorError(failed(403, { name: "NOT_AUTHORIZED", message: "Authorization failed due to insufficient permissions.", ...common }), "search") as Error;
    expect(forbidden).toBeInstanceOf(PermanentError);
    expect(forbidden.message).toMatch(/^PAYPAL_CLIENT_ID may not use Transaction Search \(403 NOT_AUTHORIZED/);
  });
});
