/**
 * Runs `close` but gives up after `timeoutMs`: true when it finished. A `recon run` whose
 * --timeout passed still has jobs running in its in-process workers, and a dependency lost
 * mid-run can leave a close waiting on it; neither may keep the command past its time. Jobs left
 * running are not lost: their locks lapse and the fleet (or the next run) takes them up again.
 */
export async function closeWithin(timeoutMs: number, close: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([close().then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
