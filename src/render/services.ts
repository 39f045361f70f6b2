import queueWorker from "../../templates/queue-worker.yml";
import serviceBlock from "../../templates/service.yml";
import volumeAccess from "../../templates/volume-access.yml";
import webService from "../../templates/web-service.yml";
import type { Manifest, Service } from "../manifest/types.js";
import { PRODUCTION } from "../manifest/environment-defaults.js";
import { ALARM_DATAPOINTS, ALARM_PERIOD_SECONDS } from "../manifest/alarm-timing.js";
import { alarmActions } from "./alerts.js";
import { releaseAlarmNames } from "./service-definition.js";
import { executionStatements, taskPolicies, taskTrustPolicy } from "./iam.js";
import { loadBalancerIds, logicalId, serviceAlarmName, serviceLogGroupName, taskRolePath } from "../manifest/names.js";
import type { NetworkRefs } from "./network.js";
import { forwardActions, INITIAL_WEIGHTS, type LiveTraffic, type Route } from "./routing.js";
import { egressRules } from "./egress.js";
import { getAtt, sub, type TemplateBuilder } from "./template.js";

export interface ServiceContext {
  manifest: Manifest;
  stack: string;
  network: NetworkRefs;
  routes: Route[];
  traffic: LiveTraffic;
}

export function renderService(s: Service, ctx: ServiceContext, t: TemplateBuilder): void {
  const m = ctx.manifest;
  const Id = logicalId(s.name);
  const base = { Id, name: s.name, stackName: ctx.stack, vpcId: ctx.network.vpcId };
  t.add(serviceBlock, {
    ...base,
    logGroupName: serviceLogGroupName(m.app, m.environment, s.name),
    logRetainPolicy: logGroupPolicy(m),
    trustPolicy: taskTrustPolicy,
    taskRolePath: taskRolePath(m.app, m.environment, s.name),
    executionStatements: executionStatements(m, s),
    egress: egressRules(m, s),
    taskPolicies: taskPolicies(m, s),
  });
  const route = ctx.routes.find((r) => r.service === s);
  if (s.http && route) renderWebService(s, route, ctx, t, base);
  if (s.queue) {
    const queue = m.queues[s.queue];
    // A message older than twice its visibility timeout (at least 10 minutes) was retried or never picked up.
    const maxAge = Math.max(600, 2 * (queue?.visibilityTimeout ?? 0));
    t.add(queueWorker, {
      ...base,
      alarmName: serviceAlarmName(m.app, m.environment, s.name, "queue-age"),
      queue: s.queue,
      QueueId: logicalId(s.queue),
      maxAge,
      alarmActions: alarmActions(m),
    });
  }
  // The network path to the database and volumes is their client security groups on the tasks
  // (src/render/service-definition.ts), not rules here: the shared groups' rules stay constant.
  for (const volume of Object.keys(s.volumes)) t.add(volumeAccess, { ...base, volume, ...volumeGrant(m, volume) });
}

const EFS_ARN = "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}";

/**
 * A berth-made volume is mounted through its access point, which the grant requires; an existing
 * file system at its root as its files are owned, since an access point berth added would give
 * the tasks a directory of their own instead of the data that is there.
 */
function volumeGrant(m: Manifest, volume: string): Record<string, unknown> {
  const VolumeId = logicalId(volume);
  const existing = m.volumes[volume]?.existing;
  if (existing)
    return {
      VolumeId,
      fileSystemArn: sub(`${EFS_ARN}:file-system/${existing.fileSystem}`),
      accessPointCondition: undefined,
    };
  return {
    VolumeId,
    fileSystemArn: sub(`${EFS_ARN}:file-system/\${${VolumeId}FileSystem}`),
    accessPointCondition: {
      StringEquals: {
        "elasticfilesystem:AccessPointArn": sub(`${EFS_ARN}:access-point/\${${VolumeId}AccessPoint}`),
      },
    },
  };
}

function renderWebService(
  s: Service,
  route: Route,
  ctx: ServiceContext,
  t: TemplateBuilder,
  base: Record<string, unknown>,
): void {
  const http = s.http!;
  const hc = http.healthcheck;
  const Id = logicalId(s.name);
  const live = ctx.traffic[s.name];
  const lb = loadBalancerIds(http.loadBalancer);
  const dimensions = (side: "A" | "B") => [
    { Name: "TargetGroup", Value: getAtt(`${Id}TargetGroup${side}`, "TargetGroupFullName") },
    { Name: "LoadBalancer", Value: getAtt(lb.loadBalancer, "LoadBalancerFullName") },
  ];
  t.add(webService, {
    ...base,
    port: s.port,
    healthPath: hc.path,
    interval: hc.interval,
    timeout: hc.timeout,
    healthyThreshold: hc.healthyThreshold,
    unhealthyThreshold: hc.unhealthyThreshold,
    status: hc.status,
    deregistrationDelay: String(http.deregistrationDelay),
    Lb: lb.prefix,
    // Rules attach to the service's own load balancer: its HTTPS listener with a certificate, else HTTP.
    listener: ctx.manifest.certificate ? lb.httpsListener : lb.httpListener,
    priority: route.priority,
    testPriority: route.testPriority,
    conditions: route.conditions,
    testConditions: route.testConditions,
    productionActions: forwardActions(Id, live?.production ?? INITIAL_WEIGHTS),
    testActions: forwardActions(Id, live?.test ?? INITIAL_WEIGHTS),
    alarmActions: alarmActions(ctx.manifest),
    ...releaseAlarmNames(ctx.manifest, s),
    loadBalancerDimensions: [{ Name: "LoadBalancer", Value: getAtt(lb.loadBalancer, "LoadBalancerFullName") }],
    p99Latency: s.deploy.p99Latency,
    alarmPeriod: ALARM_PERIOD_SECONDS,
    alarmDatapoints: ALARM_DATAPOINTS,
    dimensionsA: dimensions("A"),
    dimensionsB: dimensions("B"),
  });
}

/**
 * Production's service logs outlive a removed service and a destroyed environment: they are
 * the record of what ran. The name stays fixed (berth logs, the awslogs driver and people find
 * it by name), and a stack created again under it imports the kept group rather than fail on
 * the name (src/deployers/retained-names.ts). Elsewhere they go with the stack.
 */
function logGroupPolicy(m: Manifest): "Retain" | "Delete" {
  return m.environment === PRODUCTION ? "Retain" : "Delete";
}
