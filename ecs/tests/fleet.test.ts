import { Match, type Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { SERVICE_APPS } from "../lib/fleet-apps";
import { FORBIDDEN_ENVIRONMENT, SHUTDOWN_TIMEOUT_SECONDS } from "../lib/fleet-environment";
import { CERTIFICATE_ARN, FLEET_SECRET_ARN, flat, MIGRATION_SECRET_ARN, synthFleet, taskDefinitions, taskOf } from "./synth-fleet";

let template: Template;
beforeAll(() => {
  template = synthFleet().template;
});

/** Services by the logical id of the task definition they run. */
function servicesByTask(): Map<string, Record<string, unknown>> {
  const services = template.findResources("AWS::ECS::Service");
  return new Map(
    Object.values(services).map((service) => {
      const properties = (service as { Properties: Record<string, unknown> }).Properties;
      return [(properties.TaskDefinition as { Ref: string }).Ref, properties];
    }),
  );
}

const envOf = (container: { Environment?: Array<{ Name: string; Value: unknown }> }) => Object.fromEntries((container.Environment ?? []).map((item) => [item.Name, item.Value]));
const secretNames = (container: { Secrets?: Array<{ Name: string }> }) => (container.Secrets ?? []).map((item) => item.Name).sort();

describe("services", () => {
  it("runs every app of the fleet as a Fargate service of the one image, with the app's command", () => {
    const services = servicesByTask();
    expect(services.size).toBe(SERVICE_APPS.length);
    for (const app of SERVICE_APPS) {
      const task = taskOf(template, app);
      expect(task.container.Command).toEqual([app]);
      expect(flat(task.container.Image)).toMatch(/\/recon:1\.4\.2"/);
      expect(task.properties.RequiresCompatibilities).toEqual(["FARGATE"]);
      const service = services.get(task.id);
      expect(service, `${app} has a service`).toBeDefined();
      expect(service!.LaunchType).toBe("FARGATE");
      expect(service!.ServiceName).toBe(`recon-${app}`);
      expect((service!.NetworkConfiguration as { AwsvpcConfiguration: { AssignPublicIp: string } }).AwsvpcConfiguration.AssignPublicIp).toBe("DISABLED");
      expect(service!.DeploymentConfiguration).toMatchObject({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } });
    }
  });

  it("keeps exactly one scheduler, never scaled, publishing the backlog into its own namespace", () => {
    const scheduler = taskOf(template, "scheduler");
    const service = servicesByTask().get(scheduler.id)!;
    expect(service.DesiredCount).toBe(1);
    const serviceId = Object.entries(template.findResources("AWS::ECS::Service")).find(
      ([, resource]) => flat((resource as { Properties: unknown }).Properties).includes(scheduler.id),
    )![0];
    const scalableTargets = flat(template.findResources("AWS::ApplicationAutoScaling::ScalableTarget"));
    expect(scalableTargets).not.toContain(serviceId);
    expect(envOf(scheduler.container)).toMatchObject({ BACKLOG_METRICS_NAMESPACE: "Recon", BACKLOG_METRICS_INTERVAL_MS: "60000", QUEUE_PREFIX: "recon" });
    expect(envOf(scheduler.container).AWS_REGION).toEqual({ Ref: "AWS::Region" });
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "Recon" } } }),
        ]),
      },
      Roles: [{ Ref: (scheduler.properties.TaskRoleArn as { "Fn::GetAtt": string[] })["Fn::GetAtt"][0] }],
    });
    // No other role may publish metrics.
    const publishers = Object.values(template.findResources("AWS::IAM::Policy")).filter((policy) => flat(policy).includes("cloudwatch:PutMetricData"));
    expect(publishers).toHaveLength(1);
  });

  it("leaves a scaled worker's count to autoscaling, so a deploy never resets it", () => {
    const services = servicesByTask();
    for (const app of ["fetch-worker", "reconcile-worker", "report-worker", "notify-worker"]) {
      expect(services.get(taskOf(template, app).id)!.DesiredCount, app).toBeUndefined();
    }
  });
});

