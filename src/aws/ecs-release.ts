import type { DeploymentState, ReleasePort } from "../deployers/release/release-port.js";
import type * as EcsSdk from "@aws-sdk/client-ecs";
import { withAwsFailures } from "./aws-failure.js";
import { coalesced } from "./coalesced.js";
import { lazyCloudWatch, lazyEcs, lazyElb, lazyScaling } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

const FINGERPRINT_TAG = "berth:fingerprint";
// The most items one call describes: 10 services
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html), 20
// service revisions (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html).
const SERVICES_PER_CALL = 10;
const REVISIONS_PER_CALL = 20;

const ms = (date: Date | undefined) => (date ? date.getTime() : 0);

/** The release port over ECS, ELBv2, Application Auto Scaling and CloudWatch; SDKs load on first use. */
export function ecsReleasePort(settings: AwsSettings): ReleasePort {
  const config = clientConfig(settings);
  const ecs = lazyEcs(config);
  const elb = lazyElb(config);
  const scaling = lazyScaling(config);
  const cloudwatch = lazyCloudWatch(config);
  // A service revision's task definition and fingerprint never change: read each once.
  const revisions = new Map<string, Promise<{ taskDefinition: string; fingerprint?: string } | undefined>>();
  // A deploy reads every service at once: the services of one cluster go 10 to a call.
  const describeServices = coalesced<EcsSdk.Service>(SERVICES_PER_CALL, async (cluster, services) => {
    const { sdk, client } = await ecs();
    const described = await client.send(new sdk.DescribeServicesCommand({ cluster, services }));
    return new Map((described.services ?? []).map((found) => [found.serviceName ?? "", found]));
  });
  const describeRevisions = coalesced<EcsSdk.ServiceRevision>(REVISIONS_PER_CALL, async (_, serviceRevisionArns) => {
    const { sdk, client } = await ecs();
    const described = await client.send(new sdk.DescribeServiceRevisionsCommand({ serviceRevisionArns }));
    return new Map((described.serviceRevisions ?? []).map((revision) => [revision.serviceRevisionArn ?? "", revision]));
  });
  const port: ReleasePort = {
    async describeService(cluster, service) {
      const found = await describeServices(cluster, service);
      if (!found || found.status !== "ACTIVE") return undefined;
      return {
        status: found.status,
        desiredCount: found.desiredCount ?? 0,
        ...(found.createdAt ? { createdAt: found.createdAt.getTime() } : {}),
        targetGroups: (found.loadBalancers ?? []).flatMap((lb) =>
          [lb.targetGroupArn, lb.advancedConfiguration?.alternateTargetGroupArn].filter((a): a is string => !!a),
        ),
      };
    },
    async listDeployments(cluster, service, filter = {}) {
      const { sdk, client } = await ecs();
      // Newest first: ListServiceDeployments sorts by creation time, descending.
      const listed = await client.send(
        new sdk.ListServiceDeploymentsCommand({
          cluster,
          service,
          ...(filter.statuses ? { status: filter.statuses as never } : {}),
          ...(filter.createdAfter !== undefined ? { createdAt: { after: new Date(filter.createdAfter) } } : {}),
          ...(filter.limit ? { maxResults: filter.limit } : {}),
        }),
      );
      return (listed.serviceDeployments ?? []).map((d) => ({
        arn: d.serviceDeploymentArn ?? "",
        status: d.status ?? "",
        createdAt: ms(d.createdAt),
        ...(d.targetServiceRevisionArn ? { targetRevision: d.targetServiceRevisionArn } : {}),
      }));
    },
    async describeDeployment(arn) {
      const { sdk, client } = await ecs();
      const d = (await client.send(new sdk.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
        .serviceDeployments?.[0];
      if (!d?.status) return undefined;
      const state: DeploymentState = {
        arn,
        status: d.status,
        hooks: (d.lifecycleHookDetails ?? []).map((h) => ({
          hookId: h.hookId ?? "",
          status: h.status ?? "",
          ...(h.expiresAt ? { expiresAt: h.expiresAt.getTime() } : {}),
        })),
      };
      if (d.statusReason) state.statusReason = d.statusReason;
      if (d.lifecycleStage) state.stage = d.lifecycleStage;
      if (d.rollback?.reason) state.rollbackReason = d.rollback.reason;
      const target = d.targetServiceRevision;
      if (target?.arn) state.targetRevision = target.arn;
      if (target?.requestedTaskCount !== undefined)
        state.tasks = { running: target.runningTaskCount ?? 0, desired: target.requestedTaskCount };
      if (target?.requestedProductionTrafficWeight !== undefined)
        state.productionWeight = target.requestedProductionTrafficWeight;
      return state;
    },
    revisionTaskDefinition(revisionArn) {
      let found = revisions.get(revisionArn);
      if (!found) {
        found = readRevision(revisionArn);
        revisions.set(revisionArn, found);
        found.catch(() => revisions.delete(revisionArn));
      }
      return found;
    },
    async registerTaskDefinition(definition, fingerprint) {
      const { sdk, client } = await ecs();
      const registered = await client.send(
        new sdk.RegisterTaskDefinitionCommand({ ...definition, tags: [{ key: FINGERPRINT_TAG, value: fingerprint }] }),
      );
      return registered.taskDefinition?.taskDefinitionArn ?? "";
    },
    async createService(definition) {
      const { sdk, client } = await ecs();
      await client.send(new sdk.CreateServiceCommand(definition));
    },
    async updateService(update) {
      const { sdk, client } = await ecs();
      await client.send(new sdk.UpdateServiceCommand(update));
    },
    async continueDeployment(serviceDeploymentArn, hookId, action) {
      const { sdk, client } = await ecs();
      try {
        await client.send(new sdk.ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, action }));
        return true;
      } catch (error) {
        // The hook was answered by someone else, or timed out, between berth's read and its answer.
        if ((error as { name?: string }).name === "InvalidParameterException") return false;
        throw error;
      }
    },
    async stopDeployment(serviceDeploymentArn) {
      const { sdk, client } = await ecs();
      try {
        await client.send(new sdk.StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: "ROLLBACK" }));
        return true;
      } catch (error) {
        // A deployment that already finished cannot be stopped.
        if ((error as { name?: string }).name === "InvalidParameterException") return false;
        throw error;
      }
    },
    async targetHealth(targetGroupArn) {
      const { sdk, client } = await elb();
      const described = await client.send(new sdk.DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
      const states = described.TargetHealthDescriptions ?? [];
      const unhealthy = states.filter((t) => t.TargetHealth?.State === "unhealthy");
      return {
        healthy: states.filter((t) => t.TargetHealth?.State === "healthy").length,
        unhealthy: unhealthy.length,
        reasons: unhealthy.map((t) => t.TargetHealth?.Description ?? t.TargetHealth?.Reason ?? "unhealthy"),
      };
    },
    async applyScaling(serviceScaling) {
      const { sdk, client } = await scaling();
      await client.send(new sdk.RegisterScalableTargetCommand(serviceScaling.target));
      for (const policy of serviceScaling.policies) await client.send(new sdk.PutScalingPolicyCommand(policy));
      if (!serviceScaling.fromZero) return;
      const { PolicyARN } = await client.send(new sdk.PutScalingPolicyCommand(serviceScaling.fromZero.policy));
      const cw = await cloudwatch();
      const alarm = {
        ...serviceScaling.fromZero.alarm,
        AlarmActions: PolicyARN ? [PolicyARN] : [],
      } as ConstructorParameters<typeof cw.sdk.PutMetricAlarmCommand>[0];
      await cw.client.send(new cw.sdk.PutMetricAlarmCommand(alarm));
    },
  };

  async function readRevision(revisionArn: string) {
    const revision = await describeRevisions("", revisionArn);
    if (!revision?.taskDefinition) return undefined;
    const { sdk, client } = await ecs();
    const described = await client.send(
      new sdk.DescribeTaskDefinitionCommand({ taskDefinition: revision.taskDefinition, include: ["TAGS"] }),
    );
    const fingerprint = described.tags?.find((t) => t.key === FINGERPRINT_TAG)?.value;
    return { taskDefinition: revision.taskDefinition, ...(fingerprint ? { fingerprint } : {}) };
  }
  return withAwsFailures("ECS", port);
}
