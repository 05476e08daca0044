import * as cdk from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import { Construct } from "constructs";
import { HEALTH_PORT } from "./fleet-environment";

/** Where Slack posts commands in HTTP mode (Bolt's HTTPReceiver default, apps/slack-bot). */
const SLACK_EVENTS_PATH = "/slack/events";

export interface WebEntryProps {
  vpc: ec2.IVpc;
  dashboard: { service: ecs.FargateService; containerName: string; port: number };
  slackBot: { service: ecs.FargateService; containerName: string; port: number };
  /** ACM certificate: HTTPS on 443 (and 80 redirects). Unset: plain HTTP on 80 (trials only). */
  certificateArn?: string;
}

/**
 * The one internet-facing load balancer: Slack's request URL (`https://<host>/slack/events`) goes
 * to the Slack bot, everything else to the dashboard (Bull Board and the runs page, behind its
 * own OIDC sign-in). Targets are healthy when /readyz on HEALTH_PORT answers 200.
 * Only the load balancer reaches these two services, and only on their ports.
 */
export class WebEntry extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  constructor(scope: Construct, id: string, props: WebEntryProps) {
    super(scope, id);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, "Alb", {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    let listener: elbv2.ApplicationListener;
    if (props.certificateArn) {
      listener = this.loadBalancer.addListener("Https", {
        port: 443,
        certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      });
      this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
    } else {
      listener = this.loadBalancer.addListener("Http", { port: 80 });
      cdk.Annotations.of(this).addWarning(
        "no certificateArn: the load balancer serves plain HTTP. Slack requires HTTPS and the dashboard's session cookie would cross the network in clear: for trials only.",
      );
    }
    const healthCheck: elbv2.HealthCheck = {
      path: "/readyz",
      port: String(HEALTH_PORT),
      healthyHttpCodes: "200",
      interval: cdk.Duration.seconds(15),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    };
    listener.addTargets("Dashboard", {
      port: props.dashboard.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [props.dashboard.service.loadBalancerTarget({ containerName: props.dashboard.containerName, containerPort: props.dashboard.port })],
      healthCheck,
      deregistrationDelay: cdk.Duration.seconds(20),
    });
    listener.addTargets("SlackBot", {
      port: props.slackBot.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [props.slackBot.service.loadBalancerTarget({ containerName: props.slackBot.containerName, containerPort: props.slackBot.port })],
      healthCheck,
      deregistrationDelay: cdk.Duration.seconds(20),
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns([SLACK_EVENTS_PATH])],
    });
    // The readiness checks reach HEALTH_PORT (the traffic ports are opened by addTargets).
    for (const service of [props.dashboard.service, props.slackBot.service]) {
      service.connections.allowFrom(this.loadBalancer, ec2.Port.tcp(HEALTH_PORT), "load balancer readiness check");
    }
  }
}
