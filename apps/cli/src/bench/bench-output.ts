// How `recon bench` reports: one `name: value` line per figure on stdout, for people and scripts.

export function line(name: string, value: string | number): void {
  process.stdout.write(`${name}: ${value}\n`);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}
