import { randomBytes } from "node:crypto";

/**
 * PayPal's error replies, exactly as its API description (api-descriptions/paypal.json,
 * `error_400` … `error_503`) defines them: each name comes with one fixed message. Two errors
 * PayPal documents elsewhere have no schema in the description: 429 RATE_LIMIT_REACHED and
 * 400 RESULTSET_TOO_LARGE; they keep PayPal's documented name and the common fields
 * (name, message, debug_id, details, links). The OAuth token endpoint is not in the description
 * at all; its errors are RFC 6749's `{error, error_description}`.
 */
export interface PaypalErrorBody {
  name: string;
  message: string;
  debug_id: string;
  details?: PaypalErrorDetail[];
  links: Array<{ href: string; rel: string }>;
}

export interface PaypalErrorDetail {
  field?: string;
  value?: string;
  location?: "body" | "path" | "query";
  issue: string;
  description?: string;
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/** An error reply the emulator sends as is: status, body and extra headers. */
export class PaypalHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: PaypalErrorBody | OAuthErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${"name" in body ? body.name : body.error}`);
  }
}

export const debugId = (): string => randomBytes(7).toString("hex");

function apiError(status: number, name: string, message: string, details?: PaypalErrorDetail[], headers?: Record<string, string>): PaypalHttpError {
  return new PaypalHttpError(
    status,
    {
      name,
      message,
      debug_id: debugId(),
      ...(details ? { details } : {}),
      links: [{ href: `https://developer.paypal.com/docs/api/transaction-search/v1/#error-${name}`, rel: "information_link" }],
    },
    headers,
  );
}

/** error_400: a query PayPal refuses, one detail per problem. */
export function invalidRequest(details: PaypalErrorDetail[]): PaypalHttpError {
  return apiError(400, "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.", details);
}

/** error_401: a search without a token PayPal accepts (missing, unknown, expired or revoked). */
export function authenticationFailure(): PaypalHttpError {
  return apiError(401, "AUTHENTICATION_FAILURE", "Authentication failed due to missing authorization header, or invalid authentication credentials.");
}

/** error_404. */
export function resourceNotFound(): PaypalHttpError {
  return apiError(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.");
}

/** error_500 (also rendered for a 502, which the description does not list). */
export function internalServerError(status: 500 | 502 = 500): PaypalHttpError {
  return apiError(status, "INTERNAL_SERVER_ERROR", "An internal server error occurred.");
}

/** error_503. */
export function serviceUnavailable(): PaypalHttpError {
  return apiError(503, "SERVICE_UNAVAILABLE", "Service Unavailable.");
}

/** 429: not in the description; PayPal's documented name, the common fields, Retry-After when given. */
export function rateLimitReached(retryAfterSeconds: number | null): PaypalHttpError {
  return apiError(429, "RATE_LIMIT_REACHED", "Too many requests. Blocked due to rate limiting.", undefined, retryAfterSeconds === null ? {} : { "retry-after": String(retryAfterSeconds) });
}

/** 400 RESULTSET_TOO_LARGE: not in the description; PayPal's documented name and message. */
export function resultSetTooLarge(): PaypalHttpError {
  return apiError(400, "RESULTSET_TOO_LARGE", "Result set size is greater than the maximum limit. Change the filter criteria and try again.");
}

/** RFC 6749 §5.2, as PayPal's token endpoint answers. */
export function oauthError(status: 400 | 401, error: string, description: string): PaypalHttpError {
  return new PaypalHttpError(status, { error, error_description: description });
}
