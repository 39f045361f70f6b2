import type { AwsRequest } from "./aws-request.js";
import { taskFaultNamed } from "./faults.js";
import type { RuleWeights } from "./listener-weights.js";
import type { GetMetricDataBody, MetricMirror } from "./metric-mirror.js";
import type { MotoMirror } from "./moto-mirror.js";
import { OneOffTasks, type RunTaskInput } from "./simulator/one-off-tasks.js";
import type { ProxyReply } from "./proxy-reply.js";
import {
  SimulatorError,
  type CreateServiceInput,
  type DeploymentSimulator,
  type UpdateServiceInput,
} from "./simulator/simulator.js";

const ECS_TARGET = "AmazonEC2ContainerServiceV20141113";
const GET_METRIC_DATA = "GraniteServiceVersion20100801.GetMetricData";

/**
 * Where the simulator meets the wire. The ECS service-deployment APIs (which moto lacks),
 * ListTasks and DescribeTasks for simulated services, and ELBv2 DescribeTargetHealth for simulated target groups are answered by the
 * simulator; CreateService, UpdateService and DeleteService go to moto and are mirrored into
 * the simulator, so moto keeps the service and the simulator runs its deployments; before
 * any other ELBv2 call, the simulated listener weights are copied into moto; before any
 * call, the log lines, alarm states and metrics the simulator produced are copied into moto.
 */
export interface SimulatorBridge {
  answer(request: AwsRequest): Promise<ProxyReply | undefined>;
  observe(request: AwsRequest, status: number): Promise<void>;
  /** moto's answer with what the simulator knows better (the task counts of simulated services). */
  rewrite(request: AwsRequest, body: string): string;
}

export interface BridgeOptions {
  wallClock?: () => number;
  /** Told when a call reached moto but could not be simulated. */
  note?: (message: string) => void;
  /** Copies simulated listener rule weights into moto before ELBv2 calls read them. */
  pushWeights?: (rules: RuleWeights) => Promise<void>;
  /** Reads task definitions from moto and copies log lines and alarm states into it. */
  mirror?: MotoMirror;
  /** Puts the simulated services' metrics into moto's CloudWatch. */
  metrics?: MetricMirror;
  /** Simulated time runs this many times faster than the wall clock (default 1). */
  speed?: number;
  /** The Region in the ARNs of one-off tasks (default us-east-1). */
  region?: string;
}

// The API version every ELBv2 query-protocol request carries.
const ELBV2_VERSION = "2015-12-01";

