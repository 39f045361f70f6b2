import { tickBlueGreen } from "./blue-green.js";
import { DEFAULT_TIMING, Fleet, type Timing } from "./fleet.js";
import { alarmFault, type AlarmChange } from "./alarm-fault.js";
import type {
  Deployment,
  DeploymentConfiguration,
  LoadBalancer,
  Service,
  TaskContainer,
  TaskFault,
  TaskLogLine,
} from "./model.js";
import { tickRolling } from "./rolling.js";
import { circuitBreakerThreshold } from "./stages.js";
import { validateDeploymentConfiguration } from "./validation.js";
import { virtualClock, type VirtualClock } from "./virtual-clock.js";
import { serviceDeploymentBrief, serviceDeploymentView, serviceView, targetHealthView, taskView } from "./views.js";
import { answerRequest } from "./requests.js";
import { minuteOfMetrics, type SimulatedMinute } from "./published-metrics.js";
import { finish, revisionOf, stopRevision, type World } from "./world.js";

export { SimulatorError } from "./validation.js";
import { SimulatorError } from "./validation.js";

export interface SimulatorOptions {
  clock?: VirtualClock;
  timing?: Partial<Timing>;
  /** What goes wrong with tasks of every revision after a service's first (BERTH_SANDBOX_FAIL). */
  newTaskFault?: TaskFault;
  region?: string;
}

export interface CreateServiceInput {
  cluster?: string;
  serviceName: string;
  taskDefinition: string;
  desiredCount?: number;
  deploymentConfiguration?: DeploymentConfiguration;
  loadBalancers?: LoadBalancer[];
  enableExecuteCommand?: boolean;
}

export interface UpdateServiceInput {
  cluster?: string;
  service: string;
  taskDefinition?: string;
  desiredCount?: number;
  deploymentConfiguration?: DeploymentConfiguration;
  forceNewDeployment?: boolean;
  enableExecuteCommand?: boolean;
}

/** The JSON protocol sends timestamps as epoch seconds; callers in-process pass Dates or ms. */
function epochMs(value: Date | number): number {
  if (value instanceof Date) return value.getTime();
  return value < 1e11 ? value * 1000 : value;
}

const FINISHED = new Set(["SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"]);
/** moto's account: every ARN it makes carries it, and so do the simulator's. */
export const MOTO_ACCOUNT_ID = "123456789012";
const MINUTE_MS = 60_000;
// Enough for a few hours of a large app's minutes when nothing takes them (a simulator without a sandbox).
const KEPT_METRICS = 20_000;

/**
 * ECS service deployments on a virtual clock: what moto lacks. Methods take and return
 * ECS's API shapes, so the sandbox proxy answers ECS calls from it and tests drive it with
 * `clock.advance(ms)`.
 */
export class DeploymentSimulator {
  readonly clock: VirtualClock;
  private readonly world: World;
  private readonly region: string;
  private readonly faults = new Map<string, TaskFault>();
  /** Containers per task definition, as the sandbox read them from moto. */
  private readonly containers = new Map<string, TaskContainer[]>();
  private readonly alarmChanges: AlarmChange[] = [];
  private readonly fireAlarms = alarmFault();
  private sequence = 0;
  private revisionSequence = 0;
  private requests = 0;
  /** The metrics of each simulated minute since the sandbox last took them (the newest few hours at most). */
  private metrics: SimulatedMinute[] = [];
  private minute: number | undefined;

  constructor(private readonly options: SimulatorOptions = {}) {
    this.clock = options.clock ?? virtualClock();
    this.region = options.region ?? "us-east-1";
    this.world = {
      fleet: new Fleet({ ...DEFAULT_TIMING, ...options.timing }),
      services: new Map(),
      deployments: [],
      listenerRules: new Map(),
      alarms: new Map(),
      faultFor: (revisionArn) => this.faultFor(revisionArn),
      containersFor: (revisionArn) => this.containersFor(revisionArn),
      nextHookId: () => `ecs-pause-${(this.sequence += 1).toString(36).padStart(8, "0")}`,
    };
    this.clock.onTick((now) => this.tick(now));
  }

