import { describe, expect, test } from "vitest";
import type { DeploymentState, ReleasePort } from "../../../src/deployers/release/release-port.js";
import { shop, SimulatedWorld } from "./simulated-world.js";

class Killed extends Error {}

/** The port as berth sees it until it is killed: the call `when` names throws, and nothing after it happens. */
function killedAt(
  port: ReleasePort,
  when: "after register" | "after update" | "at the pause" | "during bake",
): ReleasePort {
  let dead = false;
  const die = () => {
    dead = true;
    throw new Killed(when);
  };
  const alive = <T>(value: T): T => (dead ? die() : value);
  return {
    ...port,
    describeService: async (...a) => alive(await port.describeService(...a)),
    listDeployments: async (...a) => alive(await port.listDeployments(...a)),
    registerTaskDefinition: async (...a) => {
      const arn = alive(await port.registerTaskDefinition(...a));
      return when === "after register" ? die() : arn;
    },
    updateService: async (...a) => {
      alive(await port.updateService(...a));
      if (when === "after update") die();
    },
    describeDeployment: async (arn) => {
      const state: DeploymentState | undefined = alive(await port.describeDeployment(arn));
      if (when === "at the pause" && state?.hooks.some((h) => h.status === "AWAITING_ACTION")) die();
      if (when === "during bake" && state?.stage === "BAKE_TIME") die();
      return state;
    },
  };
}

async function servingVersion1() {
  const world = new SimulatedWorld();
  await world.release(shop("1"), "web");
  return world;
}

describe("berth killed during a release, then deploy run again", () => {
  for (const step of ["after register", "after update", "at the pause", "during bake"] as const) {
    test(`killed ${step}: the rerun converges on the new version and says released`, async () => {
      const world = await servingVersion1();
      await expect(world.release(shop("2"), "web", { port: killedAt(world.port(), step) })).rejects.toThrow(Killed);
      world.sim.clock.advance(5_000);
      const rerun = await world.release(shop("2"), "web");
      expect(rerun.result).toBe("released");
      expect(world.versionOf(world.serving("web"))).toBe("2");
      expect(world.violations).toEqual([]);
    });
  }

  test("killed at the pause and rerun after ECS's hook timeout rolled it back: the version is released again", async () => {
    const world = await servingVersion1();
    await expect(world.release(shop("2"), "web", { port: killedAt(world.port(), "at the pause") })).rejects.toThrow(
      Killed,
    );
    world.sim.clock.advance(20 * 60_000);
    expect(world.versionOf(world.serving("web"))).toBe("1");
    const rerun = await world.release(shop("2"), "web");
    expect(rerun.result).toBe("released");
    expect(world.versionOf(world.serving("web"))).toBe("2");
  });

  test("a rerun of an unchanged manifest while the release waits at the pause is never reported unchanged", async () => {
    const world = await servingVersion1();
    await expect(world.release(shop("2"), "web", { port: killedAt(world.port(), "at the pause") })).rejects.toThrow(
      Killed,
    );
    const rerun = await world.release(shop("2"), "web");
    expect(rerun).toMatchObject({ result: "released", reason: expect.stringMatching(/earlier deploy/) });
  });
});

describe("a version ECS rolled back", () => {
  test("deployed again is released again, not reported unchanged", async () => {
    const world = await servingVersion1();
    world.faults["2"] = "unhealthy";
    expect((await world.release(shop("2"), "web")).result).toBe("rolled-back");
    delete world.faults["2"];
    expect((await world.release(shop("2"), "web")).result).toBe("released");
    expect(world.versionOf(world.serving("web"))).toBe("2");
  });

  test("deployed again while it still fails is rolled back again, with exit-worthy result", async () => {
    const world = await servingVersion1();
    world.faults["2"] = "unhealthy";
    await world.release(shop("2"), "web");
    expect((await world.release(shop("2"), "web")).result).toBe("rolled-back");
  });
});

describe("two deploys of one environment at once", () => {
  test("neither reports a version that never served", async () => {
    const world = await servingVersion1();
    const outcomes = await Promise.all([world.release(shop("2"), "web"), world.release(shop("3"), "web")]);
    const servedEver = new Set(
      world.sim
        .listServiceDeployments({ cluster: "shop-default", service: "web", status: ["SUCCESSFUL"] })
        .serviceDeployments.map(
          (d) =>
            world.sim.describeServiceRevisions({ serviceRevisionArns: [d.targetServiceRevisionArn] })
              .serviceRevisions[0]?.taskDefinition,
        ),
    );
    for (const outcome of outcomes.filter((o) => o.result === "released"))
      expect(servedEver).toContain(outcome.taskDefinition);
    expect(outcomes.some((o) => o.result === "released")).toBe(true);
    expect(world.violations).toEqual([]);
  });

  test("the deploy whose deployment was superseded says so and does not succeed", async () => {
    const world = await servingVersion1();
    const [first, second] = await Promise.all([world.release(shop("2"), "web"), world.release(shop("3"), "web")]);
    const superseded = [first, second].find((o) => o?.result !== "released");
    expect(superseded).toMatchObject({ result: "failed", reason: expect.stringMatching(/Superseded/) });
  });
});

describe("deploying again after destroy", () => {
  async function destroyedAfterVersion2() {
    const world = await servingVersion1();
    await world.release(shop("2"), "web");
    world.sim.deleteService({ cluster: "shop-default", service: "web" });
    world.sim.clock.advance(60_000);
    return world;
  }

  test("creates the service and follows its new deployment, not a stale one", async () => {
    const world = await destroyedAfterVersion2();
    const outcome = await world.release(shop("2"), "web");
    expect(outcome.result).toBe("released");
    expect(world.serving("web")).toBe(outcome.taskDefinition);
  });

  test("a first deployment that fails after destroy is reported failed, and the rerun is not unchanged", async () => {
    const world = await destroyedAfterVersion2();
    world.faults["2"] = "crash";
    expect((await world.release(shop("2"), "web")).result).toBe("failed");
    const rerun = await world.release(shop("2"), "web");
    expect(rerun.result).not.toBe("unchanged");
  });
});
