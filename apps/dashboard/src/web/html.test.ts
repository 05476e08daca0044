import { describe, expect, it } from "vitest";
import { html, raw } from "./html";

describe("the html tag", () => {
  it("escapes interpolated data, so a hostile id cannot become markup", () => {
    const id = `"><script>alert(1)</script>`;
    expect(html`<td title="${id}">${id}</td>`.text).toBe(
      "<td title=\"&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;\">&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;</td>",
    );
  });
  it("keeps nested fragments and lists of them, and drops null, undefined and false", () => {
    const rows = ["a&b", "c"].map((cell) => html`<li>${cell}</li>`);
    expect(html`<ul>${rows}${null}${undefined}${false}${raw("<hr>")}</ul>`.text).toBe("<ul><li>a&#38;b</li><li>c</li><hr></ul>");
  });
});