  createService(input: CreateServiceInput) {
    const clusterArn = this.clusterArn(input.cluster);
    const serviceArn = `arn:aws:ecs:${this.region}:${MOTO_ACCOUNT_ID}:service/${clusterArn.split("/").pop()}/${input.serviceName}`;
    if (this.world.services.has(serviceArn))
      throw new SimulatorError("InvalidParameterException", "Creation of service was not idempotent.");
    const config = input.deploymentConfiguration ?? {};
    validateDeploymentConfiguration(config, input.loadBalancers?.[0]);
    const loadBalancer = input.loadBalancers?.[0];
    const service: Service = {
      serviceArn,
      serviceName: input.serviceName,
      clusterArn,
      createdAt: this.clock.now(),
      desiredCount: input.desiredCount ?? 1,
      taskDefinition: input.taskDefinition,
      deploymentConfiguration: config,
      revisions: [],
      activeRevision: "",
      enableExecuteCommand: input.enableExecuteCommand === true,
      ...(loadBalancer ? { loadBalancer, liveTargetGroup: loadBalancer.targetGroupArn } : {}),
    };
    this.world.services.set(serviceArn, service);
    const ac = loadBalancer?.advancedConfiguration;
    // The AWS samples start both rules forwarding blue 100 / green 0.
    for (const rule of [ac?.productionListenerRule, ac?.testListenerRule]) {
      if (rule && loadBalancer)
        this.world.listenerRules.set(rule, {
          [loadBalancer.targetGroupArn]: 100,
          [ac?.alternateTargetGroupArn ?? ""]: 0,
        });
    }
    // A new service's first deployment only starts tasks: there is nothing to shift from.
    this.startDeployment(service, input.taskDefinition, "ROLLING");
    return { service: serviceView(this.world, service) };
  }

  updateService(input: UpdateServiceInput) {
    const service = this.service(input.cluster, input.service);
    if (input.deploymentConfiguration) {
      validateDeploymentConfiguration(input.deploymentConfiguration, service.loadBalancer);
      service.deploymentConfiguration = input.deploymentConfiguration;
    }
    if (input.desiredCount !== undefined) service.desiredCount = input.desiredCount;
    // Absent, UpdateService keeps the setting (API_UpdateService); only tasks started after a change have it.
    if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = input.enableExecuteCommand;
    const changesRevision =
      (input.taskDefinition !== undefined && input.taskDefinition !== service.taskDefinition) ||
      input.forceNewDeployment === true;
    if (changesRevision)
      this.startDeployment(
        service,
        input.taskDefinition ?? service.taskDefinition,
        service.deploymentConfiguration.strategy ?? "ROLLING",
      );
    return { service: serviceView(this.world, service) };
  }

  /** Newest first; `createdAt` bounds and `maxResults` as in API_ListServiceDeployments. */
  listServiceDeployments(input: {
    cluster?: string;
    service: string;
    status?: string[];
    createdAt?: { after?: Date | number; before?: Date | number };
    maxResults?: number;
  }) {
    const service = this.service(input.cluster, input.service);
    const after = input.createdAt?.after === undefined ? -Infinity : epochMs(input.createdAt.after);
    const before = input.createdAt?.before === undefined ? Infinity : epochMs(input.createdAt.before);
    const deployments = this.deploymentsOf(service).filter(
      (d) => (!input.status || input.status.includes(d.status)) && d.createdAt >= after && d.createdAt <= before,
    );
    return {
      serviceDeployments: deployments
        .reverse()
        .slice(0, input.maxResults ?? 20)
        .map(serviceDeploymentBrief),
    };
  }

  /** https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html */
  describeServiceRevisions(input: { serviceRevisionArns: string[] }) {
    const revisions = [...this.world.services.values()].flatMap((s) =>
      s.revisions.map((r) => ({ service: s, revision: r })),
    );
    const found = input.serviceRevisionArns.map((arn) => revisions.find((r) => r.revision.arn === arn));
    return {
      serviceRevisions: found.flatMap((r) =>
        r
          ? [
              {
                serviceRevisionArn: r.revision.arn,
                serviceArn: r.service.serviceArn,
                clusterArn: r.service.clusterArn,
                taskDefinition: r.revision.taskDefinition,
              },
            ]
          : [],
      ),
      failures: input.serviceRevisionArns.filter((_, i) => !found[i]).map((arn) => ({ arn, reason: "MISSING" })),
    };
  }

