import type { StatusPort } from "../deployers/status/status-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { cloudFormationPort } from "./cloudformation.js";
import { lazyCloudWatch, lazyEcs } from "./lazy-client.js";
import { listenerRules } from "./listener-rules.js";
import { clientConfig, type AwsSettings } from "./settings.js";

const ms = (date: Date | undefined) => (date ? date.getTime() : undefined);
// DescribeServices takes at most 10 services a call (API_DescribeServices.html).
const SERVICES_PER_CALL = 10;

/** The reads of `berth status` over CloudFormation, ECS, ELBv2 and CloudWatch; each client created once. */
export function statusReads(settings: AwsSettings): StatusPort {
  const config = clientConfig(settings);
  const ecs = lazyEcs(config);
  const cloudwatch = lazyCloudWatch(config);
  const stacks = cloudFormationPort(settings);
  const rules = listenerRules(settings);
  const ecsReads: Omit<StatusPort, "describeStack" | "ruleWeights" | "alarms"> = {
    async services(cluster, names) {
      const { sdk, client } = await ecs();
      const counts: Awaited<ReturnType<StatusPort["services"]>> = {};
      for (let i = 0; i < names.length; i += SERVICES_PER_CALL) {
        const { services = [] } = await client.send(
          new sdk.DescribeServicesCommand({ cluster, services: names.slice(i, i + SERVICES_PER_CALL) }),
        );
        for (const s of services) {
          if (!s.serviceName || s.status !== "ACTIVE") continue;
          const createdAt = ms(s.createdAt);
          counts[s.serviceName] = {
            desired: s.desiredCount ?? 0,
            running: s.runningCount ?? 0,
            pending: s.pendingCount ?? 0,
            ...(createdAt !== undefined ? { createdAt } : {}),
          };
        }
      }
      return counts;
    },
    async newestDeployment(cluster, service, statuses, createdAfter) {
      const { sdk, client } = await ecs();
      // Newest first: ListServiceDeployments sorts by creation time, descending.
      const listed = await client.send(
        new sdk.ListServiceDeploymentsCommand({
          cluster,
          service,
          status: statuses as never,
          maxResults: 1,
          ...(createdAfter !== undefined ? { createdAt: { after: new Date(createdAfter) } } : {}),
        }),
      );
      return listed.serviceDeployments?.[0]?.serviceDeploymentArn;
    },
    async describeDeployments(arns) {
      const { sdk, client } = await ecs();
      const { serviceDeployments = [] } = await client.send(
        new sdk.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns }),
      );
      return serviceDeployments.map((d) => {
        const createdAt = ms(d.createdAt);
        const updatedAt = ms(d.updatedAt);
        const bake = d.deploymentConfiguration?.bakeTimeInMinutes;
        return {
          arn: d.serviceDeploymentArn ?? "",
          status: d.status ?? "",
          ...(d.lifecycleStage ? { stage: d.lifecycleStage } : {}),
          ...(createdAt !== undefined ? { createdAt } : {}),
          ...(updatedAt !== undefined ? { updatedAt } : {}),
          ...(d.targetServiceRevision?.arn ? { targetRevision: d.targetServiceRevision.arn } : {}),
          ...(bake !== undefined ? { bakeTimeMinutes: bake } : {}),
          ...(d.rollback?.reason ? { rollbackReason: d.rollback.reason } : {}),
          ...(d.statusReason ? { statusReason: d.statusReason } : {}),
        };
      });
    },
    async revision(revisionArn) {
      const { sdk, client } = await ecs();
      const revision = (
        await client.send(new sdk.DescribeServiceRevisionsCommand({ serviceRevisionArns: [revisionArn] }))
      ).serviceRevisions?.[0];
      if (!revision?.taskDefinition) return undefined;
      const { taskDefinition } = await client.send(
        new sdk.DescribeTaskDefinitionCommand({ taskDefinition: revision.taskDefinition }),
      );
      const images = Object.fromEntries(
        (taskDefinition?.containerDefinitions ?? []).map((c) => [c.name ?? "", c.image ?? ""]),
      );
      return { taskDefinition: revision.taskDefinition, images };
    },
    async scheduledRuns(cluster, family, groupPrefix) {
      const { sdk, client } = await ecs();
      // The newest page of each is enough for a schedule's last run; ECS forgets stopped tasks within about an hour.
      const pages = await Promise.all(
        (["RUNNING", "STOPPED"] as const).map((desiredStatus) =>
          client.send(new sdk.ListTasksCommand({ cluster, family, desiredStatus, maxResults: 100 })),
        ),
      );
      const arns = pages.flatMap((p) => p.taskArns ?? []);
      if (arns.length === 0) return [];
      const { tasks = [] } = await client.send(new sdk.DescribeTasksCommand({ cluster, tasks: arns.slice(0, 100) }));
      return tasks
        .filter((t) => t.group?.startsWith(groupPrefix))
        .map((t) => {
          const startedAt = ms(t.startedAt ?? t.createdAt);
          const stoppedAt = ms(t.stoppedAt);
          const exitCode = t.containers?.[0]?.exitCode;
          return {
            group: t.group ?? "",
            taskArn: t.taskArn ?? "",
            lastStatus: t.lastStatus ?? "",
            ...(startedAt !== undefined ? { startedAt } : {}),
            ...(stoppedAt !== undefined ? { stoppedAt } : {}),
            ...(exitCode !== undefined ? { exitCode } : {}),
            ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
          };
        });
    },
  };
  const alarmReads: Pick<StatusPort, "alarms"> = {
    async alarms(names) {
      const { sdk, client } = await cloudwatch();
      const { MetricAlarms = [] } = await client.send(new sdk.DescribeAlarmsCommand({ AlarmNames: names }));
      return MetricAlarms.map((a) => ({ name: a.AlarmName ?? "", state: a.StateValue ?? "INSUFFICIENT_DATA" }));
    },
  };
  return {
    ...withAwsFailures("ECS", ecsReads),
    ...withAwsFailures("CloudWatch", alarmReads),
    describeStack: (name) => stacks.describeStack(name),
    ruleWeights: (arns) => rules.describeRuleWeights(arns),
  };
}
