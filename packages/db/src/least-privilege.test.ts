import { describe, expect, it } from "vitest";
import { leastPrivilegeSql } from "./least-privilege";

describe("leastPrivilegeSql", () => {
  it("names the roles it sets up, and leaves the fleet only SELECT and INSERT on audit_logs", () => {
    const sql = leastPrivilegeSql({ owner: "ops_owner", fleet: "ops_fleet" });
    expect(sql).toContain(`ALTER ROLE "ops_fleet" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;`);
    expect(sql).toContain(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "public"."audit_logs" FROM "ops_fleet";`);
    expect(sql).toContain(`ALTER SCHEMA "public" OWNER TO "ops_owner";`);
  });

  it("refuses names that are not plain SQL names, and one role for both", () => {
    expect(() => leastPrivilegeSql({ owner: 'x"; DROP ROLE postgres; --', fleet: "f" })).toThrow(
      'owner role "x"; DROP ROLE postgres; --" is not a plain lowercase SQL name',
    );
    expect(() => leastPrivilegeSql({ owner: "recon", fleet: "Recon" })).toThrow('fleet role "Recon" is not a plain lowercase SQL name');
    expect(() => leastPrivilegeSql({ owner: "recon", fleet: "recon" })).toThrow("the owner and fleet roles must differ");
  });
});
