import { describe, expect, it } from "vitest";
import { crossOriginRefusal } from "./same-origin";

const HOST = "dash.example.com";

describe("crossOriginRefusal", () => {
  it("lets every read through, whoever asks", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(crossOriginRefusal(method, { host: HOST, "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBeUndefined();
    }
  });

  it("decides by Sec-Fetch-Site when the browser sends it", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(crossOriginRefusal(method, { host: HOST, "sec-fetch-site": "same-origin", origin: `https://${HOST}` })).toBeUndefined();
      expect(crossOriginRefusal(method, { host: HOST, "sec-fetch-site": "none" })).toBeUndefined();
      expect(crossOriginRefusal(method, { host: HOST, "sec-fetch-site": "cross-site", origin: "https://evil.example" })).toBe(
        "a cross-site request cannot change anything here (Sec-Fetch-Site: cross-site)",
      );
      // A sibling port or subdomain is another origin, even if the same site.
      expect(crossOriginRefusal(method, { host: HOST, "sec-fetch-site": "same-site", origin: `https://other.example.com` })).toMatch(/same-site request/);
    }
    // Node joins a repeated header with ", ": not a value a browser sends alone, so refused.
    expect(crossOriginRefusal("POST", { host: HOST, "sec-fetch-site": "same-origin, cross-site" })).toMatch(/^a same-origin, cross-site request/);
  });

  it("without Sec-Fetch-Site, requires Origin to name the host the request was sent to", () => {
    expect(crossOriginRefusal("POST", { host: HOST, origin: `https://${HOST}` })).toBeUndefined();
    expect(crossOriginRefusal("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" })).toBeUndefined();
    expect(crossOriginRefusal("POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:4000" })).toBe(
      "a request from http://127.0.0.1:4000 cannot change anything on 127.0.0.1:3000",
    );
    expect(crossOriginRefusal("PUT", { host: HOST, origin: "https://evil.example" })).toMatch(/from https:\/\/evil.example/);
    // Sandboxed frames and some redirects send "null".
    expect(crossOriginRefusal("POST", { host: HOST, origin: "null" })).toBe('a request from origin "null" cannot change anything here');
  });

  it("lets a request with neither header through: no browser sends such a POST, so a script sent it with its own credentials", () => {
    expect(crossOriginRefusal("POST", { host: HOST })).toBeUndefined();
    expect(crossOriginRefusal("DELETE", {})).toBeUndefined();
  });
});
