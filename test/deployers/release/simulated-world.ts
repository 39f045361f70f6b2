import type { RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import type { CheckPorts } from "../../../src/deployers/release/check-new-version.js";
import type { ReleasePort } from "../../../src/deployers/release/release-port.js";
import { releaseContext } from "../../../src/deployers/release/release-environment.js";
import {
  releaseService,
  type ReleaseEvent,
  type ServiceOutcome,
} from "../../../src/deployers/release/release-service.js";
import type { Manifest } from "../../../src/manifest/types.js";
import { placeholdersIn } from "../../../src/render/placeholders.js";
import { renderApplication } from "../../../src/render/render.js";
import type { TaskFault } from "../../../src/sandbox/simulator/model.js";
import { DeploymentSimulator, SimulatorError } from "../../../src/sandbox/simulator/simulator.js";
import { manifestOf } from "../../render/helpers.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012";

export const OUTPUTS: Record<string, string> = {
  ClusterName: "shop-default",
  WebTargetGroupA: `${ARN}:targetgroup/web-a/1`,
  WebTargetGroupB: `${ARN}:targetgroup/web-b/2`,
  WebListenerRule: `${ARN}:listener-rule/app/shop/prod`,
  WebTestListenerRule: `${ARN}:listener-rule/app/shop/test`,
  LoadBalancerDns: "shop.example",
  TestHeaderSecretArn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-default-test-Ab12Cd`,
};

/** A manifest with one web service (strategy and version as asked) and one worker. */
export function shop(version: string, strategy = "bluegreen", extra = ""): Manifest {
  const deploy = `{ strategy: ${strategy}, bake: 3m, smoke: [{ path: /healthz, status: 200 }]${extra} }`;
  return manifestOf(
    `app: shop\nservices:\n  web: { image: "${IMAGE}", port: 80, count: 2, http: {}, deploy: ${deploy}, env: { RELEASE: "${version}" } }\n` +
      `  worker: { image: "${IMAGE}", env: { RELEASE: "${version}" } }\n`,
  );
}

/** Every stack output the manifest's definitions name, the load balancer's as in OUTPUTS. */
function outputsFor(m: Manifest): Record<string, string> {
  const rendered = renderApplication(m);
  if (!rendered.ok) throw new Error("manifest does not render");
  const outputs = { ...OUTPUTS };
  const r = rendered.rendered;
  for (const name of placeholdersIn([r.taskDefinitions, r.serviceDefinitions]).filter((p) => p.startsWith("stack:")))
    outputs[name.slice(6)] ??= `${name.slice(6)}-value`;
  return outputs;
}

/** What a release renders and fills the placeholders with, for a manifest on this world. */
export function releaseInputs(m: Manifest) {
  const rendered = renderApplication(m);
  if (!rendered.ok) throw new Error("manifest does not render");
  const outputs = outputsFor(m);
  const images = Object.fromEntries(Object.keys(m.services).map((name) => [name, IMAGE]));
  const values = { outputs, images, region: "us-east-1", account: "123456789012", partition: "aws" };
  return { rendered: rendered.rendered, values };
}

const releaseOf = (definition: RegisterTaskDefinitionRequest) =>
  definition.containerDefinitions?.[0]?.environment?.find((e) => e.name === "RELEASE")?.value ?? "";

/**
 * AWS as a release sees it, with ECS deployments from the simulator on a virtual clock:
 * task definitions (and their fingerprint tags) kept here, everything else the simulator's.
 * Versions named in `faults` get tasks that fail that way; `smokeFails` versions answer 500.
 */
export class SimulatedWorld {
  readonly sim = new DeploymentSimulator();
  readonly taskDefinitions = new Map<string, { definition: RegisterTaskDefinitionRequest; fingerprint: string }>();
  /** Task definitions that passed berth's checks, and so may take production traffic. */
  readonly checkedGood = new Set<string>();
  readonly calls: string[] = [];
  faults: Record<string, TaskFault> = {};
  smokeFails = new Set<string>();
  violations: string[] = [];
  /** The value the test rule's header condition holds; berth sets a fresh one each run. */
  testHeaderValue = "the-value-the-stack-created";
  private testHeaderValues = 0;

  constructor() {
    // Between a destroy and the next create there is no service, and nothing to check.
    this.sim.clock.onTick(() => this.sim.tasks("web").length > 0 && this.hasService("web") && this.checkInvariant());
  }

  port(): ReleasePort {
    const sim = this.sim;
    const counted = <T>(name: string, run: () => T): T => {
      this.calls.push(name);
      return run();
    };
    return {
      describeService: async (cluster, service) =>
        counted("DescribeServices", () => {
          try {
            const found = sim.describeServices({ cluster, services: [service] }).services[0];
            return found
              ? { status: found.status, desiredCount: found.desiredCount, createdAt: found.createdAt?.getTime() ?? 0 }
              : undefined;
          } catch {
            return undefined;
          }
        }),
      listDeployments: async (cluster, service, filter = {}) =>
        counted("ListServiceDeployments", () =>
          sim
            .listServiceDeployments({
              cluster,
              service,
              ...(filter.statuses ? { status: filter.statuses } : {}),
              ...(filter.createdAfter !== undefined ? { createdAt: { after: new Date(filter.createdAfter) } } : {}),
              ...(filter.limit ? { maxResults: filter.limit } : {}),
            })
            .serviceDeployments.map((d) => ({
              arn: d.serviceDeploymentArn,
              status: d.status,
              createdAt: d.createdAt?.getTime() ?? 0,
              targetRevision: d.targetServiceRevisionArn,
            })),
        ),
      describeDeployment: async (arn) =>
        counted("DescribeServiceDeployments", () => {
          const d = sim.describeServiceDeployments({ serviceDeploymentArns: [arn] }).serviceDeployments[0];
          if (!d) return undefined;
          return {
            arn,
            status: d.status,
            ...(d.statusReason ? { statusReason: d.statusReason } : {}),
            ...(d.lifecycleStage ? { stage: d.lifecycleStage } : {}),
            ...(d.rollback ? { rollbackReason: d.rollback.reason } : {}),
            targetRevision: d.targetServiceRevision.arn,
            hooks: d.lifecycleHookDetails.map((h) => ({
              hookId: h.hookId,
              status: h.status,
              expiresAt: h.expiresAt?.getTime() ?? 0,
            })),
          };
        }),
      revisionTaskDefinition: async (revisionArn) =>
        counted("DescribeServiceRevisions", () => {
          const taskDefinition = sim.describeServiceRevisions({ serviceRevisionArns: [revisionArn] })
            .serviceRevisions[0]?.taskDefinition;
          if (!taskDefinition) return undefined;
          const fingerprint = this.taskDefinitions.get(taskDefinition)?.fingerprint;
          return { taskDefinition, ...(fingerprint ? { fingerprint } : {}) };
        }),
      registerTaskDefinition: async (definition, fingerprint) =>
        counted("RegisterTaskDefinition", () => {
          const arn = `arn:aws:ecs:us-east-1:123456789012:task-definition/${definition.family}:${this.taskDefinitions.size + 1}`;
          this.taskDefinitions.set(arn, { definition, fingerprint });
          const fault = this.faults[releaseOf(definition)];
          if (fault) sim.injectFault(arn, fault);
          return arn;
        }),
      createService: async (definition) => counted("CreateService", () => void sim.createService(definition as never)),
      updateService: async (update) => counted("UpdateService", () => void sim.updateService(update as never)),
      continueDeployment: async (arn, hookId, action) =>
        counted("ContinueServiceDeployment", () => {
          try {
            sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId, action });
            return true;
          } catch (error) {
            if (error instanceof SimulatorError) return false;
            throw error;
          }
        }),
      stopDeployment: async (arn) =>
        counted("StopServiceDeployment", () => {
          try {
            sim.stopServiceDeployment({ serviceDeploymentArn: arn, stopType: "ROLLBACK" });
            return true;
          } catch (error) {
            if (error instanceof SimulatorError) return false;
            throw error;
          }
        }),
      targetHealth: async (targetGroupArn) =>
        counted("DescribeTargetHealth", () => {
          const states = sim
            .describeTargetHealth({ TargetGroupArn: targetGroupArn })
            .TargetHealthDescriptions.map((d) => d.TargetHealth);
          const unhealthy = states.filter((t) => t.State === "unhealthy");
          return {
            healthy: states.filter((t) => t.State === "healthy").length,
            unhealthy: unhealthy.length,
            reasons: unhealthy.map((t) => t.Description ?? ""),
          };
        }),
      applyScaling: async () => undefined,
    };
  }

  checks(port = this.port()): CheckPorts {
    const thisRun = new Map<string, string>();
    return {
      release: port,
      rules: {
        describeRuleWeights: async (arns) =>
          Object.fromEntries(
            arns.map((arn) => [
              arn,
              Object.entries(this.sim.listenerRuleWeights(arn) ?? {}).map(([targetGroupArn, weight]) => ({
                targetGroupArn,
                weight,
              })),
            ]),
          ),
      },
      testHeader: async (rule) => {
        let value = thisRun.get(rule);
        if (!value) {
          this.calls.push("RotateTestHeader");
          value = `test-header-value-${++this.testHeaderValues}`;
          this.testHeaderValue = value;
          thisRun.set(rule, value);
        }
        return value;
      },
      // The simulated load balancer answers as the version behind the test rule would, to berth's secret header only.
      smoke: {
        get: async (_url, headers) => {
          if (headers["X-Berth-Test"] !== this.testHeaderValue) return { status: 404, body: "" };
          const versions = this.versionsBehind(OUTPUTS.WebTestListenerRule!);
          return { status: versions.some((v) => this.smokeFails.has(v)) ? 500 : 200, body: "" };
        },
      },
    };
  }

  /** Releases one service of the manifest on this world, as `berth deploy` would. */
  release(
    m: Manifest,
    service: string,
    options: { port?: ReleasePort; events?: ReleaseEvent[] } = {},
  ): Promise<ServiceOutcome> {
    const { rendered: r, values } = releaseInputs(m);
    const checks = this.checks(options.port ?? this.port());
    return releaseService(m, m.services[service]!, r, values, checks, {
      ...releaseContext(m, { clock: this.sim.clock, releasePollMs: 1_000 }),
      emit: this.emitter(options.events),
    });
  }

  /** What the invariant needs to know of berth's checks, then the test's own list. */
  emitter(events?: ReleaseEvent[]) {
    return (event: ReleaseEvent) => {
      if (event.type === "checked" && event.passed)
        for (const td of this.testTaskDefinitions()) this.checkedGood.add(td);
      events?.push(event);
    };
  }

  /** The environment as `berth rollback` reaches it: the stack's outputs, the rules, ECS. */
  environmentPorts(m: Manifest) {
    const checks = this.checks();
    return {
      cloudFormation: {
        describeStack: async () => ({ stackId: "shop-default", status: "UPDATE_COMPLETE", outputs: outputsFor(m) }),
      },
      listenerRules: checks.rules,
      release: {
        checks: { release: checks.release, smoke: checks.smoke, testHeader: checks.testHeader! },
        identity: async () => ({ account: "123456789012", partition: "aws", region: "us-east-1" }),
      },
    };
  }

  hasService(service: string): boolean {
    try {
      this.sim.describeServices({ cluster: OUTPUTS.ClusterName!, services: [service] });
      return true;
    } catch {
      return false;
    }
  }

  /** The task definition the service serves: the target of its last SUCCESSFUL deployment. */
  serving(service: string): string | undefined {
    const [last] = this.sim.listServiceDeployments({
      cluster: OUTPUTS.ClusterName!,
      service,
      status: ["SUCCESSFUL"],
    }).serviceDeployments;
    return last
      ? this.sim.describeServiceRevisions({ serviceRevisionArns: [last.targetServiceRevisionArn] }).serviceRevisions[0]
          ?.taskDefinition
      : undefined;
  }

  versionOf(taskDefinition: string | undefined): string {
    const definition = taskDefinition ? this.taskDefinitions.get(taskDefinition)?.definition : undefined;
    return definition ? releaseOf(definition) : "";
  }

  /** The versions of the tasks registered in the target groups a listener rule sends traffic to. */
  versionsBehind(ruleArn: string): string[] {
    return this.taskDefinitionsBehind(ruleArn).map((td) => this.versionOf(td));
  }

  private testTaskDefinitions(): string[] {
    return this.taskDefinitionsBehind(OUTPUTS.WebTestListenerRule!);
  }

  private taskDefinitionsBehind(ruleArn: string): string[] {
    const groups = Object.entries(this.sim.listenerRuleWeights(ruleArn) ?? {})
      .filter(([, weight]) => weight > 0)
      .map(([group]) => group);
    const tasks = this.sim
      .tasks("web")
      .filter(
        (t) =>
          t.targetGroupArn &&
          groups.includes(t.targetGroupArn) &&
          t.lastStatus === "RUNNING" &&
          t.health !== "draining",
      );
    const taskDefinitions = tasks.map(
      (t) => this.sim.describeTasks({ tasks: [t.taskArn] })?.tasks[0]?.taskDefinitionArn ?? "",
    );
    return [...new Set(taskDefinitions)];
  }

  /**
   * After every simulated step: production traffic reaches only healthy targets that run
   * a version that passed berth's checks or one that served before.
   */
  private checkInvariant(): void {
    const rule = OUTPUTS.WebListenerRule!;
    const weights = this.sim.listenerRuleWeights(rule);
    if (!weights) return;
    const served = new Set(
      this.sim
        .listServiceDeployments({ cluster: OUTPUTS.ClusterName!, service: "web", status: ["SUCCESSFUL"] })
        .serviceDeployments.map(
          (d) =>
            this.sim.describeServiceRevisions({ serviceRevisionArns: [d.targetServiceRevisionArn] }).serviceRevisions[0]
              ?.taskDefinition,
        ),
    );
    const firstOnly = served.size === 0;
    for (const [group, weight] of Object.entries(weights)) {
      if (weight === 0) continue;
      for (const target of this.sim.describeTargetHealth({ TargetGroupArn: group }).TargetHealthDescriptions) {
        if (target.TargetHealth.State === "unhealthy")
          this.violations.push(`${this.sim.clock.now()}: production reaches unhealthy ${target.Target.Id}`);
      }
    }
    // A rolling release has no pause: ECS's target health checks are the only checks, tested above.
    const rolling =
      this.sim.describeServices({ cluster: OUTPUTS.ClusterName!, services: ["web"] }).services[0]
        ?.deploymentConfiguration.strategy === "ROLLING";
    if (firstOnly || rolling) return;
    for (const td of this.taskDefinitionsBehind(rule)) {
      if (!served.has(td) && !this.checkedGood.has(td))
        this.violations.push(`${this.sim.clock.now()}: production reaches unchecked ${td}`);
    }
  }
}