describe("containers", () => {
  it("run as uid 1000 on a read-only root filesystem with /tmp on ephemeral storage, logging to CloudWatch Logs", () => {
    const logGroups = template.findResources("AWS::Logs::LogGroup");
    const [logGroupId] = Object.keys(logGroups);
    expect(Object.keys(logGroups)).toHaveLength(1);
    expect(flat(logGroups)).toContain('"RetentionInDays":30');
    const tasks = taskDefinitions(template);
    expect(tasks).toHaveLength(SERVICE_APPS.length + 2);
    for (const { container, properties } of tasks) {
      expect(container.User, container.Name).toBe("1000");
      expect(container.ReadonlyRootFilesystem, container.Name).toBe(true);
      expect(container.MountPoints).toEqual([{ ContainerPath: "/tmp", SourceVolume: "tmp", ReadOnly: false }]);
      expect(properties.Volumes).toEqual([{ Name: "tmp" }]);
      expect(container.LogConfiguration?.LogDriver).toBe("awslogs");
      expect(container.LogConfiguration?.Options).toMatchObject({ "awslogs-group": { Ref: logGroupId }, "awslogs-stream-prefix": container.Name });
      expect(container.StopTimeout! > SHUTDOWN_TIMEOUT_SECONDS && container.StopTimeout! <= 120).toBe(true);
    }
  });

  it("start every long-running app only after a container of the same image saw its schema current", () => {
    for (const app of SERVICE_APPS) {
      const { container, gate } = taskOf(template, app);
      expect(gate, `${app} waits for its schema`).toBeDefined();
      expect(gate!.Command).toEqual(["recon", "migrate", "--check", "--wait", "600"]);
      expect(gate!.Image).toEqual(container.Image);
      expect(gate!.Essential).toBe(false);
      expect(secretNames(gate!)).toEqual(["DATABASE_URL"]);
      expect(gate!.User).toBe("1000");
      expect(gate!.ReadonlyRootFilesystem).toBe(true);
      expect(container.DependsOn).toEqual([{ ContainerName: "wait-for-schema", Condition: "SUCCESS" }]);
    }
    expect(taskOf(template, "migrate").gate).toBeUndefined();
  });

  it("check liveness of every long-running app on /healthz with node (no curl in the image)", () => {
    for (const app of SERVICE_APPS) {
      const command = taskOf(template, app).container.HealthCheck?.Command;
      expect(command?.slice(0, 3), app).toEqual(["CMD", "node", "-e"]);
      expect(command?.[3]).toContain("http://127.0.0.1:9464/healthz");
    }
  });

  it("get credentials only from Secrets Manager, each app only its own, and never the sandbox", () => {
    for (const { container } of taskDefinitions(template)) {
      const environment = envOf(container);
      for (const name of FORBIDDEN_ENVIRONMENT) expect(environment[name], `${container.Name} ${name}`).toBeUndefined();
      for (const secret of container.Secrets ?? []) {
        const arn = container.Name === "migrate" ? MIGRATION_SECRET_ARN : FLEET_SECRET_ARN;
        expect(secret.ValueFrom, `${container.Name} ${secret.Name}`).toBe(`${arn}:${secret.Name}::`);
      }
    }
    expect(secretNames(taskOf(template, "fetch-worker").container)).toEqual(
      ["DATABASE_URL", "INTERNAL_API_TOKEN", "INTERNAL_API_URL", "PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "REDIS_URL", "STRIPE_API_KEY"].sort(),
    );
    expect(secretNames(taskOf(template, "reconcile-worker").container)).toEqual(["DATABASE_URL", "REDIS_URL"]);
    expect(secretNames(taskOf(template, "notify-worker").container)).toEqual(["DATABASE_URL", "REDIS_URL", "SLACK_BOT_TOKEN", "SMTP_URL"]);
    expect(secretNames(taskOf(template, "slack-bot").container)).toEqual(["DATABASE_URL", "REDIS_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]);
    // The dashboard signs in with OIDC: its client secret and session secret, no Basic auth.
    expect(secretNames(taskOf(template, "dashboard").container)).toEqual(["DASHBOARD_SESSION_SECRET", "DATABASE_URL", "OIDC_CLIENT_SECRET", "REDIS_URL"]);
    expect(envOf(taskOf(template, "dashboard").container)).toMatchObject({
      OIDC_ISSUER_URL: "https://login.example.com/",
      OIDC_CLIENT_ID: "recon-dashboard",
      DASHBOARD_PUBLIC_URL: "https://recon.example.com",
      OIDC_VIEWER_GROUPS: "recon-viewers",
      OIDC_OPERATOR_GROUPS: "recon-operators",
    });
    expect(envOf(taskOf(template, "fetch-worker").container)).toMatchObject({ SCHEDULE_PROCESSORS: "stripe,paypal", SHUTDOWN_TIMEOUT_MS: "25000", HEALTH_PORT: "9464" });
  });

  it("refuses a credential or the sandbox switch in plain environment", () => {
    expect(() => synthFleet({ appEnvironment: { "fetch-worker": { RECON_SANDBOX: "true" } } })).toThrow(/RECON_SANDBOX may not be set/);
    expect(() => synthFleet({ environment: { DATABASE_URL: "postgresql://x" } })).toThrow(/DATABASE_URL may not be set/);
    expect(() => synthFleet({ appEnvironment: { dashboard: { OIDC_CLIENT_SECRET: "x" } } })).toThrow(/OIDC_CLIENT_SECRET may not be set/);
  });

  it("refuses a dashboard that could sign nobody in", () => {
    expect(() => synthFleet({ dashboardSignIn: undefined })).toThrow(/dashboardSignIn is required/);
    const signIn = { issuerUrl: "https://login.example.com/", clientId: "recon", publicUrl: "https://recon.example.com" };
    expect(() => synthFleet({ dashboardSignIn: signIn })).toThrow(/at least one of viewerGroups/);
    expect(() => synthFleet({ dashboardSignIn: { ...signIn, publicUrl: "http://recon.example.com", viewerGroups: "v" } })).toThrow(/must be https/);
  });
});

describe("one-shot tasks", () => {
  it("has a migration task that only it gets MIGRATION_DATABASE_URL for, and no service", () => {
    const migrate = taskOf(template, "migrate");
    expect(migrate.container.Command).toEqual(["recon", "migrate"]);
    expect(secretNames(migrate.container)).toEqual(["MIGRATION_DATABASE_URL"]);
    // The next version's migrations run ahead of its services (migrationImageTag).
    expect(flat(migrate.container.Image)).toMatch(/\/recon:1\.5\.0"/);
    expect(servicesByTask().has(migrate.id)).toBe(false);
    const holders = taskDefinitions(template).filter((task) => secretNames(task.container).includes("MIGRATION_DATABASE_URL"));
    expect(holders.map((task) => task.container.Name)).toEqual(["migrate"]);
    const output = flat(template.findOutputs("MigrateCommand"));
    expect(output).toContain("aws ecs run-task");
    expect(output).toContain(migrate.id);
  });

  it("can be deployed first without services, so the schema exists before any of them starts", () => {
    const first = synthFleet({ services: false }).template;
    expect(Object.keys(first.findResources("AWS::ECS::Service"))).toEqual([]);
    expect(taskDefinitions(first).map((task) => task.container.Name)).toEqual(["migrate"]);
    expect(Object.keys(first.findOutputs("MigrateCommand"))).toHaveLength(1);
    // Postgres already admits the tasks' group the migration runs in.
    first.hasResourceProperties("AWS::EC2::SecurityGroupIngress", { GroupId: "sg-0db0000000000000a", FromPort: 5432 });
  });

  it("runs `recon audit verify` daily and tells an SNS topic when it fails", () => {
    const audit = taskOf(template, "audit-verify");
    expect(audit.container.Command).toEqual(["recon", "audit", "verify"]);
    expect(servicesByTask().has(audit.id)).toBe(false);
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "cron(0 6 * * ? *)",
      Targets: [Match.objectLike({ EcsParameters: Match.objectLike({ TaskDefinitionArn: { Ref: audit.id }, LaunchType: "FARGATE", TaskCount: 1 }) })],
    });
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { source: ["aws.ecs"], detail: { taskDefinitionArn: [{ Ref: audit.id }], lastStatus: ["STOPPED"], containers: { exitCode: [{ "anything-but": 0 }] } } },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp("AuditFailures") } })],
    });
  });
});

