import { PermanentError } from "@recon/domain";

/**
 * A job that does not belong to the run it names (added by hand to Redis, left over from a
 * replaced generation, or forged): a PermanentError, so the worker fails it for good, before it
 * writes or alerts anything, and logs it as refused. The message is the reason, for operators and
 * Bull Board.
 */
export class JobRefusedError extends PermanentError {
  constructor(reason: string) {
    super(reason);
    this.name = "JobRefusedError";
  }
}