  describeServiceDeployments(input: { serviceDeploymentArns: string[] }) {
    const found = input.serviceDeploymentArns.map((arn) =>
      this.world.deployments.find((d) => d.serviceDeploymentArn === arn),
    );
    return {
      serviceDeployments: found
        .filter((d): d is Deployment => d !== undefined)
        .map((d) => serviceDeploymentView(this.world, d)),
      failures: input.serviceDeploymentArns.filter((_, i) => !found[i]).map((arn) => ({ arn, reason: "MISSING" })),
    };
  }

  /** https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContinueServiceDeployment.html */
  continueServiceDeployment(input: { serviceDeploymentArn: string; hookId: string; action?: "CONTINUE" | "ROLLBACK" }) {
    const deployment = this.deployment(input.serviceDeploymentArn);
    const hook = deployment.hooks.find((h) => h.hookId === input.hookId);
    if (!hook)
      throw new SimulatorError(
        "InvalidParameterException",
        `No lifecycle hook ${input.hookId} in this service deployment.`,
      );
    if (deployment.status !== "IN_PROGRESS" || hook.status !== "AWAITING_ACTION") {
      throw new SimulatorError(
        "InvalidParameterException",
        `Hook ${input.hookId} is ${hook.status} and the deployment ${deployment.status}; only an AWAITING_ACTION hook of an IN_PROGRESS deployment can be continued.`,
      );
    }
    if ((input.action ?? "CONTINUE") === "CONTINUE") {
      hook.status = "SUCCEEDED";
    } else {
      hook.status = "FAILED";
      deployment.status = "ROLLBACK_REQUESTED";
      deployment.statusReason = `Rollback requested through lifecycle hook ${hook.hookId}`;
    }
    deployment.updatedAt = this.clock.now();
    return { serviceDeploymentArn: deployment.serviceDeploymentArn };
  }

  /** https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html: ROLLBACK is the documented stop type. */
  stopServiceDeployment(input: { serviceDeploymentArn: string; stopType?: string }) {
    const deployment = this.deployment(input.serviceDeploymentArn);
    if ((input.stopType ?? "ROLLBACK") !== "ROLLBACK")
      throw new SimulatorError("InvalidParameterException", "The valid value for stopType is ROLLBACK.");
    if (FINISHED.has(deployment.status))
      throw new SimulatorError(
        "InvalidParameterException",
        `The service deployment is ${deployment.status} and cannot be stopped.`,
      );
    if (deployment.status === "PENDING" || deployment.status === "IN_PROGRESS") {
      deployment.status = "ROLLBACK_REQUESTED";
      deployment.statusReason = "Rollback requested by StopServiceDeployment";
      deployment.updatedAt = this.clock.now();
    }
    return { serviceDeploymentArn: deployment.serviceDeploymentArn };
  }

  describeServices(input: { cluster?: string; services: string[] }) {
    return {
      services: input.services.map((name) => serviceView(this.world, this.service(input.cluster, name))),
      failures: [],
    };
  }

  describeTargetHealth(input: { TargetGroupArn: string }) {
    return targetHealthView(this.world, input.TargetGroupArn, this.portFor(input.TargetGroupArn) ?? 80);
  }

  /** Whether a target group belongs to a simulated service (its health is the simulator's to report). */
  managesTargetGroup(targetGroupArn: string): boolean {
    return this.portFor(targetGroupArn) !== undefined;
  }

  /** Weight per target group of a listener rule the simulator manages, or undefined. */
  listenerRuleWeights(ruleArn: string): Record<string, number> | undefined {
    const weights = this.world.listenerRules.get(ruleArn);
    return weights ? { ...weights } : undefined;
  }