export function simulatorBridge(simulator: DeploymentSimulator, options: BridgeOptions = {}): SimulatorBridge {
  const wallClock = options.wallClock ?? Date.now;
  const speed = options.speed ?? 1;
  const wallStart = wallClock();
  const simulatedStart = simulator.clock.now();
  // Simulated time follows the wall clock, `speed` times faster: at 1 the sandbox's deployments take as long as real ones.
  const sync = () => {
    const behind = simulatedStart + (wallClock() - wallStart) * speed - simulator.clock.now();
    if (behind > 0) simulator.clock.advance(behind);
  };
  const mirror = options.mirror;
  const oneOff = new OneOffTasks(simulator.clock, options.region ?? "us-east-1");
  const flush = async () => {
    await options.metrics?.putMinutes(simulator.takeMetrics());
    if (!mirror) return;
    await mirror.setAlarmStates(simulator.takeAlarmChanges());
    const lines = simulator.takeLogs();
    if (lines.length > 0)
      await mirror.writeLogs(lines, (revisionArn) => simulator.taskDefinitionOfRevision(revisionArn));
    // A one-off task belongs to no service revision: its lines carry its task definition.
    const oneOffLines = oneOff.takeLogs();
    if (oneOffLines.length > 0) await mirror.writeLogs(oneOffLines, (taskDefinition) => taskDefinition);
  };
  // One-off tasks (RunTask) are the sandbox's own; DescribeTasks and StopTask of any other task go on.
  const oneOffApis: Record<string, (body: never) => Promise<ProxyReply | undefined>> = {
    RunTask: async (body: RunTaskInput) => {
      const containers = await mirror?.taskDefinition(body.taskDefinition);
      if (!containers)
        return jsonReply(() => {
          throw new SimulatorError("ClientException", "Unable to describe task definition.");
        });
      return jsonReply(() => oneOff.runTask(body, containers));
    },
    DescribeTasks: async (body: { tasks: string[] }) => {
      const described = oneOff.describeTasks(body);
      return described ? jsonReply(() => described) : undefined;
    },
    StopTask: async (body: { task: string; reason?: string }) => {
      const stopped = oneOff.stopTask(body);
      return stopped ? jsonReply(() => stopped) : undefined;
    },
  };
  const deploymentApis: Record<string, (body: never) => unknown> = {
    ListServiceDeployments: (body) => simulator.listServiceDeployments(body),
    DescribeServiceDeployments: (body) => simulator.describeServiceDeployments(body),
    DescribeServiceRevisions: (body) => simulator.describeServiceRevisions(body),
    ContinueServiceDeployment: (body) => simulator.continueServiceDeployment(body),
    StopServiceDeployment: (body) => simulator.stopServiceDeployment(body),
  };
  return {
    async answer(request) {
      sync();
      await flush();
      if (request.protocol === "json" && request.target.startsWith(ECS_TARGET)) {
        const operation = deploymentApis[request.operation];
        if (operation) {
          sync();
          return jsonReply(() => operation(request.body as never));
        }
        const oneOffApi = oneOffApis[request.operation];
        const oneOffReply = oneOffApi ? await oneOffApi(request.body as never) : undefined;
        if (oneOffReply) return oneOffReply;
        // Tasks of simulated services exist only in the simulator; any other task is moto's.
        sync();
        const tasks =
          request.operation === "ListTasks"
            ? simulator.listTasks(request.body as never)
            : request.operation === "DescribeTasks"
              ? simulator.describeTasks(request.body as never)
              : undefined;
        return tasks ? jsonReply(() => tasks) : undefined;
      }
      if (request.protocol === "json" && request.target === GET_METRIC_DATA && options.metrics) {
        sync();
        const ahead = simulator.clock.now() - wallClock();
        return options.metrics.answerMetricData(request.body as GetMetricDataBody, ahead);
      }
      if (request.protocol === "query" && request.action === "DescribeTargetHealth") {
        const targetGroupArn = request.params.get("TargetGroupArn") ?? "";
        if (!simulator.managesTargetGroup(targetGroupArn)) return undefined;
        sync();
        return targetHealthReply(simulator.describeTargetHealth({ TargetGroupArn: targetGroupArn }));
      }
      if (request.protocol === "query" && request.params.get("Version") === ELBV2_VERSION && options.pushWeights) {
        sync();
        await options.pushWeights(simulator.listenerRules());
      }
      return undefined;
    },
    rewrite(request, body) {
      if (
        request.protocol !== "json" ||
        !request.target.startsWith(ECS_TARGET) ||
        request.operation !== "DescribeServices"
      )
        return body;
      // moto runs no tasks: a simulated service's running and pending counts are the simulator's.
      const answer = JSON.parse(body) as {
        services?: { serviceName?: string; clusterArn?: string; runningCount?: number; pendingCount?: number }[];
      };
      sync();
      for (const service of answer.services ?? []) {
        try {
          const [counted] = simulator.describeServices({
            ...(service.clusterArn ? { cluster: service.clusterArn } : {}),
            services: [service.serviceName ?? ""],
          }).services;
          // moto keeps no ECS Exec setting either.
          Object.assign(service, {
            runningCount: counted?.runningCount ?? 0,
            pendingCount: counted?.pendingCount ?? 0,
            enableExecuteCommand: counted?.enableExecuteCommand ?? false,
          });
        } catch (error) {
          if (!(error instanceof SimulatorError)) throw error;
        }
      }
      return JSON.stringify(answer);
    },
    async observe(request, status) {
      if (status !== 200 || request.protocol !== "json" || !request.target.startsWith(ECS_TARGET)) return;
      const body = request.body as Partial<CreateServiceInput & UpdateServiceInput>;
      if (request.operation === "DeleteService" && body.service)
        simulator.deleteService({ service: body.service, ...(body.cluster ? { cluster: body.cluster } : {}) });
      if (request.operation !== "CreateService" && request.operation !== "UpdateService") return;
      // The task definition's containers (names, essential, awslogs) before its tasks start.
      const containers = body.taskDefinition ? await mirror?.taskDefinition(body.taskDefinition) : undefined;
      if (body.taskDefinition && containers) {
        simulator.knowTaskDefinition(
          body.taskDefinition,
          containers.map(({ name, essential }) => ({ name, essential })),
        );
        const fault = taskFaultNamed(containers.find((c) => c.fault)?.fault);
        if (fault) simulator.injectFault(body.taskDefinition, fault);
      }
      if (body.deploymentConfiguration?.alarms?.enable)
        await mirror?.watchAlarms(body.deploymentConfiguration.alarms.alarmNames);
      sync();
      try {
        if (request.operation === "CreateService") simulator.createService(request.body as CreateServiceInput);
        if (request.operation === "UpdateService") simulator.updateService(request.body as UpdateServiceInput);
      } catch (error) {
        // moto accepted what the simulator refuses (its rules are AWS's, moto's are looser): the
        // service exists in moto without simulated deployments; say so instead of failing silently.
        if (!(error instanceof SimulatorError)) throw error;
        options.note?.(`${request.operation} reached moto but is not simulated: ${error.message}`);
      }
    },
  };
}

/** JSON protocol: 200 with the output, or 400 with {__type, message} as ECS answers errors. */
function jsonReply(run: () => unknown): ProxyReply {
  const headers = { "content-type": "application/x-amz-json-1.1" };
  try {
    return { status: 200, headers, body: JSON.stringify(run(), epochSeconds) };
  } catch (error) {
    if (!(error instanceof SimulatorError)) throw error;
    return { status: 400, headers, body: JSON.stringify({ __type: error.code, message: error.message }) };
  }
}

/** The JSON protocol sends timestamps as epoch seconds. */
function epochSeconds(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? raw.getTime() / 1000 : value;
}

function xml(text: string | number): string {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** ELBv2 speaks the query protocol: XML answers (API_DescribeTargetHealth). */
function targetHealthReply(result: ReturnType<DeploymentSimulator["describeTargetHealth"]>): ProxyReply {
  const members = result.TargetHealthDescriptions.map((d) => {
    const health = d.TargetHealth;
    const optional = `${health.Reason ? `<Reason>${xml(health.Reason)}</Reason>` : ""}${health.Description ? `<Description>${xml(health.Description)}</Description>` : ""}`;
    return `<member><Target><Id>${xml(d.Target.Id)}</Id><Port>${d.Target.Port}</Port></Target><HealthCheckPort>${xml(d.HealthCheckPort)}</HealthCheckPort><TargetHealth><State>${xml(health.State)}</State>${optional}</TargetHealth></member>`;
  });
  const body = `<DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeTargetHealthResult><TargetHealthDescriptions>${members.join("")}</TargetHealthDescriptions></DescribeTargetHealthResult><ResponseMetadata><RequestId>berth-sandbox</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`;
  return { status: 200, headers: { "content-type": "text/xml" }, body };
}
