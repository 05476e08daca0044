/**
 * An error a retry cannot fix (rejected credentials, a request the API refuses). The queue layer
 * turns it into BullMQ's UnrecoverableError; everything else a connector throws is retried.
 */
export class PermanentConnectorError extends Error {
  readonly permanent = true as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentConnectorError";
  }
}

/** Duck-typed so that it holds across duplicated module instances too. */
export function isPermanentConnectorError(error: unknown): error is PermanentConnectorError {
  return error instanceof Error && (error as { permanent?: unknown }).permanent === true;
}
