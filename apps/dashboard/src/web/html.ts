// One way to write HTML in the dashboard: the `html` tag escapes every value it interpolates, so
// ids from processors' APIs, notes from people and reasons from the engine can never become
// markup. Only another `html` fragment (or `raw`, for markup built here) passes through as is.

const SAFE = Symbol("safe html");

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly text: string;
}

/** Markup this code wrote itself (never data): passes through `html` unescaped. */
export function raw(text: string): SafeHtml {
  return { [SAFE]: true, text };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === "object" && value !== null && SAFE in value;
}

/** A value as HTML: fragments as they are, lists joined, null and undefined as nothing, the rest escaped. */
function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (isSafe(value)) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  if (typeof value === "string") return escapeHtml(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return escapeHtml(value.toString());
  throw new Error("html: only strings, numbers, bigints and html fragments can be interpolated");
}

/** Tagged template: `html\`<td>${id}</td>\`` escapes `id`; nested `html` fragments and arrays of them are kept. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let text = strings[0] ?? "";
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? "");
  });
  return raw(text);
}
