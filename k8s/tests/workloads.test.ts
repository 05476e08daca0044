// Must show 1, the workload half: every Deployment, Job and CronJob pod has what running it safely
// takes (probes, requests and limits, the restricted securityContext, a PDB, a grace period above
// its shutdown timeout, spreading, its own ServiceAccount), in base, dev and prod alike.
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { describe, expect, it } from "vitest";
import { allContainers, APPS, appOf, containerEnv, ofKind, quantity, renderedObjects, scaledObjects, selects, workloads, type Workload } from "./objects";
import { OVERLAYS } from "./render";

describe.each(OVERLAYS)("workloads of %s", (overlay) => {
  const objects = () => renderedObjects(overlay);
  const deployments = () => ofKind<IDeployment>(objects(), "Deployment");
  const each = (check: (workload: Workload) => string[]) => workloads(objects()).flatMap(check);

  it("are one Deployment per app, the Slack bot included, each running its app from the one image", () => {
    expect(deployments().map(appOf).sort()).toEqual([...APPS].sort());
    const images = new Set(workloads(objects()).flatMap((w) => allContainers(w.pod).map((c) => c.image?.replace(/[:@].*$/, ""))));
    expect(images.size).toBe(1);
  });

  it("give every Deployment's containers startup, liveness (/healthz) and readiness (/readyz) probes on the named HEALTH_PORT", () => {
    const problems = deployments().flatMap((deployment) =>
      deployment.spec!.template.spec!.containers.flatMap((container) => {
        const at = `${deployment.metadata.name}/${container.name}`;
        const healthPort = Number(containerEnv(objects(), container, false).get("HEALTH_PORT")?.value);
        const found: string[] = [];
        if (container.ports?.find((port) => port.name === "health")?.containerPort !== healthPort) found.push(`${at}: no port named health on HEALTH_PORT (${healthPort})`);
        if (container.livenessProbe?.httpGet?.path !== "/healthz" || container.livenessProbe.httpGet.port !== "health") found.push(`${at}: liveness is not GET /healthz on health`);
        if (container.readinessProbe?.httpGet?.path !== "/readyz" || container.readinessProbe.httpGet.port !== "health") found.push(`${at}: readiness is not GET /readyz on health`);
        if (!container.startupProbe?.httpGet) found.push(`${at}: no startup probe`);
        return found;
      }),
    );
    expect(problems).toEqual([]);
    expect(deployments().length).toBe(APPS.length);
  });

  it("give every container requests and limits for CPU and memory, requests within limits", () => {
    const problems = each((w) =>
      allContainers(w.pod).flatMap((container) =>
        (["cpu", "memory"] as const).flatMap((resource) => {
          const request = container.resources?.requests?.[resource];
          const limit = container.resources?.limits?.[resource];
          if (request === undefined || limit === undefined) return [`${w.name}/${container.name}: ${resource} request or limit missing`];
          return quantity(request) <= quantity(limit) ? [] : [`${w.name}/${container.name}: ${resource} request ${request} above limit ${limit}`];
        }),
      ),
    );
    expect(problems).toEqual([]);
  });

  it("run every pod non-root (uid/gid 1000), RuntimeDefault seccomp, read-only root, no privilege escalation, all capabilities dropped", () => {
    const problems = each((w) => {
      const pod = w.pod.securityContext;
      const found: string[] = [];
      if (pod?.runAsNonRoot !== true || pod.runAsUser !== 1000 || pod.runAsGroup !== 1000 || pod.fsGroup !== 1000) found.push(`${w.name}: pod is not runAsNonRoot with uid/gid/fsGroup 1000`);
      if (pod?.seccompProfile?.type !== "RuntimeDefault") found.push(`${w.name}: seccomp is not RuntimeDefault`);
      for (const container of allContainers(w.pod)) {
        const c = container.securityContext;
        if (c?.readOnlyRootFilesystem !== true) found.push(`${w.name}/${container.name}: root filesystem writable`);
        if (c?.allowPrivilegeEscalation !== false) found.push(`${w.name}/${container.name}: privilege escalation allowed`);
        if (!c?.capabilities?.drop?.includes("ALL") || (c.capabilities.add ?? []).length > 0) found.push(`${w.name}/${container.name}: capabilities not all dropped`);
        if (c?.privileged === true || c?.runAsUser === 0) found.push(`${w.name}/${container.name}: privileged or root`);
      }
      return found;
    });
    expect(problems).toEqual([]);
  });

  it("give every container a writable /tmp from an emptyDir (the root filesystem is read-only)", () => {
    const problems = each((w) => {
      const emptyDirs = new Set((w.pod.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
      return allContainers(w.pod)
        .filter((container) => !(container.volumeMounts ?? []).some((m) => m.mountPath === "/tmp" && emptyDirs.has(m.name)))
        .map((container) => `${w.name}/${container.name}: no emptyDir at /tmp`);
    });
    expect(problems).toEqual([]);
  });

  it("stop every pod within terminationGracePeriodSeconds: above SHUTDOWN_TIMEOUT_MS (ConfigMap, or the container's own) plus any preStop pause", () => {
    const problems = each((w) =>
      w.pod.containers.flatMap((container) => {
        const shutdownMs = Number(containerEnv(objects(), container, false).get("SHUTDOWN_TIMEOUT_MS")?.value);
        const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
        const grace = w.pod.terminationGracePeriodSeconds;
        if (!Number.isFinite(shutdownMs) || shutdownMs <= 0) return [`${w.name}/${container.name}: SHUTDOWN_TIMEOUT_MS not set`];
        return grace !== undefined && grace > preStop + shutdownMs / 1000 ? [] : [`${w.name}: grace ${grace} s not above ${preStop} s + ${shutdownMs / 1000} s`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it("run every pod as a dedicated ServiceAccount of the render, with no API token mounted", () => {
    const accounts = ofKind<IServiceAccount>(objects(), "ServiceAccount");
    const problems = each((w) => {
      const name = w.pod.serviceAccountName;
      const account = accounts.find((a) => a.metadata.name === name);
      const found: string[] = [];
      if (!name || name === "default" || !account) found.push(`${w.name}: ServiceAccount ${name} is not one of the render`);
      if (w.pod.automountServiceAccountToken !== false || account?.automountServiceAccountToken !== false) found.push(`${w.name}: API token mounted`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it("spread every Deployment's pods over zones and nodes, preferred (ScheduleAnyway), counting only its own pods", () => {
    const problems = deployments().flatMap((deployment) => {
      const labels = deployment.spec!.template.metadata!.labels;
      const constraints = deployment.spec!.template.spec!.topologySpreadConstraints ?? [];
      return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].flatMap((key) => {
        const constraint = constraints.find((c) => c.topologyKey === key);
        if (!constraint) return [`${deployment.metadata.name}: no spread over ${key}`];
        if (constraint.whenUnsatisfiable !== "ScheduleAnyway") return [`${deployment.metadata.name}: spread over ${key} blocks scheduling`];
        const others = deployments().filter((d) => d !== deployment && selects(constraint.labelSelector, d.spec!.template.metadata!.labels));
        if (!selects(constraint.labelSelector, labels) || others.length > 0) return [`${deployment.metadata.name}: spread over ${key} does not select exactly its pods`];
        return [];
      });
    });
    expect(problems).toEqual([]);
  });

  it("cover every Deployment with exactly one PodDisruptionBudget of its own, which never blocks a node drain", () => {
    const budgets = ofKind<IPodDisruptionBudget>(objects(), "PodDisruptionBudget");
    const scaled = scaledObjects(objects());
    const problems = deployments().flatMap((deployment) => {
      const labels = deployment.spec!.template.metadata!.labels;
      const covering = budgets.filter((pdb) => selects(pdb.spec?.selector, labels));
      if (covering.length !== 1) return [`${deployment.metadata.name}: ${covering.length} PDBs`];
      const pdb = covering[0]!;
      const spillover = deployments().filter((d) => d !== deployment && selects(pdb.spec?.selector, d.spec!.template.metadata!.labels));
      if (spillover.length > 0) return [`${pdb.metadata.name} also selects ${spillover.map((d) => d.metadata.name).join(", ")}`];
      // The fewest pods the Deployment runs with replicas (KEDA's minimum when autoscaled, but at least the one a drain would evict).
      const minimum = Math.max(1, scaled.find((s) => s.spec.scaleTargetRef.name === deployment.metadata.name)?.spec.minReplicaCount ?? deployment.spec!.replicas ?? 1);
      const maxUnavailable = pdb.spec?.maxUnavailable;
      const minAvailable = pdb.spec?.minAvailable;
      const allowed = maxUnavailable !== undefined ? Number(maxUnavailable) : minAvailable !== undefined ? minimum - Number(minAvailable) : 0;
      return allowed >= 1 ? [] : [`${pdb.metadata.name}: a drain of a ${minimum}-replica ${deployment.metadata.name} would be blocked`];
    });
    expect(problems).toEqual([]);
  });

  it("run the scheduler as exactly one replica, never autoscaled", () => {
    const scheduler = deployments().find((d) => appOf(d) === "scheduler")!;
    expect(scheduler.spec!.replicas).toBe(1);
    expect(scaledObjects(objects()).map((s) => s.spec.scaleTargetRef.name)).not.toContain(scheduler.metadata.name);
  });
});

describe.each(["dev", "prod"] as const)("images of %s", (overlay) => {
  it("are the recon image at a fixed tag set by the overlay, never `latest` or untagged", () => {
    const images = workloads(renderedObjects(overlay)).flatMap((w) => allContainers(w.pod).map((c) => c.image ?? ""));
    for (const image of images) {
      expect(image).toMatch(/\/recon(:[\w][\w.-]*|@sha256:[0-9a-f]{64})$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });
});
