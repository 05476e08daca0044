// How traffic reaches the fleet and leaves it: the Slack bot's and the dashboard's Services and
// Ingresses, the metrics Service and ServiceMonitor, and the NetworkPolicies around every pod.
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IService } from "kubernetes-models/v1/Service";
import { describe, expect, it } from "vitest";
import { appOf, containerEnv, ofKind, renderedObjects, selects, workloads, type Workload } from "./objects";
import { OVERLAYS } from "./render";

/** Where Slack posts slash commands: Bolt's HTTPReceiver default, which apps/slack-bot serves (start-slack-bot.ts). */
const SLACK_EVENTS_PATH = "/slack/events";

describe.each(OVERLAYS)("exposure in %s", (overlay) => {
  const objects = () => renderedObjects(overlay);
  const deployment = (app: string) => ofKind<IDeployment>(objects(), "Deployment").find((d) => appOf(d) === app)!;

  /** The Service and container port an Ingress path reaches, checked hop by hop. */
  function route(app: string, path: string, portVariable: string) {
    const target = deployment(app);
    const container = target.spec!.template.spec!.containers[0]!;
    const ingress = ofKind<IIngress>(objects(), "Ingress").flatMap((i) => (i.spec!.rules ?? []).flatMap((r) => r.http?.paths ?? []).filter((p) => p.path === path));
    expect(ingress, `an Ingress path ${path}`).toHaveLength(1);
    const backend = ingress[0]!.backend.service!;
    const service = ofKind<IService>(objects(), "Service").find((s) => s.metadata.name === backend.name);
    expect(service, `Service ${backend.name}`).toBeDefined();
    expect(selects({ matchLabels: service!.spec!.selector ?? {} }, target.spec!.template.metadata!.labels)).toBe(true);
    const servicePort = service!.spec!.ports!.find((p) => p.name === backend.port!.name || p.port === backend.port!.number)!;
    const containerPort = container.ports!.find((p) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort);
    expect(containerPort?.containerPort).toBe(Number(containerEnv(objects(), container, false).get(portVariable)?.value));
    return ingress[0]!;
  }

  it("routes Slack's request URL (/slack/events, exactly) to the Slack bot's SLACK_PORT", () => {
    expect(route("slack-bot", SLACK_EVENTS_PATH, "SLACK_PORT").pathType).toBe("Exact");
  });

  it("routes the dashboard's host to its DASHBOARD_PORT", () => {
    route("dashboard", "/", "DASHBOARD_PORT");
  });

  it("scrapes /metrics of every long-running app through one ServiceMonitor, and of nothing else", () => {
    const monitors = ofKind<IServiceMonitor>(objects(), "ServiceMonitor");
    expect(monitors).toHaveLength(1);
    const monitor = monitors[0]!;
    const services = ofKind<IService>(objects(), "Service").filter((s) => selects(monitor.spec.selector, s.metadata.labels));
    expect(services).toHaveLength(1);
    const service = services[0]!;
    const endpoint = monitor.spec.endpoints[0]!;
    expect(endpoint.path).toBe("/metrics");
    const port = service.spec!.ports!.find((p) => p.name === endpoint.port)!;
    expect(port).toBeDefined();
    const scraped = (w: Workload) => selects({ matchLabels: service.spec!.selector! }, w.labels);
    for (const w of workloads(objects())) {
      expect(scraped(w), w.name).toBe(w.kind === "Deployment");
      if (w.kind !== "Deployment") continue;
      const container = w.pod.containers[0]!;
      const target = container.ports!.find((p) => p.name === port.targetPort)?.containerPort;
      expect(target, w.name).toBe(Number(containerEnv(objects(), container, false).get("HEALTH_PORT")?.value));
    }
  });
});

/** What the NetworkPolicies selecting a pod allow it, as the union of their rules. */
function allowed(policies: readonly INetworkPolicy[], labels: Record<string, string>) {
  const selecting = policies.filter((p) => selects(p.spec!.podSelector, labels));
  const egress = selecting.flatMap((p) => p.spec!.egress ?? []);
  const ingress = selecting.flatMap((p) => p.spec!.ingress ?? []);
  return {
    deniesByDefault: (type: "Ingress" | "Egress") => selecting.some((p) => p.spec!.policyTypes?.includes(type)),
    egressPorts: new Set(egress.flatMap((rule) => (rule.ports ?? []).map((port) => `${port.protocol ?? "TCP"}/${port.port}`))),
    ingressFrom: (namespace: string) =>
      new Set(
        ingress
          .filter((rule) => (rule.from ?? []).some((peer) => selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": namespace }) && !peer.podSelector))
          .flatMap((rule) => (rule.ports ?? []).map((port) => String(port.port))),
      ),
    ingressRules: ingress.length,
  };
}

describe.each(OVERLAYS)("NetworkPolicies in %s", (overlay) => {
  const objects = () => renderedObjects(overlay);
  const policies = () => ofKind<INetworkPolicy>(objects(), "NetworkPolicy");

  it("deny every pod of the namespace all ingress and egress unless allowed", () => {
    const denyAll = policies().filter((p) => Object.keys(p.spec!.podSelector ?? {}).length === 0 && !p.spec!.ingress && !p.spec!.egress);
    expect(denyAll.map((p) => [...(p.spec!.policyTypes ?? [])].sort())).toEqual([["Egress", "Ingress"]]);
  });

  it("let every pod out to DNS, Postgres, Redis and HTTPS; SMTP for the notify worker only", () => {
    for (const w of workloads(objects())) {
      const { egressPorts, deniesByDefault } = allowed(policies(), w.labels);
      expect(deniesByDefault("Egress"), w.name).toBe(true);
      for (const port of ["UDP/53", "TCP/53", "TCP/5432", "TCP/6379", "TCP/443"]) expect(egressPorts.has(port), `${w.name} ${port}`).toBe(true);
      const notify = w.kind === "Deployment" && w.pod.containers[0]!.args?.[0] === "notify-worker";
      expect(egressPorts.has("TCP/587") && egressPorts.has("TCP/465"), `${w.name} SMTP`).toBe(notify);
    }
  });

  it("let in the ingress controller to the dashboard's and Slack bot's HTTP port, Prometheus to every app's health port, and nothing to the Jobs", () => {
    for (const w of workloads(objects())) {
      const { ingressFrom, ingressRules, deniesByDefault } = allowed(policies(), w.labels);
      expect(deniesByDefault("Ingress"), w.name).toBe(true);
      if (w.kind !== "Deployment") {
        expect(ingressRules, w.name).toBe(0);
        continue;
      }
      const web = ["dashboard", "slack-bot"].includes(w.pod.containers[0]!.args![0]!);
      expect([...ingressFrom("ingress-nginx")], w.name).toEqual(web ? ["http"] : []);
      expect([...ingressFrom("monitoring")], w.name).toEqual(["health"]);
      expect([...ingressFrom("some-other-namespace")], w.name).toEqual([]);
      for (const name of [...ingressFrom("ingress-nginx"), ...ingressFrom("monitoring")]) {
        expect(w.pod.containers[0]!.ports!.map((p) => p.name), `${w.name} port ${name}`).toContain(name);
      }
    }
  });
});