describe("network", () => {
  it("sends Slack's /slack/events to the Slack bot and the rest to the dashboard over HTTPS, ready on /readyz", () => {
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", { Port: 443, Protocol: "HTTPS", Certificates: [{ CertificateArn: CERTIFICATE_ARN }] });
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: "redirect", RedirectConfig: Match.objectLike({ Port: "443", Protocol: "HTTPS" }) })],
    });
    const groups = template.findResources("AWS::ElasticLoadBalancingV2::TargetGroup");
    const byPort = new Map(Object.entries(groups).map(([id, group]) => [(group as { Properties: { Port: number } }).Properties.Port, { id, properties: (group as { Properties: Record<string, unknown> }).Properties }]));
    expect([...byPort.keys()].sort()).toEqual([3000, 3001]);
    for (const { properties } of byPort.values()) expect(properties).toMatchObject({ HealthCheckPath: "/readyz", HealthCheckPort: "9464" });
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", {
      Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: ["/slack/events"] } }],
      Actions: [Match.objectLike({ Type: "forward", TargetGroupArn: { Ref: byPort.get(3001)!.id } })],
    });
    template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", {
      Port: 443,
      DefaultActions: [Match.objectLike({ Type: "forward", TargetGroupArn: { Ref: byPort.get(3000)!.id } })],
    });
  });

  it("lets the load balancer reach only the dashboard and the Slack bot, and every task reach Postgres and Redis", () => {
    const albGroup = Object.keys(template.findResources("AWS::EC2::SecurityGroup")).find((id) => id.includes("Alb"))!;
    const ingress = Object.values(template.findResources("AWS::EC2::SecurityGroupIngress")).map(
      (rule) => (rule as { Properties: { GroupId: unknown; SourceSecurityGroupId?: unknown; FromPort: number } }).Properties,
    );
    const fromAlb = ingress.filter((rule) => flat(rule.SourceSecurityGroupId).includes(albGroup));
    const webGroups = new Set(fromAlb.map((rule) => flat(rule.GroupId)));
    expect(webGroups.size).toBe(2);
    expect(fromAlb.map((rule) => rule.FromPort).sort()).toEqual([3000, 3001, 9464, 9464]);
    const tasksGroup = flat({ "Fn::GetAtt": [Object.keys(template.findResources("AWS::EC2::SecurityGroup")).find((id) => id.startsWith("TasksSecurityGroup"))!, "GroupId"] });
    expect(webGroups.has(tasksGroup)).toBe(false);
    // The worker's group admits nothing at all.
    expect(ingress.filter((rule) => flat(rule.GroupId) === tasksGroup)).toEqual([]);
    for (const [group, port] of [["sg-0db0000000000000a", 5432], ["sg-0cache00000000000b", 6379]] as const) {
      const rules = ingress.filter((rule) => rule.GroupId === group);
      expect(rules.map((rule) => rule.FromPort)).toEqual([port, port, port]);
      expect(new Set(rules.map((rule) => flat(rule.SourceSecurityGroupId)))).toEqual(new Set([tasksGroup, ...webGroups]));
    }
  });
});
