// Queue-depth autoscaling: one KEDA ScaledObject per worker queue on the backlog gauge, no other
// autoscaler, and a reconcile maximum that its memory limit and the prod quota bound.
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { ICronJob } from "kubernetes-models/batch/v1/CronJob";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { describe, expect, it } from "vitest";
import { appOf, containerEnv, MiB, ofKind, quantity, renderedObjects, scaledObjects, WORKER_QUEUES } from "./objects";
import { OVERLAYS, type K8sObject } from "./render";

/** Each queue's expected floor: the reconcile worker also runs the outbox relay and the run watchdog, so it never goes to zero. */
const MIN_REPLICAS: Record<(typeof WORKER_QUEUES)[number], number> = { fetch: 0, reconcile: 1, report: 0, notify: 0 };

describe.each(OVERLAYS)("autoscaling in %s", (overlay) => {
  const objects = () => renderedObjects(overlay);
  const deployments = () => ofKind<IDeployment>(objects(), "Deployment");

  it.each(WORKER_QUEUES)("scales the %s worker on max(recon_queue_backlog) of its queue through KEDA's Prometheus scaler", (queue) => {
    const worker = deployments().find((d) => appOf(d) === `${queue}-worker`);
    expect(worker).toBeDefined();
    const scaling = scaledObjects(objects()).filter((s) => s.spec.scaleTargetRef.name === worker!.metadata.name);
    expect(scaling).toHaveLength(1);
    const { spec } = scaling[0]!;
    expect(spec.scaleTargetRef.kind ?? "Deployment").toBe("Deployment");
    expect(spec.triggers).toHaveLength(1);
    const trigger = spec.triggers[0]!;
    expect(trigger.type).toBe("prometheus");
    expect(trigger.metadata.query).toBe(`max(recon_queue_backlog{queue="${queue}"})`);
    expect(new URL(trigger.metadata.serverAddress!).protocol).toMatch(/^https?:$/);
    // The backlog per replica (AverageValue: replicas = ceil(backlog / threshold)).
    expect(Number(trigger.metadata.threshold)).toBeGreaterThanOrEqual(1);
    expect(trigger.metricType ?? "AverageValue").toBe("AverageValue");
    // An absent series is an error (fallback applies), not a backlog of zero.
    expect(trigger.metadata.ignoreNullValues).toBe("false");
    expect(spec.minReplicaCount).toBe(MIN_REPLICAS[queue]);
    expect(spec.maxReplicaCount).toBeGreaterThanOrEqual(Math.max(1, spec.minReplicaCount ?? 0));
    expect(spec.cooldownPeriod).toBeGreaterThanOrEqual(60);
    expect(spec.pollingInterval).toBeGreaterThanOrEqual(5);
    expect(spec.fallback?.replicas).toBeGreaterThanOrEqual(1);
    expect(spec.fallback!.replicas).toBeLessThanOrEqual(spec.maxReplicaCount!);
    // Scale down slowly: the backlog leaves out active jobs, so a replica just idle may be busy.
    const scaleDown = spec.advanced?.horizontalPodAutoscalerConfig?.behavior?.scaleDown;
    expect(scaleDown?.stabilizationWindowSeconds).toBeGreaterThanOrEqual(300);
    expect(scaleDown?.policies?.length).toBeGreaterThan(0);
  });

  it("autoscales nothing but the four workers, and through KEDA only (no HorizontalPodAutoscaler of its own)", () => {
    expect(objects().filter((o) => o.kind === "HorizontalPodAutoscaler")).toEqual([]);
    const targets = scaledObjects(objects()).map((s) => appOf(deployments().find((d) => d.metadata.name === s.spec.scaleTargetRef.name)!));
    expect(targets.sort()).toEqual(WORKER_QUEUES.map((queue) => `${queue}-worker`).sort());
  });

  it("leaves the replica count of autoscaled Deployments to KEDA (an applied `replicas` would fight it)", () => {
    const scaled = new Set(scaledObjects(objects()).map((s) => s.spec.scaleTargetRef.name));
    expect(deployments().filter((d) => scaled.has(d.metadata.name) && d.spec!.replicas !== undefined).map((d) => d.metadata.name)).toEqual([]);
  });

  it("sizes the reconcile worker's memory limit for RECONCILE_PARTITION_RECORDS (1.5 KiB each + 150 MiB) and its V8 heap limit (+128 MiB)", () => {
    const reconcile = deployments().find((d) => appOf(d) === "reconcile-worker")!;
    const container = reconcile.spec!.template.spec!.containers[0]!;
    const env = containerEnv(objects(), container, false);
    const records = Number(env.get("RECONCILE_PARTITION_RECORDS")?.value);
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(env.get("NODE_OPTIONS")?.value ?? "")?.[1]);
    const limit = quantity(container.resources!.limits!.memory);
    expect(records).toBeGreaterThan(0);
    expect(heapMb).toBeGreaterThan(0);
    expect(limit).toBeGreaterThanOrEqual(records * 1.5 * 1024 + 150 * MiB);
    expect(limit).toBeGreaterThanOrEqual((heapMb + 128) * MiB);
    // Memory is requested as well as limited: the node must really have the settle step's peak.
    expect(quantity(container.resources!.requests!.memory)).toBe(limit);
  });
});

