// A release task on the sandbox's one-off task simulation, against the task's own lifetime
// there (provisioning, image pull, the command, deprovisioning): what berth adds to run,
// follow and read it, in simulated time (its polling lag) and wall time (its own work); and
// the RunTask calls a deploy of a version that already serves makes (none).
import { performance } from "node:perf_hooks";
import type { OneOffTaskPort } from "../src/deployers/one-off/one-off-port.js";
import { runReleaseTasks } from "../src/deployers/one-off/release-gate.js";
import { releaseContext } from "../src/deployers/release/release-environment.js";
import type { Manifest } from "../src/manifest/types.js";
import { ONE_OFF_TIMING, OneOffTasks } from "../src/sandbox/simulator/one-off-tasks.js";
import { manifestOf } from "../test/render/helpers.js";
import { releaseInputs, SimulatedWorld } from "../test/deployers/release/simulated-world.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const LIFETIME_MS =
  ONE_OFF_TIMING.provisionMs + ONE_OFF_TIMING.pullMs + ONE_OFF_TIMING.runMs + ONE_OFF_TIMING.deprovisionMs;

const shop = (version: string): Manifest =>
  manifestOf(
    `app: shop\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, release: [python, manage.py, migrate], env: { RELEASE: "${version}" } }\n`,
  );

/** The sandbox's one-off tasks as berth's port sees them, on the world's clock, each call counted. */
function simulatedTasks(world: SimulatedWorld, calls: string[]): OneOffTaskPort {
  const tasks = new OneOffTasks(world.sim.clock, "us-east-1");
  const streams = new Map<string, string[]>();
  const collect = () => {
    for (const line of tasks.takeLogs()) {
      const stream = `web/${line.container}/${line.taskArn.slice(line.taskArn.lastIndexOf("/") + 1)}`;
      streams.set(stream, [...(streams.get(stream) ?? []), line.message]);
    }
  };
  return {
    async runTask(request) {
      calls.push("RunTask");
      const input = { cluster: request.cluster, taskDefinition: request.taskDefinition };
      const answer = tasks.runTask(
        { ...input, overrides: { containerOverrides: [{ name: request.container, command: request.command }] } },
        [{ name: request.container }],
      );
      return { taskArn: answer.tasks[0]!.taskArn };
    },
    async describeTask(_cluster, taskArn) {
      calls.push("DescribeTasks");
      const task = tasks.describeTasks({ tasks: [taskArn] })?.tasks[0];
      if (!task) return undefined;
      const exitCode = task.containers[0]?.exitCode;
      return {
        taskArn,
        lastStatus: task.lastStatus,
        ...(task.stopCode ? { stopCode: task.stopCode } : {}),
        ...(exitCode !== undefined ? { exitCode } : {}),
      };
    },
    async stopTask(_cluster, task, reason) {
      calls.push("StopTask");
      tasks.stopTask({ task, reason });
    },
    async servicePlacement() {
      return {};
    },
    async readLog(_group, stream, token) {
      calls.push("GetLogEvents");
      collect();
      const from = Number(token ?? 0);
      const lines = (streams.get(stream) ?? []).slice(from);
      return { lines, token: String(from + lines.length) };
    },
  };
}

export interface ReleaseTaskOverhead {
  /** Simulated time beyond the task's own lifetime (berth's polling lag). */
  lagMs: number;
  /** Wall time berth spent (its own work; simulated time costs none). */
  cpuMs: number;
  byOperation: Record<string, number>;
  /** RunTask calls of a second deploy of the same version. */
  unchangedRunTasks: number;
}

export async function measureReleaseTaskOverhead(): Promise<ReleaseTaskOverhead> {
  const world = new SimulatedWorld();
  await world.release(shop("1"), "web");
  const calls: string[] = [];
  const port = simulatedTasks(world, calls);
  const gate = async (m: Manifest) => {
    const { rendered, values } = releaseInputs(m);
    const ctx = releaseContext(m, { clock: world.sim.clock });
    return runReleaseTasks(m, rendered, values, { release: world.port(), tasks: port }, ctx, ["web"]);
  };
  const start = world.sim.clock.now();
  const wall = performance.now();
  const result = await gate(shop("2"));
  const cpuMs = performance.now() - wall;
  if (!result.ok) throw new Error(`the release task failed: ${result.outcomes[0]?.reason}`);
  const lagMs = world.sim.clock.now() - start - LIFETIME_MS;
  const byOperation: Record<string, number> = {};
  for (const call of calls) byOperation[call] = (byOperation[call] ?? 0) + 1;
  // The version released: a deploy of it again runs no release task.
  await world.release(shop("2"), "web");
  calls.length = 0;
  await gate(shop("2"));
  return { lagMs, cpuMs, byOperation, unchangedRunTasks: calls.filter((c) => c === "RunTask").length };
}
