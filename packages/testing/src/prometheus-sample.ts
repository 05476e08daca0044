/** One series' value in Prometheus text format (`/metrics`), or undefined when absent. */
export function prometheusSample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.indexOf("}"));
    if (Object.entries(labels).every(([key, value]) => inside.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.indexOf("}") + 1).trim());
    }
  }
  return undefined;
}
