import { describe, expect, test } from "vitest";
import type { CloudFormationPort } from "../../src/deployers/infrastructure/cloudformation-port.js";
import { destroyEnvironment, type DestroyPorts } from "../../src/deployers/destroy-environment.js";
import { instantClock } from "../helpers/instant-clock.js";
import { manifestOf } from "../render/helpers.js";

const MANIFEST = "app: shop\nservices:\n  worker: { image: nginx }\n";

/** A live environment whose every call is logged in order; the teardown update ends as `updateEnds`. */
function environment(updateEnds: "UPDATE_COMPLETE" | "UPDATE_ROLLBACK_COMPLETE") {
  const calls: string[] = [];
  let status: string | undefined = "UPDATE_COMPLETE";
  const cloudFormation: CloudFormationPort = {
    describeStack: async () =>
      status ? { stackId: "shop-default", status, outputs: { ClusterName: "shop-default" } } : undefined,
    createChangeSet: async () => void calls.push("create change set"),
    describeChangeSet: async () => ({
      status: "CREATE_COMPLETE",
      changes: [{ action: "Modify", logicalId: "Logs", resourceType: "AWS::Logs::LogGroup", replacement: "False" }],
    }),
    executeChangeSet: async () => {
      calls.push("teardown update");
      status = updateEnds;
    },
    deleteChangeSet: async () => void calls.push("delete change set"),
    deleteStack: async () => {
      calls.push("delete stack");
      status = undefined;
    },
    continueUpdateRollback: async () => void calls.push("continue rollback"),
    describeStackEvents: async () => [],
    listStackResources: async () => [],
    listStackNames: async () => [],
  };
  const ports: DestroyPorts = {
    cloudFormation,
    listenerRules: { describeRuleWeights: async () => ({}) },
    services: {
      removeServices: async () => (calls.push("remove services"), ["worker"]),
      listServices: async () => ["worker"],
      removeService: async () => void calls.push("remove service"),
    },
    buckets: { empty: async () => void calls.push("empty bucket") },
    leftovers: {
      removeScaling: async () => void calls.push("remove scaling"),
      deleteAlarms: async () => void calls.push("delete alarms"),
      deregisterFamily: async () => (calls.push("deregister task definitions"), 0),
    },
  };
  return { ports, calls };
}

const options = { confirm: async () => true, clock: instantClock(), pollMs: 1, deleteData: false };

describe("the order of berth destroy", () => {
  test("the teardown update comes first, then the services, then the stack", async () => {
    const env = environment("UPDATE_COMPLETE");
    expect(await destroyEnvironment(manifestOf(MANIFEST), env.ports, options)).toMatchObject({
      result: "destroyed",
      services: ["worker"],
    });
    expect(env.calls.filter((c) => !c.includes("change set"))).toEqual([
      "teardown update",
      "remove services",
      "remove scaling",
      "deregister task definitions",
      "delete alarms",
      // The dashboard's stack (this fake answers every name with a stack), then the environment's.
      "delete stack",
      "delete stack",
    ]);
  });

  test("a failed teardown update leaves every service running and the stack in place", async () => {
    const env = environment("UPDATE_ROLLBACK_COMPLETE");
    expect(await destroyEnvironment(manifestOf(MANIFEST), env.ports, options)).toMatchObject({
      result: "failed",
      services: [],
    });
    expect(env.calls).not.toContain("remove services");
    expect(env.calls).not.toContain("delete stack");
  });

  test("a declined teardown update leaves every service running", async () => {
    const env = environment("UPDATE_COMPLETE");
    const m = manifestOf("app: shop\nservices:\n  worker: { image: nginx }\nbuckets: { files: {} }\n");
    // Deleting the data replaces nothing, but removing a bucket's retention is confirmed like data loss.
    env.ports.cloudFormation.describeChangeSet = async () => ({
      status: "CREATE_COMPLETE",
      changes: [{ action: "Remove", logicalId: "Files", resourceType: "AWS::S3::Bucket" }],
    });
    expect(await destroyEnvironment(m, env.ports, { ...options, confirm: async () => false })).toMatchObject({
      result: "failed",
      step: { result: "declined" },
    });
    expect(env.calls).not.toContain("remove services");
  });

  test("an override that no longer applies is a manifest problem, reported before any AWS call", async () => {
    const env = environment("UPDATE_COMPLETE");
    const m = manifestOf(`${MANIFEST}overrides:\n  - { op: replace, path: /Resources/Gone/Properties/X, value: 1 }\n`);
    const outcome = await destroyEnvironment(
      m,
      {
        ...env.ports,
        cloudFormation: { ...env.ports.cloudFormation, describeStack: async () => expect.fail("AWS was called") },
      },
      options,
    );
    expect(outcome).toMatchObject({ result: "invalid", problems: [{ path: expect.stringContaining("overrides") }] });
  });
});

test("a manifest problem found by destroy exits 2, like validate", async () => {
  const { reportDestroyed } = await import("../../src/ui/destroy-report.js");
  const notes: string[] = [];
  const out = {
    json: false,
    github: false,
    color: false,
    line: (t: string) => notes.push(t),
    note: (t: string) => notes.push(t),
  };
  const problem = {
    file: "berth.yml",
    line: 4,
    col: 5,
    path: "overrides[0].path",
    message: "/Resources/Gone does not exist in the rendered template",
  };
  expect(reportDestroyed({ result: "invalid", stackName: "shop-default", problems: [problem] }, out)).toBe(2);
  expect(notes[0]).toContain("berth.yml:4:5: overrides[0].path");
});
