import type { DeploymentState, ReleasePort } from "../deployers/release/release-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

const FINGERPRINT_TAG = "berth:fingerprint";

/** The release port over ECS, ELBv2, Application Auto Scaling and CloudWatch; SDKs load on first use. */
export function ecsReleasePort(settings: AwsSettings): ReleasePort {
  const config = clientConfig(settings);
  const ecs = async () => {
    const sdk = await import("@aws-sdk/client-ecs");
    return { sdk, client: new sdk.ECSClient(config) };
  };
  return withAwsFailures("ECS", {
    async currentRevision(cluster, service) {
      const { sdk, client } = await ecs();
      const found = (await client.send(new sdk.DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
      if (!found?.taskDefinition || found.status === "INACTIVE") return undefined;
      const described = await client.send(new sdk.DescribeTaskDefinitionCommand({ taskDefinition: found.taskDefinition, include: ["TAGS"] }));
      const fingerprint = described.tags?.find((t) => t.key === FINGERPRINT_TAG)?.value;
      return { taskDefinition: found.taskDefinition, ...(fingerprint ? { fingerprint } : {}) };
    },
    async registerTaskDefinition(definition, fingerprint) {
      const { sdk, client } = await ecs();
      const registered = await client.send(new sdk.RegisterTaskDefinitionCommand({ ...definition, tags: [{ key: FINGERPRINT_TAG, value: fingerprint }] }));
      return registered.taskDefinition?.taskDefinitionArn ?? "";
    },
    async createService(definition) {
      const { sdk, client } = await ecs();
      await client.send(new sdk.CreateServiceCommand(definition));
    },
    async updateService(input) {
      const { sdk, client } = await ecs();
      await client.send(new sdk.UpdateServiceCommand(input));
    },
    async latestDeployment(cluster, service) {
      const { sdk, client } = await ecs();
      // Newest first (ListServiceDeployments sorts by creation time, descending).
      const arn = (await client.send(new sdk.ListServiceDeploymentsCommand({ cluster, service, maxResults: 1 }))).serviceDeployments?.[0]?.serviceDeploymentArn;
      if (!arn) return undefined;
      const d = (await client.send(new sdk.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments?.[0];
      if (!d?.status) return undefined;
      const state: DeploymentState = {
        arn,
        status: d.status,
        hooks: (d.lifecycleHookDetails ?? []).map((h) => ({ hookId: h.hookId ?? "", status: h.status ?? "" })),
      };
      if (d.statusReason) state.statusReason = d.statusReason;
      if (d.lifecycleStage) state.stage = d.lifecycleStage;
      if (d.rollback?.reason) state.rollbackReason = d.rollback.reason;
      return state;
    },
    async continueDeployment(serviceDeploymentArn, hookId, action) {
      const { sdk, client } = await ecs();
      await client.send(new sdk.ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, action }));
    },
    async targetHealth(targetGroupArn) {
      const sdk = await import("@aws-sdk/client-elastic-load-balancing-v2");
      const described = await new sdk.ElasticLoadBalancingV2Client(config).send(new sdk.DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
      const states = described.TargetHealthDescriptions ?? [];
      const unhealthy = states.filter((t) => t.TargetHealth?.State === "unhealthy");
      return {
        healthy: states.filter((t) => t.TargetHealth?.State === "healthy").length,
        unhealthy: unhealthy.length,
        reasons: unhealthy.map((t) => t.TargetHealth?.Description ?? t.TargetHealth?.Reason ?? "unhealthy"),
      };
    },
    async applyScaling(scaling) {
      const sdk = await import("@aws-sdk/client-application-auto-scaling");
      const client = new sdk.ApplicationAutoScalingClient(config);
      await client.send(new sdk.RegisterScalableTargetCommand(scaling.target));
      for (const policy of scaling.policies) await client.send(new sdk.PutScalingPolicyCommand(policy));
      if (!scaling.fromZero) return;
      const { PolicyARN } = await client.send(new sdk.PutScalingPolicyCommand(scaling.fromZero.policy));
      const cloudwatch = await import("@aws-sdk/client-cloudwatch");
      const alarm = { ...scaling.fromZero.alarm, AlarmActions: PolicyARN ? [PolicyARN] : [] } as ConstructorParameters<typeof cloudwatch.PutMetricAlarmCommand>[0];
      await new cloudwatch.CloudWatchClient(config).send(new cloudwatch.PutMetricAlarmCommand(alarm));
    },
  });
}
