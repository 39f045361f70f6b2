// The release engine on the deployment simulator, against an ideal driver of the same
// deployment (one that answers the pause hook the moment it waits and notices the end at
// once): what berth adds beyond ECS's own waits, and the AWS calls it makes for it.
import { performance } from "node:perf_hooks";
import { shop, SimulatedWorld } from "../test/deployers/release/simulated-world.js";

export interface ReleaseOverhead {
  strategy: string;
  /** Simulated time the release took beyond the ideal driver's (berth's polling lag). */
  lagMs: number;
  /** Wall time beyond the ideal driver's (berth's own computation). */
  cpuMs: number;
  calls: number;
  byOperation: Record<string, number>;
}

const STRATEGIES: [string, string][] = [
  ["bluegreen", ""],
  ["canary", ", canary: { percent: 10, bake: 1m }"],
  ["linear", ", linear: { percent: 50, interval: 1m }"],
  ["rolling", ""],
];

async function servingVersion1(strategy: string, extra: string): Promise<SimulatedWorld> {
  const world = new SimulatedWorld();
  await world.release(shop("1", strategy, extra), "web");
  return world;
}

/** The same deployment driven ideally: the service updated directly, the hook continued at once. */
async function ideal(strategy: string, extra: string): Promise<{ virtualMs: number; wallMs: number }> {
  const world = await servingVersion1(strategy, extra);
  const sim = world.sim;
  const taskDefinition = [...world.taskDefinitions.keys()][0]!;
  const wall = performance.now();
  const start = sim.clock.now();
  sim.updateService({
    cluster: "shop-default",
    service: "web",
    taskDefinition: `${taskDefinition}-next`,
    forceNewDeployment: true,
  });
  const arn = sim.listServiceDeployments({ cluster: "shop-default", service: "web" }).serviceDeployments[0]!
    .serviceDeploymentArn;
  for (;;) {
    const d = sim.describeServiceDeployments({ serviceDeploymentArns: [arn] }).serviceDeployments[0]!;
    if (["SUCCESSFUL", "ROLLBACK_SUCCESSFUL", "STOPPED"].includes(d.status)) break;
    const hook = d.lifecycleHookDetails.find((h) => h.status === "AWAITING_ACTION");
    if (hook) sim.continueServiceDeployment({ serviceDeploymentArn: arn, hookId: hook.hookId, action: "CONTINUE" });
    else sim.clock.advance(1_000);
  }
  return { virtualMs: sim.clock.now() - start, wallMs: performance.now() - wall };
}

export async function measureReleaseOverhead(): Promise<ReleaseOverhead[]> {
  const results: ReleaseOverhead[] = [];
  for (const [strategy, extra] of STRATEGIES) {
    const baseline = await ideal(strategy, extra);
    const world = await servingVersion1(strategy, extra);
    const before = world.calls.length;
    const wall = performance.now();
    const start = world.sim.clock.now();
    const outcome = await world.release(shop("2", strategy, extra), "web");
    if (outcome.result !== "released")
      throw new Error(`${strategy}: the release ended ${outcome.result}: ${outcome.reason}`);
    const calls = world.calls.slice(before);
    const byOperation: Record<string, number> = {};
    for (const call of calls) byOperation[call] = (byOperation[call] ?? 0) + 1;
    results.push({
      strategy,
      lagMs: Math.max(0, world.sim.clock.now() - start - baseline.virtualMs),
      cpuMs: Math.max(0, performance.now() - wall - baseline.wallMs),
      calls: calls.length,
      byOperation,
    });
  }
  return results;
}
