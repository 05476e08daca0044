// Reading the rendered objects: finding them by kind, their pod templates, label selectors,
// quantities, and what configuration each container sees.
import type { IScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import type { IExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { ICronJob } from "kubernetes-models/batch/v1/CronJob";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ISecret } from "kubernetes-models/v1/Secret";
import { inject } from "vitest";
import { parseObjects, type K8sObject, type Overlay } from "./render";

const parsed = new Map<Overlay, K8sObject[]>();

/** The rendered objects of an overlay (rendered once per run by global-setup.ts, parsed once per file). Treat them as read-only. */
export function renderedObjects(overlay: Overlay): K8sObject[] {
  let objects = parsed.get(overlay);
  if (!objects) {
    const rendered = inject("rendered")[overlay];
    if (!rendered.ok) throw new Error(`kubectl kustomize ${overlay} failed: ${rendered.error}`);
    objects = parseObjects(rendered.yaml);
    parsed.set(overlay, objects);
  }
  return objects;
}

/** Objects of one kind, typed as that kind (the schema tests validate them). */
export function ofKind<T>(objects: readonly K8sObject[], kind: string): Array<T & K8sObject> {
  return objects.filter((object) => object.kind === kind) as Array<T & K8sObject>;
}

export function named<T extends K8sObject>(objects: readonly T[], name: string): T {
  const found = objects.find((object) => object.metadata.name === name);
  if (!found) throw new Error(`no ${name} among ${objects.map((object) => `${object.kind}/${object.metadata.name}`).join(", ")}`);
  return found;
}

export type LabelSelector = NonNullable<NonNullable<IPodDisruptionBudget["spec"]>["selector"]>;

/** Whether a label selector (matchLabels and matchExpressions) selects these labels; an empty selector selects everything. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => have[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In":
        return key in have && values.includes(have[key]!);
      case "NotIn":
        return !(key in have) || !values.includes(have[key]!);
      case "Exists":
        return key in have;
      case "DoesNotExist":
        return !(key in have);
      default:
        throw new Error(`unknown selector operator ${operator}`);
    }
  });
  return byLabel && byExpression;
}

/** A pod template and what owns it. */
export interface Workload {
  kind: "Deployment" | "Job" | "CronJob";
  name: string;
  labels: Record<string, string>;
  pod: IPodSpec;
  /** The object itself. */
  object: K8sObject;
}

/** Every pod template: Deployments, Jobs and CronJobs' Jobs. */
export function workloads(objects: readonly K8sObject[]): Workload[] {
  const deployments = ofKind<IDeployment>(objects, "Deployment").map((d) => ({
    kind: "Deployment" as const,
    name: d.metadata.name,
    labels: d.spec?.template.metadata?.labels ?? {},
    pod: d.spec!.template.spec!,
    object: d,
  }));
  const jobs = ofKind<IJob>(objects, "Job").map((j) => ({
    kind: "Job" as const,
    name: j.metadata.name,
    labels: j.spec?.template.metadata?.labels ?? {},
    pod: j.spec!.template.spec!,
    object: j,
  }));
  const cronJobs = ofKind<ICronJob>(objects, "CronJob").map((c) => ({
    kind: "CronJob" as const,
    name: c.metadata.name,
    labels: c.spec?.jobTemplate.spec?.template.metadata?.labels ?? {},
    pod: c.spec.jobTemplate.spec!.template.spec!,
    object: c,
  }));
  return [...deployments, ...jobs, ...cronJobs];
}

export function allContainers(pod: IPodSpec): IContainer[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** The app a Deployment runs: the image's entry point argument (`["fetch-worker"]`). */
export function appOf(deployment: IDeployment): string {
  return deployment.spec!.template.spec!.containers[0]!.args?.[0] ?? "";
}

const BINARY_SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL_SUFFIXES: Record<string, number> = { m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A Kubernetes quantity as a number: bytes for memory ("768Mi"), cores for CPU ("250m"). */
export function quantity(value: string | number | undefined): number {
  if (value === undefined) throw new Error("quantity missing");
  if (typeof value === "number") return value;
  const match = /^([0-9.]+)(Ki|Mi|Gi|Ti|m|k|M|G|T|)$/.exec(value);
  if (!match) throw new Error(`not a quantity: ${value}`);
  const factor = BINARY_SUFFIXES[match[2]!] ?? DECIMAL_SUFFIXES[match[2]!]!;
  return Number(match[1]) * factor;
}

export const MiB = 2 ** 20;

/** Where a variable a container sees comes from. */
export interface EnvSource {
  from: "configmap" | "secret" | "value";
  /** The ConfigMap or Secret name. */
  source?: string;
  /** Known for ConfigMaps, literal values and rendered Secrets (dev); not for ExternalSecrets. */
  value?: string;
}

/** The keys of a Secret in the render: a Secret's data, or an ExternalSecret's target keys. Throws when neither exists. */
function secretKeys(objects: readonly K8sObject[], name: string): Map<string, string | undefined> {
  const secret = ofKind<ISecret>(objects, "Secret").find((s) => s.metadata.name === name);
  if (secret) {
    const data = Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")] as const);
    return new Map([...data, ...Object.entries(secret.stringData ?? {})]);
  }
  const external = ofKind<IExternalSecret>(objects, "ExternalSecret").find((e) => (e.spec?.target?.name ?? e.metadata.name) === name);
  if (external) {
    if (external.spec?.dataFrom?.length) throw new Error(`ExternalSecret ${external.metadata.name} uses dataFrom: its keys cannot be checked offline`);
    return new Map((external.spec?.data ?? []).map((entry) => [entry.secretKey, undefined]));
  }
  throw new Error(`no Secret or ExternalSecret makes Secret ${name}`);
}

function configMapData(objects: readonly K8sObject[], name: string): Record<string, string> {
  const configMap = ofKind<IConfigMap>(objects, "ConfigMap").find((c) => c.metadata.name === name);
  if (!configMap) throw new Error(`no ConfigMap ${name} in the render`);
  return configMap.data ?? {};
}

/**
 * Every variable a container sees and where from: envFrom in order, then env (which wins).
 * `withSecrets: false` leaves Secrets out (the base alone renders none).
 */
export function containerEnv(objects: readonly K8sObject[], container: IContainer, withSecrets = true): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const source = from.configMapRef.name!;
      for (const [key, value] of Object.entries(configMapData(objects, source))) env.set(`${from.prefix ?? ""}${key}`, { from: "configmap", source, value });
    }
    if (from.secretRef && withSecrets) {
      const source = from.secretRef.name!;
      for (const [key, value] of secretKeys(objects, source)) env.set(`${from.prefix ?? ""}${key}`, { from: "secret", source, ...(value === undefined ? {} : { value }) });
    }
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom;
    if (ref?.secretKeyRef) {
      if (withSecrets) env.set(variable.name, { from: "secret", source: ref.secretKeyRef.name!, ...valueOf(secretKeys(objects, ref.secretKeyRef.name!).get(ref.secretKeyRef.key)) });
    } else if (ref?.configMapKeyRef) {
      env.set(variable.name, { from: "configmap", source: ref.configMapKeyRef.name!, ...valueOf(configMapData(objects, ref.configMapKeyRef.name!)[ref.configMapKeyRef.key]) });
    } else {
      env.set(variable.name, { from: "value", value: variable.value ?? "" });
    }
  }
  return env;
}

