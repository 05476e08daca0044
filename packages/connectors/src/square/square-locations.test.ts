import { describe, expect, it } from "vitest";
import { readLocationIds } from "./square-locations";

describe("readLocationIds", () => {
  it("keeps every location, inactive ones too, in Square's order, each once", () => {
    const reply = { locations: [{ id: "L1", status: "ACTIVE" }, { id: "L2", status: "INACTIVE" }, { id: "L1", status: "ACTIVE" }] };
    expect(readLocationIds(reply)).toEqual(["L1", "L2"]);
  });

  it("fails rather than fetch less than everything: a location without an id, or no location at all", () => {
    expect(() => readLocationIds({ locations: [{ id: "L1" }, { name: "Nameless" }] })).toThrow("Square's list of locations cannot be read (locations.1.id: ");
    expect(() => readLocationIds({})).toThrow("Square listed no locations for this seller, so nothing could be fetched");
    expect(() => readLocationIds({ errors: [{ code: "FORBIDDEN", detail: "no" }] })).toThrow("Square listed no locations for this seller (FORBIDDEN: no)");
  });
});
