import type { PutScalingPolicyRequest, RegisterScalableTargetRequest } from "@aws-sdk/client-application-auto-scaling";
import type { Service } from "../manifest/types.js";
import { logicalId, servingLoadBalancer, scalingResourceId, wakeAlarmName } from "../manifest/names.js";
import { stackOutput } from "./placeholders.js";

/**
 * Application Auto Scaling for a service. It is applied through the API at release time
 * rather than in the stack, because the scalable target names the ECS service, which
 * berth (not CloudFormation) creates.
 */
export interface ServiceScaling {
  target: RegisterScalableTargetRequest;
  policies: PutScalingPolicyRequest[];
  /**
   * Backlog per task has no value at zero tasks, so target tracking alone never starts
   * the first worker. This step policy sets one task when messages wait and none runs;
   * its alarm (CloudWatch PutMetricAlarm) is created with the policy's ARN as action.
   */
  fromZero?: { policy: PutScalingPolicyRequest; alarm: Record<string, unknown> };
}

/** Seconds between scale-ins of queue workers. */
export const WORKER_SCALE_IN_COOLDOWN = 300;

export function renderScaling(s: Service): ServiceScaling | undefined {
  const { min, max } = s.count;
  if (min === max) return undefined;
  const resourceId = scalingResourceId(stackOutput("ClusterName"), s.name);
  const target: RegisterScalableTargetRequest = {
    ServiceNamespace: "ecs",
    ResourceId: resourceId,
    ScalableDimension: "ecs:service:DesiredCount",
    MinCapacity: min,
    MaxCapacity: max,
  };
  const policy = (
    kind: string,
    configuration: PutScalingPolicyRequest["TargetTrackingScalingPolicyConfiguration"],
  ): PutScalingPolicyRequest => ({
    PolicyName: `${s.name}-${kind}`,
    ServiceNamespace: "ecs",
    ResourceId: resourceId,
    ScalableDimension: "ecs:service:DesiredCount",
    PolicyType: "TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration: configuration,
  });
  const cooldowns = { ScaleOutCooldown: 60, ScaleInCooldown: 120 };
  const policies: PutScalingPolicyRequest[] = [];
  if (s.count.cpu !== undefined) {
    policies.push(
      policy("cpu", {
        TargetValue: s.count.cpu,
        PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" },
        ...cooldowns,
      }),
    );
  }
  if (s.count.requests !== undefined) {
    // Both target groups count: during and after blue/green either one may be live.
    const Id = logicalId(s.name);
    const loadBalancer = stackOutput(`${servingLoadBalancer(s).loadBalancer}FullName`);
    const requests = (side: "A" | "B") =>
      tgMetric(`requests${side}`, stackOutput(`${Id}TargetGroup${side}FullName`), loadBalancer);
    policies.push(
      policy("requests", {
        TargetValue: s.count.requests,
        CustomizedMetricSpecification: {
          Metrics: [
            { Id: "perTask", Expression: "(FILL(requestsA, 0) + FILL(requestsB, 0)) / tasks", ReturnData: true },
            requests("A"),
            requests("B"),
            runningTasks(s),
          ],
        },
        ...cooldowns,
      }),
    );
  }
  if (s.count.backlogPerTask !== undefined && s.queue) {
    // AWS's recipe for SQS backlog per task (Application Auto Scaling user guide, "target tracking with metric
    // math"), counting messages in flight too: a queue the workers keep up with has few visible messages but
    // busy workers. Target tracking sets ceil(tasks × backlog / target) tasks, so while anything is visible or
    // in flight at least one task stays; zero only when both are.
    const queueName = stackOutput(`${logicalId(s.queue)}QueueName`);
    policies.push(
      policy("backlog", {
        TargetValue: s.count.backlogPerTask,
        CustomizedMetricSpecification: {
          Metrics: [
            { Id: "backlog", Expression: "(FILL(visible, 0) + FILL(inflight, 0)) / tasks", ReturnData: true },
            sqsMetric("visible", "ApproximateNumberOfMessagesVisible", queueName),
            sqsMetric("inflight", "ApproximateNumberOfMessagesNotVisible", queueName),
            runningTasks(s),
          ],
        },
        // Workers leave more slowly than they come: a scale-in stops tasks that may hold messages.
        ScaleOutCooldown: cooldowns.ScaleOutCooldown,
        ScaleInCooldown: WORKER_SCALE_IN_COOLDOWN,
      }),
    );
  }
  const scaling: ServiceScaling = { target, policies };
  if (min === 0 && s.queue) scaling.fromZero = wakeFromZero(s, resourceId);
  return scaling;
}

function wakeFromZero(s: Service, resourceId: string): NonNullable<ServiceScaling["fromZero"]> {
  return {
    policy: {
      PolicyName: `${s.name}-wake`,
      ServiceNamespace: "ecs",
      ResourceId: resourceId,
      ScalableDimension: "ecs:service:DesiredCount",
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: {
        AdjustmentType: "ExactCapacity",
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        Cooldown: 60,
      },
    },
    alarm: {
      AlarmName: wakeAlarmName(stackOutput("ClusterName"), s.name),
      AlarmDescription: `Messages wait on ${s.queue} and no ${s.name} task runs`,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: "notBreaching",
      Metrics: [
        { Id: "idle", Expression: "IF(visible > 0 AND FILL(tasks, 0) == 0, 1, 0)", ReturnData: true },
        sqsMetric("visible", "ApproximateNumberOfMessagesVisible", stackOutput(`${logicalId(s.queue!)}QueueName`), 60),
        { ...runningTasks(s), MetricStat: { ...runningTasks(s).MetricStat, Period: 60 } },
      ],
    },
  };
}

function sqsMetric(id: string, metricName: string, queueName: string, period?: number) {
  const metric = {
    Namespace: "AWS/SQS",
    MetricName: metricName,
    Dimensions: [{ Name: "QueueName", Value: queueName }],
  };
  return {
    Id: id,
    ReturnData: false,
    MetricStat: { Stat: "Sum", Metric: metric, ...(period ? { Period: period } : {}) },
  };
}

function tgMetric(id: string, targetGroup: string, loadBalancer: string) {
  return {
    Id: id,
    ReturnData: false,
    MetricStat: {
      Stat: "Sum",
      Metric: {
        Namespace: "AWS/ApplicationELB",
        MetricName: "RequestCount",
        Dimensions: [
          { Name: "TargetGroup", Value: targetGroup },
          { Name: "LoadBalancer", Value: loadBalancer },
        ],
      },
    },
  };
}

function runningTasks(s: Service) {
  return {
    Id: "tasks",
    ReturnData: false,
    MetricStat: {
      Stat: "Average",
      Metric: {
        Namespace: "ECS/ContainerInsights",
        MetricName: "RunningTaskCount",
        Dimensions: [
          { Name: "ClusterName", Value: stackOutput("ClusterName") },
          { Name: "ServiceName", Value: s.name },
        ],
      },
    },
  };
}
