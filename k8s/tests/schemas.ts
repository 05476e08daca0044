// Offline schema validation of rendered objects: the JSON schemas kubernetes-models and its
// CRD packages compile from the Kubernetes OpenAPI and from KEDA's, the Prometheus operator's and
// External Secrets' CRDs. Every kind of these API groups has its class; a kind outside them has
// no schema, and that is an error, never a silent pass.
//
// What the schemas check: types, enums, formats and required fields. What they do not: unknown
// field names (the OpenAPI schemas allow them; the API server's strict field validation does
// not), which is why the other tests read every field that matters by name.
import * as externalSecretsV1 from "@kubernetes-models/external-secrets/external-secrets.io/v1";
import * as kedaV1alpha1 from "@kubernetes-models/keda/keda.sh/v1alpha1";
import * as monitoringV1 from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import * as appsV1 from "kubernetes-models/apps/v1";
import * as batchV1 from "kubernetes-models/batch/v1";
import * as networkingV1 from "kubernetes-models/networking.k8s.io/v1";
import * as policyV1 from "kubernetes-models/policy/v1";
import * as coreV1 from "kubernetes-models/v1";
import type { K8sObject } from "./render";

interface Validatable {
  validate(): void;
}

interface ModelClass {
  new (data: never): Validatable;
  apiVersion: string;
  kind: string;
}

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === "function" &&
    typeof (value as Partial<ModelClass>).apiVersion === "string" &&
    typeof (value as Partial<ModelClass>).kind === "string" &&
    typeof (value.prototype as Partial<Validatable> | undefined)?.validate === "function"
  );
}

const MODULES = [coreV1, appsV1, batchV1, policyV1, networkingV1, kedaV1alpha1, monitoringV1, externalSecretsV1];

/** `apiVersion/kind` → its model class, for every kind the modules above define. */
export const MODELS: ReadonlyMap<string, ModelClass> = new Map(
  MODULES.flatMap((module) => Object.values(module).filter(isModelClass)).map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);

/**
 * kustomize folds a long base64 value of a Secret's data over several lines; the API server's
 * decoder (Go's encoding/base64) skips line breaks, the schema's `byte` format does not. So the
 * breaks go before validating, and nothing else changes.
 */
function asTheServerDecodes(object: K8sObject): K8sObject {
  if (object.apiVersion !== "v1" || object.kind !== "Secret" || typeof object.data !== "object" || object.data === null) return object;
  const data = Object.fromEntries(Object.entries(object.data).map(([key, value]) => [key, typeof value === "string" ? value.replace(/[\r\n]/g, "") : value]));
  return { ...object, data };
}

/** Validates an object against its kind's schema; throws naming the object and every problem, or when no schema knows the kind. */
export function validateObject(object: K8sObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS.get(key);
  if (!Model) throw new Error(`${key} ${object.metadata.name}: no schema for this kind (not one of the validated API groups)`);
  try {
    new Model(asTheServerDecodes(object) as never).validate();
  } catch (error) {
    throw new Error(`${key} ${object.metadata.name}: ${(error as Error).message}`, { cause: error });
  }
}
