/** A problem with what the user typed: printed as one clear line, exit code 1, nothing done. */
export class UsageError extends Error {
  override name = "UsageError";
}
