import cliProgress from "cli-progress";

/** A progress bar on stderr over the file's bytes, drawn only on a terminal. */
export interface ImportProgress {
  update(progress: { bytesRead: number; totalBytes: number; rows: number }): void;
  stop(): void;
}

export function createImportProgress(stream: NodeJS.WriteStream = process.stderr): ImportProgress {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream, format: "importing [{bar}] {percentage}% | {rows} rows | {value}/{total} bytes", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update({ bytesRead, totalBytes, rows }) {
      if (!started) {
        bar.start(totalBytes, 0, { rows: 0 });
        started = true;
      }
      bar.update(Math.min(bytesRead, totalBytes), { rows });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
