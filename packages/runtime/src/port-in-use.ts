/**
 * A listen error as the operator needs it: a port in use names the variable that chose the port,
 * since several processes on one host each need their own.
 */
export function describeListenError(error: unknown, variable: string, port: number): Error {
  if ((error as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE") {
    return new Error(`${variable} ${port} is already in use: give each process on this host its own ${variable}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
