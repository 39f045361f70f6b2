import { describe, expect, test } from "vitest";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { listenerRules } from "../../src/aws/listener-rules.js";
import { ecsServices, releaseLeftovers, s3Buckets } from "../../src/aws/teardown-ports.js";
import { awsEnvironmentPorts, planPorts } from "../../src/commands/environment-ports.js";
import { planEnvironment } from "../../src/deployers/plan/plan-environment.js";
import { deployEnvironment, type EnvironmentOutcome } from "../../src/deployers/deploy-environment.js";
import { destroyEnvironment } from "../../src/deployers/destroy-environment.js";
import type { Manifest } from "../../src/manifest/types.js";
import { reportEnvironmentOutcome } from "../../src/ui/deploy-report.js";
import type { Output } from "../../src/ui/output.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";

const sandboxNow = useSandbox();
const aws = () => ({ region: sandboxNow().region, endpoint: sandboxNow().endpoint });

/** Two web services and workers, as many as asked; `extra` goes at the end of the manifest (overrides). */
function fleet(app: string, workers: number, interval = 5, extra = ""): Manifest {
  const web = (name: string) =>
    `  ${name}: { image: "${IMAGE}", port: 80, http: { path: /${name}/*, healthcheck: { interval: ${interval} } }, deploy: { bake: 0m } }\n`;
  const worker = (name: string) => `  ${name}: { image: "${IMAGE}" }\n`;
  const names = Array.from({ length: workers }, (_, i) => `w${i + 1}`);
  return manifestOf(`app: ${app}\nservices:\n${web("a")}${web("b")}${names.map(worker).join("")}${extra}`);
}

/** Every call berth makes through a port, as `port.method stack-or-service`. */
function counted<T extends object>(target: T, calls: string[], path: string): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value = Reflect.get(object, key, receiver) as unknown;
      const name = `${path}.${String(key)}`;
      if (typeof value === "function")
        return (...args: unknown[]) => {
          calls.push(`${name} ${typeof args[0] === "string" ? args[0] : ""}`.trim());
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      return value && typeof value === "object" ? counted(value, calls, name) : value;
    },
  });
}

function deploy(m: Manifest, calls: string[] = []) {
  const ports = counted(
    awsEnvironmentPorts(awsImageRequest(m, aws()), () => {}),
    calls,
    "ports",
  );
  return deployEnvironment(m, ports, {
    confirm: async () => true,
    clock: simulatedClock(sandboxNow),
    pollMs: 1,
    releasePollMs: 5_000,
  });
}

const results = (outcome: EnvironmentOutcome) => Object.fromEntries(outcome.stacks.map((s) => [s.stackName, s.result]));
const released = (outcome: EnvironmentOutcome) =>
  Object.fromEntries((outcome.releases ?? []).map((r) => [r.service, r.result]));

describe("an application of four services, a stack each", () => {
  test("the first deploy creates the environment stack, then a stack per service, and releases every service", async () => {
    const outcome = await deploy(fleet("fleet", 2));
    expect(results(outcome)).toEqual({
      "fleet-app": "created",
      "fleet-default": "created",
      "fleet-default-a": "created",
      "fleet-default-b": "created",
      "fleet-default-w1": "created",
      "fleet-default-w2": "created",
      "fleet-default--dashboard": "created",
    });
    expect(Object.values(released(outcome))).toEqual(["released", "released", "released", "released"]);
  });

  test("a change to one service's wiring makes a change set for its stack alone", async () => {
    const calls: string[] = [];
    const m = fleet(
      "fleet",
      2,
      5,
      "overrides:\n  - { op: replace, path: /Resources/BTargetGroupA/Properties/HealthCheckTimeoutSeconds, value: 3 }\n",
    );
    const outcome = await deploy(m, calls);
    expect(results(outcome)).toMatchObject({
      "fleet-default": "unchanged",
      "fleet-default-a": "unchanged",
      "fleet-default-b": "updated",
      "fleet-default-w1": "unchanged",
      "fleet-default-w2": "unchanged",
    });
    const changeSets = calls.filter((c) => c.startsWith("ports.cloudFormation.createChangeSet"));
    expect(changeSets).toHaveLength(3); // the app stack, the environment stack, and b's
    expect(outcome.ok).toBe(true);
  });
});

/**
 * Every service stack changes (a new security-group description); `reason` makes b's fail in
 * the sandbox. The environment opts out of one version (deploy.atomic), so the services whose
 * stacks updated stay released (test/deployers/release/one-version.test.ts has the default).
 */
