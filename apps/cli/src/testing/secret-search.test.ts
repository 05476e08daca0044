import { describe, expect, it } from "vitest";
import { findSecrets } from "./secret-search";

const SECRET = "s3cr3t/Value+with=signs";

describe("findSecrets", () => {
  it("finds a secret as it is, URL-encoded, and base64 / base64url at every alignment", () => {
    const places = [
      { place: "raw", text: `password=${SECRET};` },
      { place: "url", text: `postgresql://u:${encodeURIComponent(SECRET)}@host/db` },
      ...["", "a", "ab", "abc"].map((prefix) => ({
        place: `basic-${prefix.length}`,
        text: `Authorization: Basic ${Buffer.from(`${prefix}:${SECRET}:tail`).toString("base64")}`,
      })),
      { place: "clean", text: "nothing to see here" },
    ];
    const found = findSecrets(places, { PASSWORD: SECRET }).map((f) => `${f.place}:${f.form}`);
    expect(found).toEqual(["raw:raw", "url:url-encoded", "basic-0:base64", "basic-1:base64", "basic-2:base64", "basic-3:base64"]);
  });

  it("tells base64url from base64 where the encoding holds + or /", () => {
    // At offset 1 this secret's base64 is "…dD8/Pj5+fnZh…": base64url writes "…dD8_Pj5-fnZh…".
    const secret = "s3cr3t??>>~~value";
    const found = findSecrets([{ place: "token", text: Buffer.from(`x${secret}`).toString("base64url") }], { TOKEN: secret });
    expect(found.map((f) => f.form)).toEqual(["base64url"]);
  });

  it("masks the secret in the context it reports", () => {
    const [finding] = findSecrets([{ place: "log", text: `{"msg":"connecting with ${SECRET}"}` }], { PASSWORD: SECRET });
    expect(finding?.context).toBe('{"msg":"connecting with <PASSWORD>"}');
  });

  it("refuses a secret too short to search for", () => {
    expect(() => findSecrets([], { PIN: "1234" })).toThrow("secret PIN is too short");
  });
});
