import type { CreateServiceRequest, DeploymentConfiguration } from "@aws-sdk/client-ecs";
import type { Manifest, Service } from "../manifest/types.js";
import { logicalId, serviceAlarmName, stackName } from "../manifest/names.js";
import type { NetworkRefs } from "./network.js";
import { usesDatabase } from "./iam.js";
import { stackOutput, TASK_DEFINITION } from "./placeholders.js";
import { renderScaling, type ServiceScaling } from "./scaling.js";

/** What the release path creates or updates through the ECS API, plus the service's scaling. */
export type ServiceDefinition = CreateServiceRequest & { scaling?: ServiceScaling };

/**
 * The pause after test traffic reaches the new version is where berth checks target
 * health and runs the smoke checks. If berth dies there, ECS rolls back on its own
 * after this many minutes, leaving production on the old version.
 */
export const PAUSE_TIMEOUT_MINUTES = 15;

export function renderServiceDefinition(
  m: Manifest,
  s: Service,
  network: Pick<NetworkRefs, "taskSubnets" | "assignPublicIp">,
): ServiceDefinition {
  const Id = logicalId(s.name);
  const definition: ServiceDefinition = {
    cluster: stackOutput("ClusterName"),
    serviceName: s.name,
    taskDefinition: TASK_DEFINITION,
    desiredCount: s.count.min,
    capacityProviderStrategy: [{ capacityProvider: capacityProvider(m, s), weight: 1 }],
    platformVersion: "LATEST",
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: network.taskSubnets.map((_, i) => stackOutput(`TaskSubnet${i + 1}`)),
        securityGroups: taskSecurityGroups(m, s).map(stackOutput),
        assignPublicIp: network.assignPublicIp ? "ENABLED" : "DISABLED",
      },
    },
    deploymentController: { type: "ECS" },
    deploymentConfiguration: deploymentConfiguration(m, s),
    propagateTags: "SERVICE",
    // ECS Exec (`berth exec`): only a new task gets the agent, so turning it on or off releases the service.
    // False is sent too, as UpdateService keeps the current setting when the field is absent.
    enableExecuteCommand: m.exec,
    enableECSManagedTags: true,
    tags: [
      { key: "berth:app", value: m.app },
      { key: "berth:environment", value: m.environment },
      { key: "berth:stack", value: stackName(m.app, m.environment) },
    ],
  };
  if (s.http && s.port !== undefined) {
    definition.healthCheckGracePeriodSeconds = s.http.healthcheck.grace;
    definition.loadBalancers = [
      {
        targetGroupArn: stackOutput(`${Id}TargetGroupA`),
        containerName: s.name,
        containerPort: s.port,
        advancedConfiguration: {
          alternateTargetGroupArn: stackOutput(`${Id}TargetGroupB`),
          productionListenerRule: stackOutput(`${Id}ListenerRule`),
          testListenerRule: stackOutput(`${Id}TestListenerRule`),
          roleArn: stackOutput("InfrastructureRoleArn"),
        },
      },
    ];
  }
  const scaling = renderScaling(s);
  if (scaling) definition.scaling = scaling;
  return definition;
}

/**
 * The outputs naming the security groups of a service's tasks: its own, then the client group of
 * the database (if it uses it) and of each volume it mounts, which the database's and the file
 * systems' groups admit (templates/database.yml, templates/volume.yml; docs/architecture.md).
 */
export function taskSecurityGroups(m: Manifest, s: Service): string[] {
  const groups = [`${logicalId(s.name)}SecurityGroup`];
  if (usesDatabase(s) && m.database) groups.push("DatabaseClientSecurityGroup");
  for (const volume of Object.keys(s.volumes)) groups.push(`${logicalId(volume)}ClientSecurityGroup`);
  for (const cache of s.uses.filter((used) => used in m.caches))
    groups.push(`${logicalId(cache)}CacheClientSecurityGroup`);
  return groups;
}

/**
 * Previews run on Fargate Spot (up to 70 % cheaper; a task may be reclaimed with two
 * minutes' notice), which is x86 only
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html).
 */
export function capacityProvider(m: Manifest, s: Service): "FARGATE" | "FARGATE_SPOT" {
  return m.preview && s.arch === "amd64" ? "FARGATE_SPOT" : "FARGATE";
}

const STRATEGY = { bluegreen: "BLUE_GREEN", canary: "CANARY", linear: "LINEAR", rolling: "ROLLING" } as const;

/** A web service's release alarms (templates/web-service.yml), by the template's variable names. */
export function releaseAlarmNames(m: Manifest, s: Service) {
  const name = (alarm: string) => serviceAlarmName(m.app, m.environment, s.name, alarm);
  return {
    errorRateAlarm: name("5xx-rate"),
    unhealthyHostsAlarm: name("unhealthy-hosts"),
    loadBalancerErrorRateAlarm: name("elb-5xx-rate"),
    latencyAlarm: name("p99-latency"),
  };
}

/** The names of a web service's alarms, which its releases watch: its 5xx rate first. */
export function alarmNames(m: Manifest, s: Service): string[] {
  return Object.values(releaseAlarmNames(m, s));
}

function deploymentConfiguration(m: Manifest, s: Service): DeploymentConfiguration {
  const d = s.deploy;
  if (d.strategy === "rolling") {
    // Workers: ECS replaces tasks gradually and the circuit breaker rolls back a version whose tasks keep failing.
    return {
      strategy: "ROLLING",
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    };
  }
  const configuration: DeploymentConfiguration = {
    strategy: STRATEGY[d.strategy],
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    bakeTimeInMinutes: d.bake / 60,
    // New tasks that never pass their health checks stop the release before the pause hook
    // is even reached (AWS, "Deployment failure detection": the breaker covers blue/green too).
    deploymentCircuitBreaker: { enable: true, rollback: true },
    alarms: { alarmNames: alarmNames(m, s), enable: true, rollback: true },
    lifecycleHooks: [
      {
        targetType: "PAUSE",
        lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT"],
        timeoutConfiguration: { timeoutInMinutes: PAUSE_TIMEOUT_MINUTES, action: "ROLLBACK" },
      },
    ],
  };
  if (d.canary)
    configuration.canaryConfiguration = {
      canaryPercent: d.canary.percent,
      canaryBakeTimeInMinutes: d.canary.bake / 60,
    };
  if (d.linear)
    configuration.linearConfiguration = {
      stepPercent: d.linear.percent,
      stepBakeTimeInMinutes: d.linear.interval / 60,
    };
  return configuration;
}
