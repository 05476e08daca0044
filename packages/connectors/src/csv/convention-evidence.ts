import { currencyExponent } from "@recon/domain";
import { decimalsOf, readDigits, splitAmountText, type DecimalSeparator } from "./amount-text";
import type { ConventionOptions, CsvConventions } from "./conventions";
import { dayReadings, resolveZone, type DateOrder, type ZoneRule } from "./local-time";

/** Where a cell was seen, to name it in a refusal. */
interface Sighting {
  line: number;
  column: string;
  cell: string;
}

const at = (s: Sighting): string => `line ${s.line} ${s.column} "${s.cell}"`;

/** Keeps the first cell seen for each value. */
function note<T>(seen: Map<T, Sighting>, value: T, sighting: Sighting): void {
  if (!seen.has(value)) seen.set(value, sighting);
}

/** The file's conventions cannot be settled: every reason, and what to pass to settle it. */
export class CsvConventionsError extends Error {
  override name = "CsvConventionsError";
  constructor(readonly problems: string[]) {
    super(`${problems.join("; ")}. Nothing was imported.`);
  }
}

/**
 * What the cells of a whole file say about its conventions, gathered in one pass before any row
 * is stored, then settled at once (`decide`). A cell that can only be read one way decides; a
 * cell that reads differently each way is ambiguous; two cells that decide differently are a
 * contradiction. A contradiction, or ambiguity no option settles, refuses the file.
 */
export class ConventionEvidence {
  /** Cells only one separator can read at all. */
  private readonly decimalOnly = new Map<DecimalSeparator, Sighting>();
  /**
   * Cells both separators can read, but one only with more decimals than the row's currency has
   * ("1,234" in USD): they decide only when no cell of the first kind does, because in a file
   * that does decide, such a cell is simply a bad row (quarantined when it is read).
   */
  private readonly decimalByExponent = new Map<DecimalSeparator, Sighting>();
  private decimalEither: Sighting | undefined;
  private readonly orderOnly = new Map<DateOrder, Sighting>();
  private orderEither: Sighting | undefined;
  private readonly zones = new Map<string, number>();
  /** Currencies every marker of the file allows so far (null: no marker seen), with the first marker. */
  private markerCurrencies: Set<string> | null = null;
  private firstMarker: Sighting | undefined;
  private markerConflict: [Sighting, Sighting] | undefined;

  /** A money cell, with its row's currency when the row names one (it rules out readings with too many decimals). */
  amount(line: number, column: string, cell: string, rowCurrency: string | null): void {
    if (cell.trim() === "") return;
    let text;
    try {
      text = splitAmountText(cell);
    } catch {
      return; // unreadable either way: that row is quarantined with the reason when it is read
    }
    const sighting = { line, column, cell };
    if (text.marker && rowCurrency === null) this.marker(sighting, text.marker.currencies);
    const readings = new Map<DecimalSeparator, string>();
    for (const decimal of [".", ","] as const) {
      const plain = readDigits(text.digits, decimal);
      if (plain !== null) readings.set(decimal, plain);
    }
    if (readings.size === 1) {
      note(this.decimalOnly, [...readings.keys()][0]!, sighting);
      return;
    }
    if (readings.size < 2 || readings.get(".") === readings.get(",")) return;
    const fitting = [...readings].filter(([, plain]) => rowCurrency === null || decimalsOf(plain) <= currencyExponent(rowCurrency));
    if (fitting.length === 1) note(this.decimalByExponent, fitting[0]![0], sighting);
    else this.decimalEither ??= sighting;
  }

  /** A date cell of a local timestamp. */
  date(line: number, column: string, cell: string): void {
    const readings = dayReadings(cell);
    // An ISO date (the only ymd reading) is read the same whatever the file's order: no evidence.
    const orders = (Object.keys(readings) as DateOrder[]).filter((order) => order !== "ymd");
    const sighting = { line, column, cell };
    if (orders.length === 1) {
      note(this.orderOnly, orders[0]!, sighting);
    } else if (orders.length === 2 && String(readings.mdy) !== String(readings.dmy)) {
      this.orderEither ??= sighting;
    }
  }

  /** A time zone cell. */
  zone(line: number, cell: string): void {
    if (!this.zones.has(cell)) this.zones.set(cell, line);
  }

