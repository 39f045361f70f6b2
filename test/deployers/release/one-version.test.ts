import { describe, expect, test } from "vitest";
import type { ReleaseRecord } from "../../../src/deployers/history/release-record.js";
import { mixedServices, servicesToReturn } from "../../../src/deployers/release/one-version.js";
import { rollbackEnvironment } from "../../../src/deployers/rollback/rollback-environment.js";
import { releaseAll, releaseContext, returnAll } from "../../../src/deployers/release/release-environment.js";
import type { ReleaseEvent, ServiceOutcome } from "../../../src/deployers/release/release-service.js";
import type { Manifest } from "../../../src/manifest/types.js";
import { renderApplication } from "../../../src/render/render.js";
import { shop, SimulatedWorld } from "./simulated-world.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";

const outcome = (service: string, result: ServiceOutcome["result"], extra: Partial<ServiceOutcome> = {}) =>
  ({ service, result, ...extra }) as ServiceOutcome;

describe("which services return so the environment serves one version", () => {
  test("every service released while another rolled back returns; unchanged ones and new ones do not", () => {
    const outcomes = [
      outcome("web", "rolled-back"),
      outcome("worker", "released", { taskDefinition: "worker:2", previousTaskDefinition: "worker:1" }),
      outcome("beat", "unchanged", { taskDefinition: "beat:1" }),
      outcome("mailer", "released", { taskDefinition: "mailer:1" }),
    ];
    const { cause, returning } = servicesToReturn(outcomes);
    expect(cause?.service).toBe("web");
    expect(returning.map((o) => o.service)).toEqual(["worker"]);
    expect(mixedServices(outcomes)).toEqual(["worker", "mailer"]);
  });

  test("a deploy whose services all released, or all stayed, is one version", () => {
    const released = [outcome("web", "released", { taskDefinition: "web:2", previousTaskDefinition: "web:1" })];
    expect(servicesToReturn(released).returning).toEqual([]);
    expect(mixedServices(released)).toEqual([]);
    expect(mixedServices([outcome("web", "rolled-back"), outcome("worker", "unchanged")])).toEqual([]);
  });

  test("a service whose stack failed (not released) counts as staying behind", () => {
    const outcomes = [
      outcome("web", "failed", { reason: "not released: its stack did not update" }),
      outcome("worker", "released", { taskDefinition: "worker:2", previousTaskDefinition: "worker:1" }),
    ];
    expect(servicesToReturn(outcomes).returning.map((o) => o.service)).toEqual(["worker"]);
  });
});

/** `berth deploy`'s release step on the simulated world: every service, then the return to one version. */
async function deployServices(world: SimulatedWorld, m: Manifest, events: ReleaseEvent[] = []) {
  const rendered = renderApplication(m);
  if (!rendered.ok) throw new Error("manifest does not render");
  const ports = world.environmentPorts(m);
  const outputs = (await ports.cloudFormation.describeStack()).outputs;
  const releasing = { ...ports.release, rules: ports.listenerRules };
  const context = {
    ...releaseContext(m, { clock: world.sim.clock, releasePollMs: 1_000 }),
    emit: world.emitter(events),
  };
  const pushed = { images: { web: IMAGE, worker: IMAGE } };
  const released = await releaseAll(m, rendered.rendered, pushed, outputs, releasing, context, {});
  return returnAll(m, rendered.rendered, pushed, outputs, releasing, context, released);
}

const optedOut = (version: string) => ({ ...shop(version), atomic: false });

describe("a deploy whose web release fails its smoke check after the worker released", () => {
  test("the worker returns to the version before, so both serve version 1", async () => {
    const world = new SimulatedWorld();
    const first = await deployServices(world, shop("1"));
    const v1 = Object.fromEntries(first.map((o) => [o.service, o.taskDefinition]));
    world.smokeFails.add("2");
    const events: ReleaseEvent[] = [];
    const second = await deployServices(world, shop("2"), events);
    expect(second.find((o) => o.service === "web")).toMatchObject({ result: "rolled-back" });
    expect(second.find((o) => o.service === "worker")).toMatchObject({
      result: "rolled-back",
      reason: `returned to ${v1.worker?.split("/").pop()} because web rolled back: one version per environment (deploy.atomic)`,
      servingTaskDefinition: v1.worker,
    });
    expect(world.serving("web")).toBe(v1.web);
    expect(world.serving("worker")).toBe(v1.worker);
    expect(events).toContainEqual(expect.objectContaining({ type: "returning", service: "worker" }));
    expect(mixedServices(second)).toEqual([]);
  });

  test("with deploy.atomic: false the worker stays on version 2, and the environment is named mixed", async () => {
    const world = new SimulatedWorld();
    await deployServices(world, optedOut("1"));
    world.smokeFails.add("2");
    const second = await deployServices(world, optedOut("2"));
    const worker = second.find((o) => o.service === "worker");
    expect(worker).toMatchObject({ result: "released" });
    expect(world.serving("worker")).toBe(worker?.taskDefinition);
    expect(mixedServices(second)).toEqual(["worker"]);
  });
});

describe("berth rollback of a release in flight that a killed deploy left", () => {
  test("stops it, and returns the services that deploy had released to what served before it", async () => {
    const world = new SimulatedWorld();
    const first = await deployServices(world, shop("1"));
    const v1 = Object.fromEntries(first.map((o) => [o.service, o.taskDefinition]));
    const history: ReleaseRecord[] = [
      {
        id: "20261206-100000-0001",
        app: "shop",
        environment: "default",
        kind: "deploy",
        version: "1",
        who: "ana",
        host: "laptop",
        startedAt: "2026-12-06T10:00:00.000Z",
        outcome: "succeeded",
        services: first.map((o) => ({
          service: o.service,
          result: "released",
          taskDefinition: o.taskDefinition!,
          images: {},
        })),
      },
    ];
    // Version 2: the worker released, then berth killed while web waits at its pause hook.
    await world.release(shop("2"), "worker");
    const port = world.port();
    const paused = {
      ...port,
      describeDeployment: async (arn: string) => {
        const state = await port.describeDeployment(arn);
        if (state?.hooks.some((h) => h.status === "AWAITING_ACTION")) throw new Error("killed at the pause");
        return state;
      },
    };
    await expect(world.release(shop("2"), "web", { port: paused })).rejects.toThrow("killed");
    const plans: string[][] = [];
    const outcome = await rollbackEnvironment(
      shop("2"),
      {
        ...world.environmentPorts(shop("2")),
        history: { list: async () => history, get: async () => undefined, put: async () => undefined },
        preflight: { imageExists: async () => "exists" as const },
      },
      {
        confirm: async (plan) => {
          plans.push(plan);
          return true;
        },
        clock: world.sim.clock,
        releasePollMs: 1_000,
        onRelease: world.emitter(),
      },
    );
    expect(plans[0]).toContain("web: stop the release in flight with ROLLBACK");
    expect(plans[0]?.some((line) => line.startsWith("worker: moves from"))).toBe(true);
    expect(outcome.releases.map((r) => `${r.service} ${r.result}`)).toEqual(["web rolled-back", "worker released"]);
    expect(world.serving("web")).toBe(v1.web);
    expect(world.serving("worker")).toBe(v1.worker);
  });
});
