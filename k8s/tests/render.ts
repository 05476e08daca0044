// Renders a kustomization with `kubectl kustomize` (kustomize built into kubectl, as CI has it)
// and parses every document of the output.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";

/** What the tests render: the base alone, and each overlay. */
export const OVERLAYS = ["base", "dev", "prod"] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** The k8s package's folder (this file is in k8s/tests). */
const K8S_DIR = fileURLToPath(new URL("..", import.meta.url));

function kustomizationDir(overlay: Overlay): string {
  return overlay === "base" ? `${K8S_DIR}base` : `${K8S_DIR}overlays/${overlay}`;
}

/** A rendered object as the YAML has it; tests narrow it to a kind once it validates. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** The output of `kubectl kustomize`, or why there is none. */
export type Rendered = { ok: true; yaml: string } | { ok: false; error: string };

export async function render(overlay: Overlay): Promise<Rendered> {
  try {
    const { stdout } = await promisify(execFile)("kubectl", ["kustomize", kustomizationDir(overlay)], { maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, yaml: stdout };
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return { ok: false, error: stderr?.trim() || message };
  }
}

function isK8sObject(value: unknown): value is K8sObject {
  const object = value as Partial<K8sObject> | null;
  return typeof object?.apiVersion === "string" && typeof object.kind === "string" && typeof object.metadata?.name === "string";
}

/** Every document of a rendered stream, as objects; a document that is not a Kubernetes object throws. */
export function parseObjects(yaml: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(yaml)) {
    if (document.errors.length > 0) throw new Error(`unparseable YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isK8sObject(value)) throw new Error(`not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    objects.push(value);
  }
  return objects;
}
