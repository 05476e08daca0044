import { describe, expect, it } from "vitest";
import { CsvOptionError, readConventionOptions } from "./conventions";

describe("import options", () => {
  it("takes a locale's decimal separator and date order, and lets explicit options win", () => {
    expect(readConventionOptions({ locale: "en-US" })).toEqual({ decimal: ".", dateOrder: "mdy" });
    expect(readConventionOptions({ locale: "en-GB" })).toEqual({ decimal: ".", dateOrder: "dmy" });
    expect(readConventionOptions({ locale: "de-DE" })).toEqual({ decimal: ",", dateOrder: "dmy" });
    expect(readConventionOptions({ locale: "fr-FR" })).toEqual({ decimal: ",", dateOrder: "dmy" });
    expect(readConventionOptions({ locale: "ja-JP" })).toEqual({ decimal: ".", dateOrder: "ymd" });
    expect(readConventionOptions({ locale: "de-DE", decimalSeparator: ".", dateOrder: "YMD" })).toEqual({ decimal: ".", dateOrder: "ymd" });
    expect(readConventionOptions({ currency: "eur", timeZone: "Europe/Berlin" })).toEqual({ currency: "EUR", timeZone: { kind: "iana", zone: "Europe/Berlin" } });
  });

  it("refuses each bad option, naming it", () => {
    const message = (options: Parameters<typeof readConventionOptions>[0]) => {
      try {
        readConventionOptions(options);
        return "accepted";
      } catch (error) {
        expect(error).toBeInstanceOf(CsvOptionError);
        return (error as Error).message;
      }
    };
    expect(message({ currency: "ZZZ" })).toBe('--currency: unknown currency code "ZZZ": not an ISO 4217 currency');
    expect(message({ decimalSeparator: ";" })).toBe('--decimal-separator ";": expected "." or ","');
    expect(message({ dateOrder: "dym" })).toBe('--date-order "dym": expected ymd, mdy or dmy');
    expect(message({ locale: "not a locale" })).toMatch(/^--locale "not a locale": not a BCP 47 locale/);
    expect(message({ timeZone: "Mars/Olympus" })).toBe('--time-zone "Mars/Olympus": not an IANA time zone such as Europe/London');
  });
});
