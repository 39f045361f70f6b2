import { spawn } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";
import type { ExecPort, TaskFacts } from "../deployers/exec/exec-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { cloudFormationPort } from "./cloudformation.js";
import { lazyEcs } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

const PLUGIN = "session-manager-plugin";

type SdkTask = {
  taskArn?: string;
  lastStatus?: string;
  group?: string;
  enableExecuteCommand?: boolean;
  launchType?: string;
  platformVersion?: string;
  containers?: {
    name?: string;
    runtimeId?: string;
    managedAgents?: { name?: string; lastStatus?: string; reason?: string }[];
  }[];
};

/** ECS reads, the service stack's template, and the session through session-manager-plugin, as the AWS CLI opens it. */
export function execPort(settings: AwsSettings): ExecPort {
  const ecs = lazyEcs(clientConfig(settings));
  const stacks = cloudFormationPort(settings);
  const describe = async (cluster: string, tasks: string[]): Promise<TaskFacts[]> => {
    if (tasks.length === 0) return [];
    const { sdk, client } = await ecs();
    const out = await client.send(new sdk.DescribeTasksCommand({ cluster, tasks }));
    return (out.tasks ?? []).map(taskFacts);
  };
  return withAwsFailures("ECS", {
    async service(cluster, service) {
      const { sdk, client } = await ecs();
      // A cluster not created yet (a plan of a new environment) has no services.
      const out = await client
        .send(new sdk.DescribeServicesCommand({ cluster, services: [service] }))
        .catch((error: unknown) => {
          if (error instanceof Error && error.name === "ClusterNotFoundException") return { services: [] };
          throw error;
        });
      const found = out.services?.find((s) => s.status !== "INACTIVE");
      if (!found) return undefined;
      return {
        enableExecuteCommand: found.enableExecuteCommand === true,
        assignPublicIp: found.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === "ENABLED",
      };
    },
    async runningTasks(cluster, serviceName) {
      const { sdk, client } = await ecs();
      // ECS Exec needs one task: the first page (100) is plenty.
      const listed = await client.send(new sdk.ListTasksCommand({ cluster, serviceName, desiredStatus: "RUNNING" }));
      return describe(cluster, (listed.taskArns ?? []).slice(0, 100));
    },
    async task(cluster, task) {
      return (await describe(cluster, [task]))[0];
    },
    async taskRoleActions(serviceStack, roleId) {
      const template = await stacks.getTemplate?.(serviceStack).catch(() => undefined);
      const role = template?.Resources[roleId] as
        | { Properties?: { Policies?: { PolicyDocument?: { Statement?: { Effect?: string; Action?: unknown }[] } }[] } }
        | undefined;
      if (!role) return undefined;
      return (role.Properties?.Policies ?? []).flatMap((p) =>
        (p.PolicyDocument?.Statement ?? [])
          .filter((s) => s.Effect === "Allow")
          .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).filter((a) => typeof a === "string")),
      );
    },
    async pluginOnPath() {
      for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
        try {
          await access(join(dir, PLUGIN), constants.X_OK);
          return true;
        } catch {
          // not in this directory
        }
      }
      return false;
    },
    async connect(request) {
      const { sdk, client } = await ecs();
      const out = await client.send(
        new sdk.ExecuteCommandCommand({
          cluster: request.cluster,
          task: request.taskArn,
          container: request.container,
          command: request.command,
          interactive: true,
        }),
      );
      const region = await client.config.region();
      const taskId = request.taskArn.split("/").pop();
      // The AWS CLI's hand-over: the session, the region, StartSession, the profile, the target, the SSM endpoint
      // (awscli/customizations/ecs/executecommand.py).
      const args = [
        JSON.stringify({
          SessionId: out.session?.sessionId,
          StreamUrl: out.session?.streamUrl,
          TokenValue: out.session?.tokenValue,
        }),
        region,
        "StartSession",
        settings.profile ?? "",
        JSON.stringify({ Target: `ecs:${request.cluster}_${taskId}_${request.runtimeId}` }),
        `https://ssm.${region}.amazonaws.com`,
      ];
      return new Promise<number>((done, fail) => {
        // Ctrl-C belongs to the remote shell: the plugin forwards it, berth must not die of it.
        const ignore = () => {};
        process.on("SIGINT", ignore);
        const child = spawn(PLUGIN, args, { stdio: "inherit" });
        child.on("error", fail);
        child.on("close", (code) => {
          process.off("SIGINT", ignore);
          done(code ?? 1);
        });
      });
    },
  });
}

function taskFacts(task: SdkTask): TaskFacts {
  return {
    taskArn: task.taskArn ?? "",
    lastStatus: task.lastStatus ?? "UNKNOWN",
    ...(task.group ? { group: task.group } : {}),
    enableExecuteCommand: task.enableExecuteCommand === true,
    ...(task.launchType ? { launchType: task.launchType } : {}),
    ...(task.platformVersion ? { platformVersion: task.platformVersion } : {}),
    containers: (task.containers ?? []).map((c) => {
      const agent = c.managedAgents?.find((a) => a.name === "ExecuteCommandAgent");
      return {
        name: c.name ?? "",
        ...(c.runtimeId ? { runtimeId: c.runtimeId } : {}),
        ...(agent
          ? { agent: { lastStatus: agent.lastStatus ?? "UNKNOWN", ...(agent.reason ? { reason: agent.reason } : {}) } }
          : {}),
      };
    }),
  };
}
