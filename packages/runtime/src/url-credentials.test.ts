import { describe, expect, it } from "vitest";
import { maskUrlCredentials } from "./url-credentials";

describe("maskUrlCredentials", () => {
  it("masks the password of every URL in a text, and only that", () => {
    expect(
      maskUrlCredentials(
        'connect failed: postgresql://recon:pa%40ss-w0rd@db:5432/recon, then {"url":"redis://:r3dis-pw@cache:6379/0"} and smtps://alerts:Sm7p!@mail.example.com:465',
      ),
    ).toBe('connect failed: postgresql://recon:***@db:5432/recon, then {"url":"redis://:***@cache:6379/0"} and smtps://alerts:***@mail.example.com:465');
  });

  it("leaves URLs without a password, e-mail addresses and plain text alone", () => {
    const text = "see https://example.com/a:b@c and http://user@host:80/x, mail ops@example.com at 12:30";
    expect(maskUrlCredentials(text)).toBe(text);
  });
});
