// Test-only: looks for known secret values in text, in the forms they could take when something
// copies them on: as they are, URL-encoded, or base64 / base64url at any alignment (inside a
// longer encoded string such as a Basic-auth header `user:secret`).

/** One place the fleet printed, stored or served something, as text. */
export interface Place {
  place: string;
  text: string;
}

export interface SecretFinding {
  secret: string;
  form: "raw" | "url-encoded" | "base64" | "base64url";
  place: string;
  /** The text around the hit, the secret itself masked, for the failure message. */
  context: string;
}

/**
 * The base64 characters that depend only on `value`'s bytes when it sits at each of the three
 * byte offsets modulo 3 inside a longer input: whatever precedes or follows it, its base64
 * encoding contains one of these.
 */
function base64Cores(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6); // exclusive
    return encoded.slice(first, last);
  });
}

/** Every form of `value` the search looks for. */
function secretForms(value: string): Array<{ form: SecretFinding["form"]; text: string }> {
  const cores = base64Cores(value);
  return [
    { form: "raw" as const, text: value },
    { form: "url-encoded" as const, text: encodeURIComponent(value) },
    ...cores.map((text) => ({ form: "base64" as const, text })),
    ...cores.map((text) => ({ form: "base64url" as const, text: text.replaceAll("+", "-").replaceAll("/", "_") })),
  ];
}

/** Every place where any form of any secret appears: one finding per secret and place, its first form found. */
export function findSecrets(places: readonly Place[], secrets: Record<string, string>): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const [secret, value] of Object.entries(secrets)) {
    if (value.length < 12) throw new Error(`secret ${secret} is too short to search for without false alarms`);
    const forms = secretForms(value);
    for (const { place, text } of places) {
      for (const { form, text: needle } of forms) {
        const at = text.indexOf(needle);
        if (at < 0) continue;
        const around = text.slice(Math.max(0, at - 80), at + needle.length + 80).replaceAll(needle, `<${secret}>`);
        findings.push({ secret, form, place, context: around });
        break;
      }
    }
  }
  return findings;
}
