import { PermanentError } from "@recon/domain";

/**
 * A connector's error a retry cannot fix (rejected credentials, a request the API refuses). A
 * PermanentError, so the fetch job fails at once; everything else a connector throws is retried.
 */
export class PermanentConnectorError extends PermanentError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentConnectorError";
  }
}
