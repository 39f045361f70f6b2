import type { Manifest } from "../../manifest/types.js";
import { EXEC_ACTIONS } from "../../render/iam.js";
import type { ContainerFacts, ServiceFacts, TaskFacts } from "./exec-port.js";

/**
 * What AWS's amazon-ecs-exec-checker checks before ECS Exec can work
 * (https://github.com/aws-containers/amazon-ecs-exec-checker), as values: the first one
 * missing is named with its fix. Two of its checks are made differently: the caller's
 * ecs:ExecuteCommand is answered by ExecuteCommand itself (berth has no IAM client for
 * SimulatePrincipalPolicy; a refusal names the permission, src/aws/aws-error-hints.ts), and
 * the task role is read as its service stack defines it.
 */
export interface ExecObservation {
  service: string;
  environment: string;
  facts?: ServiceFacts;
  task?: TaskFacts;
  /** The task asked for with --task, when one was. */
  taskAsked?: string;
  taskRoleActions?: string[];
  pluginOnPath: boolean;
}

export interface ExecProblem {
  check: string;
  message: string;
  fix: string;
}

const TROUBLESHOOTING = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec-troubleshooting.html";

/** Fargate runs ECS Exec's agent from platform version 1.4.0 (ecs-exec.html, "Considerations"). */
const MIN_PLATFORM = [1, 4, 0];

/** The first thing missing for ECS Exec, in the order one depends on another; undefined when nothing is. */
export function firstExecProblem(m: Manifest, o: ExecObservation): ExecProblem | undefined {
  const where = `${o.service} in ${o.environment}`;
  if (!o.facts)
    return {
      check: "service",
      message: `there is no ECS service ${where}`,
      fix: `deploy it first: berth deploy -e ${o.environment}`,
    };
  if (!o.facts.enableExecuteCommand)
    return {
      check: "service exec",
      message: `ECS Exec is off for ${where}`,
      fix: m.exec
        ? `the manifest turns it on but the service was released before: berth deploy -e ${o.environment} (it replaces the tasks)`
        : `set \`exec: true\` under environments.${o.environment} in berth.yml, then berth deploy -e ${o.environment} (it replaces the tasks)`,
    };
  if (!o.task)
    return o.taskAsked
      ? {
          check: "task",
          message: `no running task ${o.taskAsked} of ${where}`,
          fix: `berth status -e ${o.environment} lists the tasks; leave out --task to take any running one`,
        }
      : { check: "task", message: `${where} has no running task`, fix: `berth status -e ${o.environment} says why` };
  const task = o.task;
  const id = taskId(task.taskArn);
  if (!task.enableExecuteCommand)
    return {
      check: "task exec",
      message: `task ${id} started before ECS Exec was turned on for ${o.service}`,
      fix: "only tasks started since have the agent: take another with --task, or wait for the release to replace it",
    };
  if (task.launchType === "FARGATE" && !platformAtLeast(task.platformVersion, MIN_PLATFORM))
    return {
      check: "platform",
      message: `task ${id} runs on Fargate platform ${task.platformVersion ?? "unknown"}; ECS Exec needs 1.4.0 or later`,
      fix: `berth runs services on LATEST: berth deploy -e ${o.environment} replaces tasks started on an older one`,
    };
  const container = execContainer(task, o.service);
  if (!container)
    return { check: "container", message: `task ${id} has no container ${o.service}`, fix: TROUBLESHOOTING };
  if (container.agent?.lastStatus !== "RUNNING")
    return {
      check: "agent",
      message: `task ${id} cannot take a shell: ${container.agent?.reason ?? `its ExecuteCommandAgent is ${container.agent?.lastStatus ?? "missing"}`}`,
      fix: `ECS starts the agent with each task; ${container.agent?.lastStatus === "PENDING" ? "wait a few seconds and run again" : `see ${TROUBLESHOOTING}`}`,
    };
  const missing = o.taskRoleActions && EXEC_ACTIONS.filter((a) => !o.taskRoleActions!.includes(a));
  if (missing && missing.length > 0)
    return {
      check: "task role",
      message: `the task role of ${o.service} does not allow ${missing.join(", ")}`,
      fix: `berth deploy -e ${o.environment} with \`exec: true\` renders them (an override may have removed them)`,
    };
  if (!o.pluginOnPath)
    return {
      check: "plugin",
      message: "session-manager-plugin is not on PATH: ECS Exec's sessions run through it",
      fix: "install it: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html",
    };
  return undefined;
}

/** The container berth names after its service (src/render/task-definition.ts), else the task's only one. */
export function execContainer(task: TaskFacts, service: string): ContainerFacts | undefined {
  return (
    task.containers.find((c) => c.name === service) ?? (task.containers.length === 1 ? task.containers[0] : undefined)
  );
}

/** What berth cannot check, said before connecting: a session that then fails to open is explained. */
export function execNotes(m: Manifest, facts: ServiceFacts): string[] {
  if (routeToSsm(m, facts)) return [];
  return [
    `the tasks run in ${m.network.vpc}'s private subnets with no public IP, whose routes berth does not read: ` +
      "they reach SSM only through a NAT route or an interface endpoint for com.amazonaws.<region>.ssmmessages",
  ];
}

/**
 * Whether the tasks reach the SSM endpoints: in berth's own VPC they do, through its NAT
 * gateways or, without NAT, from public subnets with a public IP (src/render/network.ts).
 * In a VPC berth did not create, a task with no public IP depends on routes berth cannot read.
 */
function routeToSsm(m: Manifest, facts: ServiceFacts): boolean {
  return facts.assignPublicIp || m.network.vpc === "new";
}

function platformAtLeast(version: string | undefined, minimum: number[]): boolean {
  if (version === undefined || version === "LATEST") return version === "LATEST";
  const parts = version.split(".").map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const have = parts[i] ?? 0;
    if (have !== minimum[i]) return have > minimum[i]!;
  }
  return true;
}

export function taskId(taskArn: string): string {
  return taskArn.split("/").pop() ?? taskArn;
}