const failing = (reason?: string) =>
  [
    "deploy: { atomic: false }",
    "overrides:",
    ...["A", "B", "W1", "W2"].map(
      (id) => `  - { op: replace, path: /Resources/${id}SecurityGroup/Properties/GroupDescription, value: "${id} v2" }`,
    ),
    ...(reason
      ? [`  - { op: add, path: /Resources/BSecurityGroup/Metadata, value: { BerthSandboxFail: "${reason}" } }`]
      : []),
    "",
  ].join("\n");
const REASON = "Resource handler returned message: The maximum number of security groups has been reached";

describe("service stacks updating side by side, one failing", () => {
  test("the others finish and release; the failed stack rolls back alone, its service keeps serving, the deploy fails with the root cause", async () => {
    const before = await ecsServices(aws()).listServices("fleet-default");
    expect(before).toContain("b");
    const outcome = await deploy(fleet("fleet", 2, 5, failing(REASON)));
    expect(results(outcome)).toMatchObject({
      "fleet-default-a": "updated",
      "fleet-default-b": "failed",
      "fleet-default-w1": "updated",
      "fleet-default-w2": "updated",
    });
    expect(outcome.stacks.find((s) => s.stackName === "fleet-default-b")).toMatchObject({
      status: "UPDATE_ROLLBACK_COMPLETE",
      rootCause: { logicalId: "BSecurityGroup", status: "UPDATE_FAILED", reason: REASON },
    });
    expect(released(outcome)).toEqual({ a: "released", b: "failed", w1: "released", w2: "released" });
    expect(outcome.mixed).toEqual(["a", "w1", "w2"]);
    expect(outcome.releases?.find((r) => r.service === "b")?.reason).toMatch(/not released: its stack fleet-default-b/);
    const stacks = cloudFormationPort(aws());
    expect((await stacks.describeStack("fleet-default-b"))?.status).toBe("UPDATE_ROLLBACK_COMPLETE");
    expect((await stacks.describeStack("fleet-default-a"))?.status).toBe("UPDATE_COMPLETE");
    expect(await ecsServices(aws()).listServices("fleet-default")).toContain("b");

    const printed: string[] = [];
    const out: Output = {
      json: false,
      github: false,
      color: false,
      line: (t) => void printed.push(t),
      note: (t) => void printed.push(t),
    };
    expect(reportEnvironmentOutcome(outcome, fleet("fleet", 2), 1_000, out, "berth deploy")).toBe(1);
    expect(printed).toContain(`      cause: BSecurityGroup (AWS::EC2::SecurityGroup) UPDATE_FAILED: ${REASON}`);
  });

  test("rerun once the cause is fixed, the failed stack updates and its service is released", async () => {
    const outcome = await deploy(fleet("fleet", 2, 5, failing()));
    expect(results(outcome)).toMatchObject({
      "fleet-default-a": "unchanged",
      "fleet-default-b": "updated",
      "fleet-default-w1": "unchanged",
      "fleet-default-w2": "unchanged",
    });
    expect(released(outcome)).toEqual({ a: "unchanged", b: "released", w1: "unchanged", w2: "unchanged" });
    expect(outcome.ok).toBe(true);
  });
});

describe("a deploy with nothing changed", () => {
  /** The calls of a second, unchanged deploy of an app with this many workers (and two web services). */
  async function unchangedDeployCalls(app: string, workers: number): Promise<string[]> {
    await deploy(fleet(app, workers));
    const calls: string[] = [];
    const outcome = await deploy(fleet(app, workers), calls);
    expect(outcome.stacks.every((s) => s.result === "unchanged")).toBe(true);
    return calls;
  }

  test("updates no stack and makes the same number of calls for every service more", async () => {
    const [two, four, six] = [
      await unchangedDeployCalls("calls2", 0),
      await unchangedDeployCalls("calls4", 2),
      await unchangedDeployCalls("calls6", 4),
    ];
    expect(six.length - four.length).toBe(four.length - two.length);
    expect(six.filter((c) => /createChangeSet|executeChangeSet/.test(c) && c.includes("calls6-default-"))).toEqual([]);
    // One DescribeStacks per service stack, nothing else from CloudFormation about it.
    for (const service of ["a", "b", "w1", "w2", "w3", "w4"])
      expect(
        six.filter((c) => c.startsWith("ports.cloudFormation") && c.endsWith(`calls6-default-${service}`)),
      ).toEqual([`ports.cloudFormation.describeStack calls6-default-${service}`]);
  });
});

