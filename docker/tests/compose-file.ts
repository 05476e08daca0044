// Reading compose.yaml the way Docker Compose does, without Docker: YAML with anchors and merge
// keys, then variable interpolation (the Compose Specification's `${VAR:-default}` syntax) with a
// given environment, as `docker compose` does with the shell's environment and docker/.env.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const DOCKER_DIR = fileURLToPath(new URL("..", import.meta.url));
const REPO_ROOT = join(DOCKER_DIR, "..");

export type Env = Record<string, string | undefined>;

export interface VariableUse {
  name: string;
  /** The reference gives a value for when the variable is unset (`:-`, `-`, `:+`, `+`, or `?` forms). */
  hasFallback: boolean;
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/**
 * Interpolates one string as Compose does: `$$` is a literal `$`; `$NAME` and `${NAME}` are the
 * variable's value (empty when unset); `${NAME:-default}` / `${NAME-default}` use the default when
 * the variable is unset or empty / unset; `${NAME:+alt}` / `${NAME+alt}` the reverse;
 * `${NAME:?message}` / `${NAME?message}` fail. Defaults may hold further references (nested).
 */
export function interpolate(text: string, env: Env, uses: VariableUse[] = []): string {
  const [value, end] = interpolateUntil(text, 0, env, uses, false);
  if (end !== text.length) throw new Error(`unexpected "}" at ${end} in ${JSON.stringify(text)}`);
  return value;
}

/** Interpolates from `start` to the end of the text, or (inBraces) to the first unmatched `}`. */
function interpolateUntil(text: string, start: number, env: Env, uses: VariableUse[], inBraces: boolean): [string, number] {
  let out = "";
  let i = start;
  while (i < text.length) {
    const char = text[i]!;
    if (inBraces && char === "}") return [out, i];
    if (char !== "$") {
      out += char;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "{") {
      const [value, end] = braced(text, i + 2, env, uses);
      out += value;
      i = end;
    } else {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (name === undefined) {
        out += "$";
        i += 1;
      } else {
        uses.push({ name, hasFallback: false });
        out += env[name] ?? "";
        i += 1 + name.length;
      }
    }
  }
  if (inBraces) throw new Error(`unterminated "\${" in ${JSON.stringify(text)}`);
  return [out, i];
}

/** `NAME[op word]}` after a `${`: the value and the index after the closing brace. */
function braced(text: string, start: number, env: Env, uses: VariableUse[]): [string, number] {
  const name = NAME.exec(text.slice(start))?.[0];
  if (name === undefined) throw new Error(`invalid interpolation at ${start} in ${JSON.stringify(text)}`);
  let i = start + name.length;
  const operator = /^(:-|-|:\?|\?|:\+|\+)?/.exec(text.slice(i))![0];
  i += operator.length;
  uses.push({ name, hasFallback: operator !== "" });
  const value = env[name];
  const set = value !== undefined;
  const nonEmpty = set && value !== "";
  if (operator === "") {
    if (text[i] !== "}") throw new Error(`invalid interpolation of ${name} in ${JSON.stringify(text)}`);
    return [value ?? "", i + 1];
  }
  const [word, end] = interpolateUntil(text, i, env, uses, true);
  const after = end + 1;
  switch (operator) {
    case ":-":
      return [nonEmpty ? value : word, after];
    case "-":
      return [set ? value : word, after];
    case ":+":
      return [nonEmpty ? word : "", after];
    case "+":
      return [set ? word : "", after];
    case ":?":
      if (!nonEmpty) throw new Error(`required variable ${name} is missing a value: ${word}`);
      return [value, after];
    default:
      if (!set) throw new Error(`required variable ${name} is missing a value: ${word}`);
      return [value ?? "", after];
  }
}

/** Every string value of a parsed YAML tree interpolated (keys are not, as in Compose). */
export function interpolateTree(node: unknown, env: Env, uses: VariableUse[] = []): unknown {
  if (typeof node === "string") return interpolate(node, env, uses);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env, uses));
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env, uses)]));
  }
  return node;
}

/** A compose file as YAML (anchors and `<<` merge keys resolved, as Compose's loader does). */
export function readComposeYaml(file: string): Record<string, unknown> {
  const parsed: unknown = parse(readFileSync(join(DOCKER_DIR, file), "utf8"), { merge: true });
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${file} is not a mapping`);
  return parsed as Record<string, unknown>;
}

/**
 * A .env file as Compose reads it: KEY=VALUE lines, `#` comments, blank lines; quotes around a
 * value are removed (single quotes: literal).
 */
export function readEnvFile(file: string): Record<string, string> {
  const entries: Array<[string, string]> = [];
  for (const raw of readFileSync(join(DOCKER_DIR, file), "utf8").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([_a-zA-Z][_a-zA-Z0-9]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`${file}: not a KEY=VALUE line: ${line}`);
    const value = match[2]!.trim();
    entries.push([match[1]!, /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value]);
  }
  return Object.fromEntries(entries);
}

/** The workspace's deployable apps: apps/<dir>/package.json with a `build` script. */
export function deployableApps(): Array<{ dir: string; name: string }> {
  const appsDir = join(REPO_ROOT, "apps");
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const manifest = JSON.parse(readFileSync(join(appsDir, entry.name, "package.json"), "utf8")) as { name: string; scripts?: Record<string, string> };
      return manifest.scripts?.build ? [{ dir: entry.name, name: manifest.name }] : [];
    });
}
