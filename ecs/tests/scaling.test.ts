import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_APP_SPECS, WORKER_QUEUES, type WorkerQueue } from "../lib/fleet-apps";
import { DEFAULT_RECONCILE_MEMORY_BUDGET_MIB, DEFAULT_SCALING } from "../lib/scaling-settings";
import { flat, synthFleet, taskOf } from "./synth-fleet";

const SERVICE_OF: Record<WorkerQueue, string> = { fetch: "fetch-worker", reconcile: "reconcile-worker", report: "report-worker", notify: "notify-worker" };

let template: Template;
let blue: Template;
beforeAll(() => {
  template = synthFleet().template;
  // A second fleet in the same account: its own prefix, namespace and reconcile budget.
  blue = synthFleet({ queuePrefix: "blue", metricsNamespace: "ReconBlue", reconcileMemoryBudgetMiB: 3000 }).template;
});

/** The logical id of the service running an app, and its scalable target's properties. */
function scalableTargetOf(t: Template, app: string): { id: string; properties: Record<string, unknown> } | undefined {
  const task = taskOf(t, app);
  const [serviceId] = Object.entries(t.findResources("AWS::ECS::Service")).find(([, service]) => flat(service).includes(`"${task.id}"`))!;
  const found = Object.entries(t.findResources("AWS::ApplicationAutoScaling::ScalableTarget")).find(([, target]) => flat(target).includes(serviceId));
  return found ? { id: found[0], properties: (found[1] as { Properties: Record<string, unknown> }).Properties } : undefined;
}

function policiesOf(t: Template, targetId: string): Array<Record<string, unknown>> {
  return Object.values(t.findResources("AWS::ApplicationAutoScaling::ScalingPolicy"))
    .map((policy) => (policy as { Properties: Record<string, unknown> }).Properties)
    .filter((properties) => flat(properties.ScalingTargetId) === flat({ Ref: targetId }));
}

describe("worker autoscaling on the published backlog", () => {
  it("tracks BacklogPerWorker of each worker's own queue and fleet, with the queue's target and cooldowns", () => {
    for (const queue of WORKER_QUEUES) {
      const target = scalableTargetOf(template, SERVICE_OF[queue]);
      expect(target, queue).toBeDefined();
      const settings = DEFAULT_SCALING[queue];
      expect(target!.properties).toMatchObject({ MinCapacity: settings.minTasks, ScalableDimension: "ecs:service:DesiredCount", ServiceNamespace: "ecs" });
      const tracking = policiesOf(template, target!.id).filter((policy) => policy.PolicyType === "TargetTrackingScaling");
      expect(tracking).toHaveLength(1);
      expect(tracking[0]!.TargetTrackingScalingPolicyConfiguration).toEqual({
        CustomizedMetricSpecification: {
          Namespace: "Recon",
          MetricName: "BacklogPerWorker",
          Dimensions: [
            { Name: "Fleet", Value: "recon" },
            { Name: "Queue", Value: queue },
          ],
          Statistic: "Average",
        },
        TargetValue: settings.targetBacklogPerTask,
        ScaleOutCooldown: settings.scaleOutCooldownSeconds,
        ScaleInCooldown: settings.scaleInCooldownSeconds,
      });
    }
  });

  it("starts the first task of a service at zero with a step on backlog-and-no-worker; reconcile never goes below one", () => {
    for (const queue of WORKER_QUEUES) {
      const target = scalableTargetOf(template, SERVICE_OF[queue])!;
      const steps = policiesOf(template, target.id).filter((policy) => policy.PolicyType === "StepScaling");
      if (DEFAULT_SCALING[queue].minTasks > 0) {
        expect(steps, queue).toEqual([]);
        continue;
      }
      expect(steps, queue).toHaveLength(1);
      expect(steps[0]!.StepScalingPolicyConfiguration).toMatchObject({ AdjustmentType: "ChangeInCapacity", StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] });
    }
    expect(scalableTargetOf(template, "reconcile-worker")!.properties.MinCapacity).toBe(1);
    const metric = (name: string, queue: string) => Match.objectLike({ MetricStat: Match.objectLike({ Metric: { Namespace: "Recon", MetricName: name, Dimensions: [{ Name: "Fleet", Value: "recon" }, { Name: "Queue", Value: queue }] } }) });
    for (const queue of ["fetch", "report", "notify"]) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Threshold: 1,
        EvaluationPeriods: 1,
        Metrics: Match.arrayWith([Match.objectLike({ Expression: "IF(workers == 0, backlog, 0)" }), metric("Backlog", queue), metric("Workers", queue)]),
      });
    }
  });

  it("never scales the scheduler, the dashboard or the Slack bot", () => {
    for (const app of ["scheduler", "dashboard", "slack-bot"]) expect(scalableTargetOf(template, app), app).toBeUndefined();
    expect(Object.keys(template.findResources("AWS::ApplicationAutoScaling::ScalableTarget"))).toHaveLength(WORKER_QUEUES.length);
  });

  it("caps the reconcile workers at the memory budget", () => {
    for (const [t, budget] of [
      [template, DEFAULT_RECONCILE_MEMORY_BUDGET_MIB],
      [blue, 3000],
    ] as const) {
      const max = scalableTargetOf(t, "reconcile-worker")!.properties.MaxCapacity as number;
      const memory = Number(taskOf(t, "reconcile-worker").properties.Memory);
      expect(memory).toBe(SERVICE_APP_SPECS["reconcile-worker"].memoryMiB);
      expect(max * memory).toBeLessThanOrEqual(budget);
      // And not below it by a whole task: the budget is used.
      expect((max + 1) * memory).toBeGreaterThan(budget);
    }
    expect(() => synthFleet({ reconcileMemoryBudgetMiB: 512 })).toThrow(/below one reconcile task's memory/);
    expect(() => synthFleet({ scaling: { reconcile: { minTasks: 0 } } })).toThrow(/reconcile.minTasks must be at least 1/);
  });

  it("keeps two fleets in one account apart: their own namespace and Fleet dimension", () => {
    const target = scalableTargetOf(blue, "fetch-worker")!;
    const [tracking] = policiesOf(blue, target.id).filter((policy) => policy.PolicyType === "TargetTrackingScaling");
    expect(tracking!.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      CustomizedMetricSpecification: { Namespace: "ReconBlue", Dimensions: [{ Name: "Fleet", Value: "blue" }, { Name: "Queue", Value: "fetch" }] },
    });
    const scheduler = taskOf(blue, "scheduler").container.Environment!;
    expect(scheduler).toEqual(expect.arrayContaining([{ Name: "BACKLOG_METRICS_NAMESPACE", Value: "ReconBlue" }, { Name: "QUEUE_PREFIX", Value: "blue" }]));
  });
});