describe("diff", () => {
  test("shows each stack that would change, a new service's stack as its creation, and leaves no change set behind", async () => {
    // After the fixed rerun above: a and b change their health checks, w3 is new.
    const m = fleet("fleet", 3, 9, failing());
    const calls: string[] = [];
    const request = awsImageRequest(m, aws());
    const ports = counted(
      planPorts(
        request,
        awsEnvironmentPorts(request, () => {}, { readOnly: true }),
      ),
      calls,
      "ports",
    );
    const { outcome: planned } = await planEnvironment(m, ports, {
      keep: false,
      berthVersion: "test",
      clock: simulatedClock(sandboxNow),
      pollMs: 1,
    });
    expect(results(planned)).toEqual({
      "fleet-app": "unchanged",
      "fleet-default": "unchanged",
      "fleet-default-a": "planned",
      "fleet-default-b": "planned",
      "fleet-default-w1": "unchanged",
      "fleet-default-w2": "unchanged",
      "fleet-default-w3": "planned",
      // w3 is new: the dashboard's body gains its row.
      "fleet-default--dashboard": "planned",
    });
    expect(planned.stacks.find((s) => s.stackName === "fleet-default-w3")).toMatchObject({
      summary: { added: expect.arrayContaining([expect.objectContaining({ logicalId: "W3SecurityGroup" })]) },
    });
    expect(planned.releases).toBeUndefined();
    // Every change set the diff made was deleted unexecuted (moto's ListChangeSets ignores the stack, so count them).
    const made = calls.filter((c) => c.startsWith("ports.cloudFormation.createChangeSet"));
    const deleted = calls
      .filter((c) => c.startsWith("ports.cloudFormation.deleteChangeSet"))
      .map((c) => c.split(" ")[1]);
    expect(made).toHaveLength(5);
    expect(deleted.sort()).toEqual([
      "fleet-app",
      "fleet-default",
      "fleet-default--dashboard",
      "fleet-default-a",
      "fleet-default-b",
    ]);
    expect(calls.filter((c) => c.includes("executeChangeSet"))).toEqual([]);
    expect(await cloudFormationPort(aws()).describeStack("fleet-default-w3")).toBeUndefined();
  });
});

describe("destroy", () => {
  /** `berth destroy` of the manifest; `deleted` collects each stack deleted, in order. */
  function destroy(m: Manifest, deleted: string[] = []) {
    const stacks = cloudFormationPort(aws());
    return destroyEnvironment(
      m,
      {
        cloudFormation: { ...stacks, deleteStack: (name) => (deleted.push(name), stacks.deleteStack(name)) },
        listenerRules: listenerRules(aws()),
        services: ecsServices(aws()),
        buckets: s3Buckets(aws()),
        leftovers: releaseLeftovers(aws()),
      },
      { confirm: async () => true, clock: simulatedClock(sandboxNow), pollMs: 1, deleteData: false },
    );
  }

  test("deletes the dashboard's stack and every service stack before the environment stack", async () => {
    const m = fleet("fleet", 2);
    const deleted: string[] = [];
    const stacks = cloudFormationPort(aws());
    const outcome = await destroy(m, deleted);
    expect(outcome.result).toBe("destroyed");
    expect(deleted.shift()).toBe("fleet-default--dashboard");
    expect(deleted.slice(0, 4).sort()).toEqual([
      "fleet-default-a",
      "fleet-default-b",
      "fleet-default-w1",
      "fleet-default-w2",
    ]);
    expect(deleted.slice(4)).toEqual(["fleet-default"]);
    for (const name of ["fleet-default", "fleet-default-a", "fleet-default-w2"])
      expect(await stacks.describeStack(name)).toBeUndefined();
  });

  test("an interrupted destroy that left service stacks behind the environment stack is finished by the next", async () => {
    const m = fleet("left", 1);
    await deploy(m);
    const stacks = cloudFormationPort(aws());
    await stacks.deleteStack("left-default");
    // Someone else's stack with this environment's prefix stays.
    const other = manifestOf(`app: left\nenvironments: { default-eu: {} }\nservices:\n  a: { image: "${IMAGE}" }\n`, {
      env: "default-eu",
    });
    expect((await deploy(other)).ok).toBe(true);

    const deleted: string[] = [];
    const outcome = await destroy(m, deleted);
    expect(outcome).toMatchObject({
      result: "destroyed",
      leftStacks: ["left-default--dashboard", "left-default-a", "left-default-b", "left-default-w1"],
    });
    expect(deleted.sort()).toEqual(["left-default--dashboard", "left-default-a", "left-default-b", "left-default-w1"]);
    for (const name of ["left-default-a", "left-default-b", "left-default-w1"])
      expect(await stacks.describeStack(name)).toBeUndefined();
    expect(await stacks.describeStack("left-default-eu-a")).toBeDefined();
    expect(await destroy(m)).toEqual({ result: "absent", stackName: "left-default" });
  });
});