function valueOf(value: string | undefined): { value?: string } {
  return value === undefined ? {} : { value };
}

/** Every Secret a pod reads, by any route: envFrom, env, volumes (plain and projected). */
export function secretsReadBy(pod: IPodSpec): Set<string> {
  const names = new Set<string>();
  for (const container of allContainers(pod)) {
    for (const from of container.envFrom ?? []) if (from.secretRef?.name) names.add(from.secretRef.name);
    for (const variable of container.env ?? []) if (variable.valueFrom?.secretKeyRef?.name) names.add(variable.valueFrom.secretKeyRef.name);
  }
  for (const volume of pod.volumes ?? []) {
    if (volume.secret?.secretName) names.add(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) if (source.secret?.name) names.add(source.secret.name);
  }
  return names;
}

/** How the fleet parses booleans (packages/runtime/src/env.ts, booleanFlag). */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.trim().toLowerCase());
}

/** The four worker queues and their Deployments (one image, the app named by its argument). */
export const WORKER_QUEUES = ["fetch", "reconcile", "report", "notify"] as const;

/** Every long-running app of the fleet. */
export const APPS = ["scheduler", "fetch-worker", "reconcile-worker", "report-worker", "notify-worker", "dashboard", "slack-bot"] as const;

export function scaledObjects(objects: readonly K8sObject[]): Array<IScaledObject & K8sObject> {
  return ofKind<IScaledObject>(objects, "ScaledObject");
}
