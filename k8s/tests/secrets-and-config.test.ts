// What each pod is configured with: the sandbox off in prod (on, explicitly, in dev), the fleet's
// least-privilege DATABASE_URL for every app, and the schema owner's MIGRATION_DATABASE_URL for
// the migration Job alone.
import type { IExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { describe, expect, it } from "vitest";
import { allContainers, containerEnv, isTruthy, ofKind, renderedObjects, secretsReadBy, workloads, type Workload } from "./objects";
import { SOURCE_LOCATION_SETTINGS } from "@recon/sources";
import { OVERLAYS } from "./render";

describe.each(OVERLAYS)("configuration in %s", (overlay) => {
  it("never runs the dashboard as a sandbox (DASHBOARD_SANDBOX: no sign-in, or Basic auth)", () => {
    const on = workloads(renderedObjects(overlay)).flatMap((w) =>
      allContainers(w.pod).filter((c) => isTruthy(containerEnv(renderedObjects(overlay), c, false).get("DASHBOARD_SANDBOX")?.value)).map((c) => `${w.name}/${c.name}`),
    );
    expect(on).toEqual([]);
  });
});

describe.each(["dev", "prod"] as const)("the dashboard's sign-in in %s", (overlay) => {
  it("is OIDC: its settings in the ConfigMap, the client and session secrets in a Secret, no Basic auth", () => {
    const objects = renderedObjects(overlay);
    const dashboard = workloads(objects).find((w) => w.pod.containers[0]!.args?.[0] === "dashboard")!;
    const env = containerEnv(objects, dashboard.pod.containers[0]!);
    for (const name of ["OIDC_ISSUER_URL", "OIDC_CLIENT_ID", "DASHBOARD_PUBLIC_URL"]) {
      expect(env.get(name)?.from, name).toBe("configmap");
    }
    expect(env.get("DASHBOARD_PUBLIC_URL")?.value).toMatch(/^https:\/\//);
    expect(["OIDC_VIEWER_GROUPS", "OIDC_OPERATOR_GROUPS", "OIDC_ADMIN_GROUPS"].some((name) => env.get(name)?.value)).toBe(true);
    for (const name of ["OIDC_CLIENT_SECRET", "DASHBOARD_SESSION_SECRET"]) expect(env.get(name)?.from, name).toBe("secret");
    expect(env.has("DASHBOARD_USER") || env.has("DASHBOARD_PASSWORD")).toBe(false);
  });
});

describe.each(["base", "prod"] as const)("the sandbox in %s", (overlay) => {
  it("is off for every container: RECON_SANDBOX is not set to a true value anywhere", () => {
    const objects = renderedObjects(overlay);
    const on = workloads(objects).flatMap((w) =>
      allContainers(w.pod)
        .filter((c) => {
          const source = containerEnv(objects, c, overlay !== "base").get("RECON_SANDBOX");
          // A Secret could carry it too; prod's list their keys, so an unknown value would show here.
          return source !== undefined && (source.value === undefined || isTruthy(source.value));
        })
        .map((c) => `${w.name}/${c.name}`),
    );
    expect(on).toEqual([]);
  });
});

describe("the sandbox in dev", () => {
  it("is on, explicitly, for every app (no processor credentials exist in dev)", () => {
    const objects = renderedObjects("dev");
    for (const w of workloads(objects)) {
      const env = containerEnv(objects, w.pod.containers[0]!);
      expect(env.get("RECON_SANDBOX"), w.name).toMatchObject({ from: "configmap", value: "true" });
      expect([...env.keys()].filter((key) => SOURCE_LOCATION_SETTINGS.includes(key)), w.name).toEqual([]);
    }
  });
});

describe.each(["dev", "prod"] as const)("database credentials in %s", (overlay) => {
  const objects = () => renderedObjects(overlay);
  const migrationJob = () => workloads(objects()).find((w) => w.kind === "Job" && w.pod.containers[0]!.args?.join(" ") === "recon migrate");
  const isMigrationJob = (w: Workload) => w.kind === "Job" && w.name === migrationJob()?.name;

  it("give every app and the audit CronJob DATABASE_URL from a Secret, and the migration Job MIGRATION_DATABASE_URL", () => {
    for (const w of workloads(objects())) {
      const env = containerEnv(objects(), w.pod.containers[0]!);
      const wanted = isMigrationJob(w) ? "MIGRATION_DATABASE_URL" : "DATABASE_URL";
      expect(env.get(wanted)?.from, `${w.name} ${wanted}`).toBe("secret");
    }
    expect(migrationJob()).toBeDefined();
  });

  it("show MIGRATION_DATABASE_URL, and the Secret holding it, to the migration Job only", () => {
    const job = migrationJob()!;
    const holder = containerEnv(objects(), job.pod.containers[0]!).get("MIGRATION_DATABASE_URL")!.source!;
    for (const w of workloads(objects())) {
      const sees = allContainers(w.pod).some((c) => containerEnv(objects(), c).has("MIGRATION_DATABASE_URL"));
      expect(sees, w.name).toBe(isMigrationJob(w));
      expect(secretsReadBy(w.pod).has(holder), w.name).toBe(isMigrationJob(w));
    }
  });

  it("keep the owner's and the fleet's credentials in separate Secrets", () => {
    const job = migrationJob()!;
    const owner = containerEnv(objects(), job.pod.containers[0]!).get("MIGRATION_DATABASE_URL")!.source;
    const scheduler = workloads(objects()).find((w) => w.pod.containers[0]!.args?.[0] === "scheduler")!;
    const fleet = containerEnv(objects(), scheduler.pod.containers[0]!).get("DATABASE_URL")!.source;
    expect(owner).not.toBe(fleet);
  });
});

describe("database roles in dev", () => {
  it("are recon_fleet for DATABASE_URL and recon_owner for MIGRATION_DATABASE_URL", () => {
    const objects = renderedObjects("dev");
    for (const w of workloads(objects)) {
      const env = containerEnv(objects, w.pod.containers[0]!);
      const url = env.get("DATABASE_URL")?.value ?? env.get("MIGRATION_DATABASE_URL")?.value;
      expect(new URL(url!).username, w.name).toBe(env.has("MIGRATION_DATABASE_URL") ? "recon_owner" : "recon_fleet");
    }
  });
});

describe("secrets in prod", () => {
  const externalSecrets = () => ofKind<IExternalSecret>(renderedObjects("prod"), "ExternalSecret");

  it("come from AWS Secrets Manager through External Secrets, with no Secret object in the manifests", () => {
    expect(ofKind(renderedObjects("prod"), "Secret")).toEqual([]);
    expect(externalSecrets().map((e) => e.spec!.target!.name).sort()).toEqual(["recon-migration", "recon-secrets"]);
    for (const external of externalSecrets()) {
      expect(["ClusterSecretStore", "SecretStore"]).toContain(external.spec!.secretStoreRef!.kind);
      expect(external.spec!.secretStoreRef!.name).toBeTruthy();
    }
  });

  it("read the owner's URL from an AWS secret of its own, apart from the fleet's", () => {
    const remoteKeys = (target: string) => new Set(externalSecrets().find((e) => e.spec!.target!.name === target)!.spec!.data!.map((d) => d.remoteRef.key));
    const owner = remoteKeys("recon-migration");
    expect([...owner].filter((key) => remoteKeys("recon-secrets").has(key))).toEqual([]);
    expect(externalSecrets().find((e) => e.spec!.target!.name === "recon-migration")!.spec!.data!.map((d) => d.secretKey)).toEqual(["MIGRATION_DATABASE_URL"]);
  });
});
