// Must show 1: every overlay renders, and every rendered object validates offline against its
// kind's schema (Kubernetes, KEDA, Prometheus operator, External Secrets).
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IContainer } from "kubernetes-models/v1/Container";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { named, ofKind, renderedObjects, scaledObjects } from "./objects";
import { OVERLAYS, type K8sObject } from "./render";
import { MODELS, validateObject } from "./schemas";

describe.each(OVERLAYS)("kubectl kustomize %s", (overlay) => {
  it("renders", () => {
    const rendered = inject("rendered")[overlay];
    expect(rendered.ok ? "" : rendered.error).toBe("");
    expect(renderedObjects(overlay).length).toBeGreaterThan(20);
  });

  it("yields only objects that validate against their kind's schema", () => {
    const problems = renderedObjects(overlay).flatMap((object) => {
      try {
        validateObject(object);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    });
    expect(problems).toEqual([]);
  });

  it("names every object once per kind", () => {
    const keys = renderedObjects(overlay).map((object) => `${object.kind}/${object.metadata.name}`);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });
});

describe("the validation itself", () => {
  const prod = () => renderedObjects("prod");

  it("knows the kinds the manifests use", () => {
    for (const key of ["apps/v1/Deployment", "batch/v1/Job", "batch/v1/CronJob", "policy/v1/PodDisruptionBudget", "networking.k8s.io/v1/NetworkPolicy", "keda.sh/v1alpha1/ScaledObject", "monitoring.coreos.com/v1/ServiceMonitor", "external-secrets.io/v1/ExternalSecret"]) {
      expect(MODELS.has(key), key).toBe(true);
    }
  });

  it("fails an object of a kind it has no schema for, rather than skipping it", () => {
    const unknown: K8sObject = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } };
    expect(() => validateObject(unknown)).toThrow("example.com/v1/Widget w: no schema for this kind");
    // An HPA (autoscaling/v2) is outside the validated groups too: KEDA makes the only ones.
    expect(() => validateObject({ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "h" } })).toThrow("no schema");
  });

  it("rejects a rendered Deployment once its replicas is a string", () => {
    const deployment = structuredClone(named(ofKind<IDeployment>(prod(), "Deployment"), "recon-scheduler"));
    expect(() => validateObject(deployment)).not.toThrow();
    Object.assign(deployment.spec!, { replicas: "2" });
    expect(() => validateObject(deployment)).toThrow("spec/replicas must be integer");
  });

  it("rejects a rendered Deployment whose container lost its name", () => {
    const deployment = structuredClone(named(ofKind<IDeployment>(prod(), "Deployment"), "recon-fetch-worker"));
    const container: Partial<IContainer> = deployment.spec!.template.spec!.containers[0]!;
    delete container.name;
    expect(() => validateObject(deployment)).toThrow("containers/0 must have required property name");
  });

  it("rejects a Secret whose data is not base64", () => {
    const secret = structuredClone(ofKind<K8sObject>(renderedObjects("dev"), "Secret")[0]!);
    expect(() => validateObject(secret)).not.toThrow();
    secret.data = { DATABASE_URL: "postgresql://not base64" };
    expect(() => validateObject(secret)).toThrow('must match format "byte"');
  });

  it("rejects a rendered ScaledObject whose threshold is a number (KEDA's metadata is strings)", () => {
    const scaled = structuredClone(named(scaledObjects(prod()), "recon-fetch-worker"));
    expect(() => validateObject(scaled)).not.toThrow();
    (scaled.spec.triggers[0]!.metadata as Record<string, unknown>).threshold = 4;
    expect(() => validateObject(scaled)).toThrow("threshold must be string");
  });
});
