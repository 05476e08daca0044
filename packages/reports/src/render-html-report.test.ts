import { describe, expect, it } from "vitest";
import { executiveSummary } from "./executive-summary";
import { renderHtmlReport, topBreaks } from "./render-html-report";
import { bundleInput, discrepancy } from "./test-fixtures";

describe("renderHtmlReport", () => {
  const input = bundleInput();
  const html = renderHtmlReport(input, executiveSummary(input));

  it("is self-contained: no script, no external resource", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
  });

  it("charts discrepancies by kind and the amount at stake per currency", () => {
    expect(html).toContain('<svg id="chart-by-kind"');
    expect(html).toContain('<svg id="chart-by-currency"');
    // The largest count gets the full bar; USD 35.00 of 1000.00 volume is 3.50%.
    expect(html).toContain('width="420"');
    expect(html).toContain("35.00 USD (3.50% of volume)");
    expect(html).toContain("1500 JPY (3.00% of volume)");
  });

  it("badges and recommends by the same level the risk lines beside them show", () => {
    // The fixture's alert severity is LOW but its risk level HIGH (5% of transactions missing).
    expect(html).toContain("Risk level HIGH; compliance NEEDS_REVIEW");
    expect(html).toContain('<span class="severity" title="review priority">HIGH</span>');
    expect(html).toContain("<li>Review within 2 hours</li>");
    expect(html).not.toContain("No immediate action required");
  });

  it("escapes every value that came from data", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("=HYPERLINK(&quot;x&quot;)");
  });

  it("ranks top breaks by money in major units, not raw minor units", () => {
    const ranked = topBreaks([
      discrepancy({ currency: "JPY", amountAtRiskMinor: 5_000n }), // 5000 yen
      discrepancy({ currency: "USD", amountAtRiskMinor: 900_000n }), // 9000 dollars
      discrepancy({ currency: "KWD", amountAtRiskMinor: 1_000n }), // 1 dinar
    ]);
    expect(ranked.map((d) => d.currency)).toEqual(["USD", "JPY", "KWD"]);
    expect(topBreaks(Array.from({ length: 30 }, () => discrepancy()))).toHaveLength(20);
  });
});
