/**
 * Where a run's report files are, as one place: the folder (or S3 prefix) they share, with its
 * trailing slash, e.g. `s3://recon-reports/reports/2025-10-09/stripe/` or `reports/stripe/2025-10-09/`.
 * Undefined when the run records no report file.
 */
export function reportLocation(reports: Record<string, string>): string | undefined {
  const files = Object.entries(reports)
    .filter(([kind]) => kind !== "storage_note")
    .map(([, location]) => location);
  if (files.length === 0) return undefined;
  const folders = files.map((file) => file.slice(0, file.lastIndexOf("/") + 1));
  return folders.reduce((common, folder) => {
    let length = 0;
    while (length < common.length && common[length] === folder[length]) length += 1;
    return common.slice(0, common.lastIndexOf("/", length - 1) + 1);
  });
}
