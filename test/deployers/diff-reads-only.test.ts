import { CreateChangeSetCommand, DeleteChangeSetCommand, StackStatus } from "@aws-sdk/client-cloudformation";
import { afterEach, describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { planInfrastructure } from "../../src/deployers/infrastructure/plan-infrastructure.js";
import type { ChangeSetPlanningPort } from "../../src/deployers/infrastructure/change-set-planning-port.js";
import { instantClock } from "../helpers/instant-clock.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";
import { scriptedStack } from "./scripted-stack.js";

useDummyAwsCredentials();
let restore: (() => void) | undefined;
afterEach(() => restore?.());

// Calls that change nothing: reads, and change sets of diff's own that are deleted unexecuted
// (a change set is CloudFormation's way of answering "what would change").
const READ = /^(Describe|List|Get)/;
const OWN_CHANGE_SET = new Set(["CreateChangeSetCommand", "DeleteChangeSetCommand"]);
const TEMPLATE = "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n";

/** The SDK adapter as a plan gets it: no operation that executes, and only an abandoned review deleted. */
function planningPort(): ChangeSetPlanningPort {
  const {
    executeChangeSet: _execute,
    deleteStack,
    continueUpdateRollback: _rollback,
    ...reads
  } = cloudFormationPort({
    region: "us-east-1",
  });
  return { ...reads, deleteAbandonedReview: deleteStack };
}

async function diff(status: string | undefined) {
  const stack = scriptedStack("app", { status });
  restore = () => stack.mock.restore();
  const outcome = await planInfrastructure(
    planningPort(),
    { stackName: "app", templateBody: TEMPLATE },
    { clock: instantClock(), pollMs: 5_000, busyTimeoutMs: 60_000 },
  );
  const calls = stack.mock.calls().map((c) => (c.args[0] as object).constructor.name);
  return { outcome, calls, stack };
}

describe("berth diff changes nothing", () => {
  test.each([undefined, ...Object.values(StackStatus)])(
    "on a stack in %s, diff makes only read calls",
    async (status) => {
      const { calls, stack } = await diff(status);
      expect(calls.filter((name) => !READ.test(name) && !OWN_CHANGE_SET.has(name))).toEqual([]);
      const created = stack.mock.commandCalls(CreateChangeSetCommand);
      expect(stack.mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(created.length);
      // A CREATE change set makes the stack itself, unless it is already waiting for one.
      if (status !== "REVIEW_IN_PROGRESS")
        expect(created.map((c) => c.args[0].input.ChangeSetType)).not.toContain("CREATE");
    },
  );

  test("a stack that does not exist is shown as its whole template, without a change set", async () => {
    const { outcome, calls } = await diff(undefined);
    expect(outcome).toMatchObject({
      result: "planned",
      summary: { added: [{ logicalId: "Jobs", resourceType: "AWS::SQS::Queue" }] },
    });
    expect(calls).not.toContain("CreateChangeSetCommand");
  });

  test("a stack whose first creation rolled back is reported as one deploy would recreate", async () => {
    const { outcome } = await diff("ROLLBACK_COMPLETE");
    expect(outcome).toMatchObject({
      result: "planned",
      repair: { kind: "recreate" },
      summary: { added: [{ logicalId: "Jobs" }] },
    });
  });

  test("a stack whose rollback failed is reported as one deploy would first roll back, naming what it would skip", async () => {
    const stack = scriptedStack("app", { status: "UPDATE_ROLLBACK_FAILED" });
    stack.resources.push({
      LogicalResourceId: "Service",
      ResourceType: "AWS::ECS::Service",
      ResourceStatus: "UPDATE_FAILED",
      ResourceStatusReason: "Service was not stable",
    });
    restore = () => stack.mock.restore();
    const outcome = await planInfrastructure(
      planningPort(),
      { stackName: "app", templateBody: TEMPLATE },
      { clock: instantClock() },
    );
    expect(outcome).toMatchObject({
      result: "planned",
      repair: { kind: "continue-rollback", skipped: [{ logicalId: "Service", reason: "Service was not stable" }] },
    });
  });
});