  /** Every listener rule the simulator manages, with its weights. */
  listenerRules(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.world.listenerRules].map(([arn, weights]) => [arn, { ...weights }]));
  }

  setAlarmState(alarmName: string, state: "OK" | "ALARM", reason = `Set to ${state} by the berth sandbox`): void {
    this.world.alarms.set(alarmName, state);
    this.alarmChanges.push({ name: alarmName, state, reason });
  }

  /** Alarm states set since the last call, for the sandbox to copy into CloudWatch. */
  takeAlarmChanges(): AlarmChange[] {
    return this.alarmChanges.splice(0);
  }

  /** The containers of a task definition (name, essential), so its tasks show and log them. */
  knowTaskDefinition(taskDefinition: string, containers: TaskContainer[]): void {
    this.containers.set(taskDefinition, containers);
  }

  /** A request the load balancer forwarded to a target group (see answerRequest). */
  serveRequest(targetGroupArn: string, method: string, path: string): { status: number; body: string } | undefined {
    return answerRequest(this.world, targetGroupArn, {
      method,
      path,
      turn: (this.requests += 1),
      now: this.clock.now(),
    });
  }

  /** The task definition a service revision runs. */
  taskDefinitionOfRevision(revisionArn: string): string | undefined {
    return revisionOf(this.world, revisionArn)?.revision.taskDefinition;
  }

  /** The metrics of the simulated minutes since the last call, for the sandbox to put into CloudWatch. */
  takeMetrics(): SimulatedMinute[] {
    return this.metrics.splice(0);
  }

  /** The lines simulated containers wrote since the last call. */
  takeLogs(): TaskLogLine[] {
    return this.world.fleet.takeLogs();
  }

  /**
   * ECS DeleteService: the service's tasks stop and a deployment in flight ends. A service
   * created again with the same name is a new service with its own deployments
   * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteService.html).
   */
  deleteService(input: { cluster?: string; service: string }): void {
    const service = this.findService(input.cluster, input.service);
    if (!service) return;
    const now = this.clock.now();
    for (const revision of service.revisions) stopRevision(this.world, revision.arn, "Service deleted", now);
    for (const d of this.deploymentsOf(service))
      if (!FINISHED.has(d.status)) finish(d, "STOPPED", now, "The service was deleted");
    this.world.services.delete(service.serviceArn);
  }

  /** Makes tasks of this task definition fail from now on (tasks already running keep their fate). */
  injectFault(taskDefinition: string, fault: TaskFault): void {
    this.faults.set(taskDefinition, fault);
  }

  /** ECS ListTasks for a simulated service; undefined when the service is not simulated. */
  listTasks(input: { cluster?: string; serviceName?: string; desiredStatus?: "RUNNING" | "STOPPED" }) {
    const service = input.serviceName ? this.findService(input.cluster, input.serviceName) : undefined;
    if (!service) return undefined;
    const wanted = input.desiredStatus ?? "RUNNING";
    return {
      taskArns: this.tasks(service.serviceName)
        .filter((t) => t.desiredStatus === wanted)
        .map((t) => t.taskArn),
    };
  }

  /** ECS DescribeTasks when every task asked for is simulated; undefined otherwise. */
  describeTasks(input: { cluster?: string; tasks: string[] }) {
    const found = input.tasks.map((arn) =>
      this.world.fleet.tasks.find((t) => t.taskArn === arn || t.taskArn.endsWith(`/${arn}`)),
    );
    if (found.length === 0 || found.some((t) => t === undefined)) return undefined;
    const views = found.flatMap((task) => {
      const owner = task && revisionOf(this.world, task.revisionArn);
      return task && owner ? [taskView(owner.service, task)] : [];
    });
    return { tasks: views, failures: [] };
  }

  tasks(serviceName?: string) {
    const services = [...this.world.services.values()].filter((s) => !serviceName || s.serviceName === serviceName);
    return this.world.fleet.tasks.filter((t) => services.some((s) => s.revisions.some((r) => r.arn === t.revisionArn)));
  }

  private startDeployment(service: Service, taskDefinition: string, strategy: Deployment["strategy"]): void {
    const now = this.clock.now();
    // Revision ARNs end in a number unique across services, as AWS's do: a service created again never reuses one.
    const revisionArn = `arn:aws:ecs:${this.region}:${MOTO_ACCOUNT_ID}:service-revision/${service.clusterArn.split("/").pop()}/${service.serviceName}/${(this.revisionSequence += 1)}`;
    service.revisions.push({
      arn: revisionArn,
      taskDefinition,
      desiredCount: service.desiredCount,
      enableExecuteCommand: service.enableExecuteCommand,
    });
    const inFlight = this.deploymentsOf(service).filter((d) => !FINISHED.has(d.status));
    for (const d of inFlight)
      Object.assign(d, {
        status: "STOPPED",
        statusReason: "Superseded by a newer service deployment",
        stoppedAt: now,
        finishedAt: now,
      });
    const config = service.deploymentConfiguration;
    const sources = [service.activeRevision, ...inFlight.map((d) => d.targetRevision)].filter(Boolean);
    this.world.deployments.push({
      serviceDeploymentArn: `arn:aws:ecs:${this.region}:${MOTO_ACCOUNT_ID}:service-deployment/${service.clusterArn.split("/").pop()}/${service.serviceName}/${(this.sequence += 1).toString(36)}`,
      serviceArn: service.serviceArn,
      clusterArn: service.clusterArn,
      strategy,
      configuration: config,
      status: "PENDING",
      createdAt: now,
      updatedAt: now,
      sourceRevisions: sources,
      targetRevision: revisionArn,
      reconciling: inFlight.length > 0,
      stageEnteredAt: now,
      productionStep: 0,
      hooks: [],
      circuitBreaker: {
        status: config.deploymentCircuitBreaker?.enable ? "MONITORING" : "DISABLED",
        failureCount: 0,
        threshold: circuitBreakerThreshold(service.desiredCount),
      },
      alarms: {
        status: config.alarms?.enable ? "MONITORING" : "DISABLED",
        alarmNames: config.alarms?.alarmNames ?? [],
        triggeredAlarmNames: [],
      },
    });
    if (!service.activeRevision) service.activeRevision = revisionArn;
  }

  private tick(now: number): void {
    const failures = this.world.fleet.tick(now);
    const minute = Math.floor(now / MINUTE_MS);
    if (this.minute !== undefined && minute !== this.minute)
      this.metrics = [...this.metrics, ...minuteOfMetrics(this.world, this.minute * MINUTE_MS)].slice(-KEPT_METRICS);
    this.minute = minute;
    this.fireAlarms(this.world, now, (name, state, reason) => this.setAlarmState(name, state, reason));
    for (const deployment of this.world.deployments) {
      if (FINISHED.has(deployment.status)) continue;
      const step = deployment.strategy === "ROLLING" ? tickRolling : tickBlueGreen;
      step(this.world, deployment, { now, failures });
    }
  }

  private faultFor(revisionArn: string): TaskFault {
    const owner = revisionOf(this.world, revisionArn);
    const injected = owner ? this.faults.get(owner.revision.taskDefinition) : undefined;
    if (injected) return injected;
    return owner?.service.revisions[0]?.arn === revisionArn ? "none" : (this.options.newTaskFault ?? "none");
  }

  private containersFor(revisionArn: string): readonly TaskContainer[] {
    const owner = revisionOf(this.world, revisionArn);
    return (
      (owner && this.containers.get(owner.revision.taskDefinition)) ?? [
        { name: owner?.service.loadBalancer?.containerName ?? "app", essential: true },
      ]
    );
  }

  /** The deployments of this service (not of a deleted one that had its name). */
  private deploymentsOf(service: Service): Deployment[] {
    return this.world.deployments.filter(
      (d) => d.serviceArn === service.serviceArn && service.revisions.some((r) => r.arn === d.targetRevision),
    );
  }

  private portFor(targetGroupArn: string): number | undefined {
    const service = [...this.world.services.values()].find(
      (s) =>
        s.loadBalancer?.targetGroupArn === targetGroupArn ||
        s.loadBalancer?.advancedConfiguration?.alternateTargetGroupArn === targetGroupArn,
    );
    return service ? (service.loadBalancer?.containerPort ?? 80) : undefined;
  }

  private clusterArn(cluster: string | undefined): string {
    if (cluster?.startsWith("arn:")) return cluster;
    return `arn:aws:ecs:${this.region}:${MOTO_ACCOUNT_ID}:cluster/${cluster ?? "default"}`;
  }

  private service(cluster: string | undefined, nameOrArn: string): Service {
    const service = this.findService(cluster, nameOrArn);
    if (!service) throw new SimulatorError("ServiceNotFoundException", `Service not found: ${nameOrArn}`);
    return service;
  }

  private findService(cluster: string | undefined, nameOrArn: string): Service | undefined {
    const arn = nameOrArn.startsWith("arn:")
      ? nameOrArn
      : `arn:aws:ecs:${this.region}:${MOTO_ACCOUNT_ID}:service/${this.clusterArn(cluster).split("/").pop()}/${nameOrArn}`;
    return this.world.services.get(arn);
  }

  private deployment(arn: string): Deployment {
    const deployment = this.world.deployments.find((d) => d.serviceDeploymentArn === arn);
    if (!deployment)
      throw new SimulatorError("ServiceDeploymentNotFoundException", `Service deployment not found: ${arn}`);
    return deployment;
  }
}