  private marker(sighting: Sighting, currencies: readonly string[]): void {
    this.firstMarker ??= sighting;
    if (this.markerCurrencies === null) {
      this.markerCurrencies = new Set(currencies);
      return;
    }
    const kept = new Set(currencies.filter((c) => this.markerCurrencies!.has(c)));
    if (kept.size === 0) this.markerConflict ??= [this.firstMarker, sighting];
    else this.markerCurrencies = kept;
  }

  /**
   * Settles the file's conventions from what was seen and what the user said, or refuses the
   * file naming every problem and the option that settles it.
   * @param currencyColumn whether the format requires a currency column, or the header has its optional one
   */
  decide(options: ConventionOptions, delimiter: string, currencyColumn: "required" | "present" | "absent"): CsvConventions {
    const problems: string[] = [];
    const decimal = this.settle(
      "decimal separator",
      this.decimalOnly.size > 0 || options.decimal !== undefined ? this.decimalOnly : this.decimalByExponent,
      this.decimalEither,
      options.decimal,
      '--decimal-separator "." or "," (or --locale)',
      (value) => `"${value}" as its decimal separator`,
      problems,
    );
    const dateOrder = this.settle(
      "day and month order",
      this.orderOnly,
      this.orderEither,
      options.dateOrder,
      "--date-order mdy or dmy (or --locale)",
      (value) => (value === "mdy" ? "the month first" : value === "dmy" ? "the day first" : "the year first"),
      problems,
    );
    const zones = new Map<string, ZoneRule>();
    for (const [cell, line] of this.zones) {
      const rule = resolveZone(cell) ?? options.timeZone;
      if (rule) zones.set(cell, rule);
      else problems.push(`line ${line}: time zone "${cell}" ${cell.trim() === "" ? "is empty" : "names no single zone this import knows"}; pass --time-zone with an IANA name such as Europe/London`);
    }
    let currency: string | null = null;
    if (currencyColumn === "absent") currency = this.fileCurrency(options.currency, problems);
    else if (currencyColumn === "present") currency = options.currency ?? null;
    else if (options.currency !== undefined) problems.push(`--currency: this export names each row's currency in a column of its own; leave --currency out`);
    if (problems.length > 0) throw new CsvConventionsError(problems);
    return { delimiter, decimal: decimal ?? ".", dateOrder: dateOrder ?? "ymd", currency, zones };
  }

  /** One convention settled, or a problem pushed: undefined when nothing in the file depends on it. */
  private settle<T extends string>(
    what: string,
    only: ReadonlyMap<T, Sighting>,
    either: Sighting | undefined,
    option: T | undefined,
    optionHint: string,
    describe: (value: T) => string,
    problems: string[],
  ): T | undefined {
    const decided = [...only.entries()];
    if (option !== undefined) {
      const against = decided.find(([value]) => value !== option);
      if (against) problems.push(`the ${what} you gave does not fit the file: ${at(against[1])} can only be read with ${describe(against[0])}`);
      return option;
    }
    if (decided.length > 1) {
      problems.push(`the file writes its ${what} two ways: ${decided.map(([value, s]) => `${at(s)} has ${describe(value)}`).join(", ")}`);
      return undefined;
    }
    if (decided.length === 1) return decided[0]![0];
    if (either) problems.push(`cannot tell the ${what}: ${at(either)} and every cell like it reads either way; pass ${optionHint}`);
    return undefined;
  }

  private fileCurrency(option: string | undefined, problems: string[]): string | null {
    if (this.markerConflict) {
      const [a, b] = this.markerConflict;
      problems.push(`the amounts are in different currencies (${at(a)}, ${at(b)}) but the export has no currency column`);
      return null;
    }
    const allowed = this.markerCurrencies;
    if (option !== undefined) {
      if (allowed && !allowed.has(option)) problems.push(`--currency ${option} does not fit the file: ${at(this.firstMarker!)} is written in ${[...allowed].join(" or ")}`);
      return option;
    }
    if (allowed?.size === 1) return [...allowed][0]!;
    problems.push(
      allowed
        ? `the export has no currency column and ${at(this.firstMarker!)} could be ${[...allowed].slice(0, 4).join(", ")}${allowed.size > 4 ? "…" : ""}; pass --currency with the account's currency`
        : "the export has no currency column and its amounts carry no currency symbol; pass --currency with the account's currency",
    );
    return null;
  }
}
