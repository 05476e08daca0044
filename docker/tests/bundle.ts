import { builtinModules } from "node:module";

// esbuild writes the imports it leaves to Node as statements at the top of the bundle
// (`import x from "pkg";`, spread over lines for many names) and as `import("pkg")` calls.
const STATIC_IMPORT = /^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)";?$/gm;
const BARE_IMPORT = /^import\s*"([^"]+)";?$/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*"([^"]+)"\s*\)/g;

const BUILTINS = new Set(builtinModules);

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || BUILTINS.has(specifier);
}

/** Every npm import specifier a bundle leaves to Node's resolver (`pkg`, `@scope/pkg/sub/path`). */
export function npmImports(bundle: string): string[] {
  const specifiers = new Set<string>();
  for (const pattern of [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of bundle.matchAll(pattern)) specifiers.add(match[1]!);
  }
  return [...specifiers].filter((specifier) => !isBuiltin(specifier)).sort();
}

/** `@scope/pkg/sub` -> `@scope/pkg`, `pkg/sub` -> `pkg`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/**
 * Paths the bundle finds from its own location: `new URL("<relative>", import.meta.url)`. A
 * template literal there (a computed path) is returned as written, backticks included, so a
 * caller can refuse what it cannot check.
 */
export function moduleRelativePaths(bundle: string): string[] {
  const found = new Set<string>();
  for (const match of bundle.matchAll(/new URL\(\s*("[^"]*"|`[^`]*`)\s*,\s*import\.meta\.url\s*\)/g)) {
    const literal = match[1]!;
    found.add(literal.startsWith('"') ? (JSON.parse(literal) as string) : literal);
  }
  return [...found].sort();
}
