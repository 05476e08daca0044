// The one-shot workloads (the migration Job, the daily audit CronJob) and the deploy order: the
// migration Job can run, with everything it needs, before any app rolls.
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { IExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import type { ICronJob } from "kubernetes-models/batch/v1/CronJob";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import { named, ofKind, renderedObjects, secretsReadBy, selects, workloads } from "./objects";
import { OVERLAYS, type K8sObject } from "./render";

/** The label `kubectl apply -l` selects for the first deploy step (docs/deploy-kubernetes.md). */
const PREPARE = "recon/deploy-phase";

describe.each(OVERLAYS)("the migration Job in %s", (overlay) => {
  const job = () => named(ofKind<IJob>(renderedObjects(overlay), "Job"), "recon-migrate");

  it("gates every app: each Deployment first waits, read-only, until the schema is current", () => {
    const deployments = ofKind<IDeployment>(renderedObjects(overlay), "Deployment");
    const missing = deployments
      .filter((deployment) => {
        const first = deployment.spec!.template.spec!.initContainers?.[0];
        return first?.args?.join(" ") !== "recon migrate --check --wait 600" || first.image !== deployment.spec!.template.spec!.containers[0]!.image;
      })
      .map((deployment) => deployment.metadata.name);
    expect(deployments.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it("runs `recon migrate` once, bounded in time, cleaned up a day later", () => {
    const { spec } = job();
    expect(spec!.template.spec!.containers.map((c) => c.args)).toEqual([["recon", "migrate"]]);
    expect(spec!.template.spec!.restartPolicy).toBe("Never");
    expect(spec!.backoffLimit).toBeGreaterThanOrEqual(1);
    expect(spec!.activeDeadlineSeconds).toBeGreaterThan(0);
    expect(spec!.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });

  it("runs before the apps under Argo CD (a Sync hook in an earlier wave, re-created each sync) and is re-created by Flux", () => {
    const annotations = job().metadata.annotations ?? {};
    expect(annotations["argocd.argoproj.io/hook"]).toBe("Sync");
    expect(annotations["argocd.argoproj.io/hook-delete-policy"]).toBe("BeforeHookCreation");
    expect(Number(annotations["argocd.argoproj.io/sync-wave"])).toBeLessThan(0);
    expect(annotations["kustomize.toolkit.fluxcd.io/force"]).toBe("enabled");
    for (const w of workloads(renderedObjects(overlay)).filter((w) => w.kind !== "Job")) {
      expect(Number(w.object.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? 0), w.name).toBeGreaterThan(Number(annotations["argocd.argoproj.io/sync-wave"]));
    }
  });
});

describe.each(["dev", "prod"] as const)("the first deploy step of %s (kubectl apply -l recon/deploy-phase=prepare)", (overlay) => {
  const objects = () => renderedObjects(overlay);
  const inPrepare = (o: K8sObject) => o.metadata.labels?.[PREPARE] === "prepare";

  it("carries the migration Job and everything it needs: namespace, ConfigMap, its Secrets, ServiceAccount, every NetworkPolicy", () => {
    const job = named(ofKind<IJob>(objects(), "Job"), "recon-migrate");
    const pod = job.spec!.template.spec!;
    const needed: K8sObject[] = [job];
    needed.push(...objects().filter((o) => o.kind === "Namespace" || o.kind === "NetworkPolicy"));
    for (const container of pod.containers) {
      for (const from of container.envFrom ?? []) if (from.configMapRef) needed.push(named(ofKind(objects(), "ConfigMap"), from.configMapRef.name!));
    }
    for (const secret of secretsReadBy(pod)) {
      needed.push(
        objects().find((o) => o.kind === "Secret" && o.metadata.name === secret) ??
          ofKind<IExternalSecret>(objects(), "ExternalSecret").find((e) => e.spec!.target!.name === secret)!,
      );
    }
    needed.push(named(ofKind(objects(), "ServiceAccount"), pod.serviceAccountName!));
    expect(needed.filter((o) => o === undefined || !inPrepare(o)).map((o) => (o ? `${o.kind}/${o.metadata.name}` : "a missing Secret"))).toEqual([]);
    expect(needed.some((o) => o.kind === "Namespace")).toBe(true);
  });

  it("leaves out every app, the CronJob and the autoscalers, which the second step rolls", () => {
    const early = objects().filter((o) => inPrepare(o) && ["Deployment", "CronJob", "ScaledObject", "Service", "Ingress"].includes(o.kind));
    expect(early.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });
});

describe.each(OVERLAYS)("the daily audit check in %s", (overlay) => {
  const objects = () => renderedObjects(overlay);
  const cron = () => named(ofKind<ICronJob>(objects(), "CronJob"), "recon-audit-verify");

  it("runs `recon audit verify` once a day, never two at once", () => {
    const { spec } = cron();
    expect(spec.jobTemplate.spec!.template.spec!.containers.map((c) => c.args)).toEqual([["recon", "audit", "verify"]]);
    expect(spec.concurrencyPolicy).toBe("Forbid");
    const [minute, hour, dayOfMonth, month, dayOfWeek] = spec.schedule.split(/\s+/);
    expect([minute, hour].every((field) => /^\d+$/.test(field!))).toBe(true);
    expect([dayOfMonth, month, dayOfWeek]).toEqual(["*", "*", "*"]);
    expect(spec.jobTemplate.spec!.backoffLimit).toBeGreaterThanOrEqual(0);
    expect(spec.jobTemplate.spec!.activeDeadlineSeconds).toBeGreaterThan(0);
  });

  it("alerts through Prometheus when a run fails and when none succeeded for a day", () => {
    const rules = ofKind<IPrometheusRule>(objects(), "PrometheusRule").flatMap((r) => r.spec.groups!.flatMap((g) => g.rules ?? []));
    const failed = rules.find((r) => typeof r.expr === "string" && r.expr.includes("kube_job_status_failed") && r.expr.includes(cron().metadata.name));
    const stale = rules.find((r) => typeof r.expr === "string" && r.expr.includes("kube_cronjob_status_last_successful_time") && r.expr.includes(cron().metadata.name));
    expect(failed?.alert).toBeTruthy();
    expect(stale?.alert).toBeTruthy();
    // The failed Job must outlive its alert: no TTL, a failed-history limit instead.
    expect(cron().spec.jobTemplate.spec!.ttlSecondsAfterFinished).toBeUndefined();
    expect(cron().spec.failedJobsHistoryLimit).toBeGreaterThanOrEqual(1);
  });

  it("does not expose its pods to the metrics scrape (they serve no /metrics)", () => {
    const services = ofKind(objects(), "Service") as Array<K8sObject & { spec: { selector?: Record<string, string> } }>;
    const labels = cron().spec.jobTemplate.spec!.template.metadata!.labels;
    expect(services.filter((s) => selects({ matchLabels: s.spec.selector ?? {} }, labels) && Object.keys(s.spec.selector ?? {}).length > 0).map((s) => s.metadata.name)).toEqual([]);
  });
});
