import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";

export interface AuditScheduleProps {
  cluster: ecs.ICluster;
  taskDefinition: ecs.FargateTaskDefinition;
  securityGroup: ec2.ISecurityGroup;
  /** EventBridge schedule expression, e.g. `cron(0 6 * * ? *)`. */
  schedule: string;
}

/**
 * `recon audit verify` once a day (EventBridge runs the task on Fargate), and an SNS topic told
 * when it exits with anything but 0 (exit 1: the chain is broken or a run changed since its
 * audited completion). Subscribe the people who answer for the audit trail to it.
 */
export class AuditSchedule extends Construct {
  readonly rule: events.Rule;
  readonly failures: sns.Topic;

  constructor(scope: Construct, id: string, props: AuditScheduleProps) {
    super(scope, id);
    this.rule = new events.Rule(this, "Daily", {
      description: "recon audit verify: the hash-chained audit log against its anchors, daily",
      schedule: events.Schedule.expression(props.schedule),
    });
    this.rule.addTarget(
      new targets.EcsTask({
        cluster: props.cluster,
        taskDefinition: props.taskDefinition,
        taskCount: 1,
        subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [props.securityGroup],
      }),
    );
    this.failures = new sns.Topic(this, "Failures", { displayName: "recon audit verify failed" });
    new events.Rule(this, "Failed", {
      description: "recon audit verify stopped with a non-zero exit code",
      eventPattern: {
        source: ["aws.ecs"],
        detailType: ["ECS Task State Change"],
        detail: {
          taskDefinitionArn: [props.taskDefinition.taskDefinitionArn],
          lastStatus: ["STOPPED"],
          containers: { exitCode: [{ "anything-but": 0 }] },
        },
      },
      targets: [new targets.SnsTopic(this.failures)],
    });
  }
}