/** Pods at once when every Deployment is at its maximum (plus the pod a rolling update adds), with the migration Job and an audit run. */
function fullScale(objects: readonly K8sObject[]): Array<{ name: string; pods: number; perPod: Record<string, number> }> {
  const scaled = scaledObjects(objects);
  const perPod = (containers: ReadonlyArray<{ resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }>) => {
    const sum: Record<string, number> = {};
    for (const kind of ["requests", "limits"] as const) {
      for (const resource of ["cpu", "memory"]) {
        sum[`${kind}.${resource}`] = containers.reduce((total, c) => total + quantity(c.resources?.[kind]?.[resource] as string | undefined), 0);
      }
    }
    return sum;
  };
  const deployments = ofKind<IDeployment>(objects, "Deployment").map((d) => {
    const max = scaled.find((s) => s.spec.scaleTargetRef.name === d.metadata.name)?.spec.maxReplicaCount ?? d.spec!.replicas ?? 1;
    const surge = d.spec!.strategy?.rollingUpdate?.maxSurge;
    if (typeof surge !== "number") throw new Error(`${d.metadata.name}: maxSurge should be a whole number for this count`);
    return { name: d.metadata.name, pods: max + surge, perPod: perPod(d.spec!.template.spec!.containers) };
  });
  const jobs = ofKind<IJob>(objects, "Job").map((j) => ({ name: j.metadata.name, pods: j.spec!.parallelism ?? 1, perPod: perPod(j.spec!.template.spec!.containers) }));
  const cronJobs = ofKind<ICronJob>(objects, "CronJob").map((c) => {
    if (c.spec.concurrencyPolicy !== "Forbid") throw new Error(`${c.metadata.name}: runs could overlap; count them`);
    return { name: c.metadata.name, pods: 1, perPod: perPod(c.spec.jobTemplate.spec!.template.spec!.containers) };
  });
  return [...deployments, ...jobs, ...cronJobs];
}

describe("the prod quota", () => {
  const objects = () => renderedObjects("prod");
  const quota = () => {
    const quotas = ofKind<IResourceQuota>(objects(), "ResourceQuota");
    expect(quotas).toHaveLength(1);
    return quotas[0]!.spec!.hard!;
  };

  it("holds the whole fleet at its autoscaled maximum, per resource it limits", () => {
    const hard = quota();
    const pods = fullScale(objects());
    const used: Record<string, number> = { pods: pods.reduce((total, p) => total + p.pods, 0) };
    for (const resource of ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]) {
      used[resource] = pods.reduce((total, p) => total + p.pods * p.perPod[resource]!, 0);
    }
    expect(Object.keys(hard)).toContain("limits.memory");
    for (const [resource, limit] of Object.entries(hard)) {
      expect(used[resource], `${resource} at full scale`).toBeLessThanOrEqual(quantity(limit));
    }
  });

  it("caps the reconcile worker at what its memory limit leaves of the budget: (maxReplicaCount + surge) x limit <= quota - the rest at full scale", () => {
    const budget = quantity(quota()["limits.memory"]);
    const pods = fullScale(objects());
    const reconcile = pods.find((p) => p.name === "recon-reconcile-worker")!;
    const rest = pods.filter((p) => p !== reconcile).reduce((total, p) => total + p.pods * p.perPod["limits.memory"]!, 0);
    const limit = reconcile.perPod["limits.memory"]!;
    expect(reconcile.pods * limit).toBeLessThanOrEqual(budget - rest);
    // And not far below it: the maximum follows the budget, one more replica would not fit.
    expect((reconcile.pods + 1) * limit).toBeGreaterThan(budget - rest);
  });
});
