import { actorEnv, parseEnv } from "@recon/runtime";
import { describe, expect, it } from "vitest";
import { cliActor } from "./cli-actor";

const configured = (value: string) => parseEnv(actorEnv, { RECON_ACTOR: value }).RECON_ACTOR;

describe("cliActor", () => {
  it("is RECON_ACTOR when set, else the OS user", () => {
    expect(cliActor(configured("alice"), () => "root")).toBe("cli:alice");
    expect(cliActor(configured("Ann-Marie O'Neil"), () => "root")).toBe("cli:Ann-Marie O'Neil");
    expect(cliActor(undefined, () => "bob")).toBe("cli:bob");
  });

  it("refuses a RECON_ACTOR with control or invisible characters, edge spaces, or over 64 characters", () => {
    for (const bad of ["al\u001b[31mice", "bob\n", "\u200bbob", "bob\u202e", " bob", "bob ", "x".repeat(65)]) {
      expect(() => configured(bad), JSON.stringify(bad)).toThrow(/RECON_ACTOR: /);
    }
    expect(configured("x".repeat(64))).toBe("x".repeat(64));
  });

  it("asks for RECON_ACTOR when the OS user has no usable name", () => {
    expect(() =>
      cliActor(undefined, () => {
        throw new Error("ENOENT: no such file or directory, uv_os_get_passwd");
      }),
    ).toThrow(/^set RECON_ACTOR: the OS user of this process has no name \(ENOENT/);
    expect(() => cliActor(undefined, () => "evil\u0007")).toThrow('set RECON_ACTOR: the OS user name "evil\u0007" is not usable as the actor');
  });
});
