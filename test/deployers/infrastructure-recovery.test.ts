import {
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
} from "@aws-sdk/client-cloudformation";
import { afterEach, describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { deployInfrastructure } from "../../src/deployers/infrastructure/deploy-infrastructure.js";
import type { Confirmation, InfrastructureEvent } from "../../src/deployers/infrastructure/events.js";
import { instantClock } from "../helpers/instant-clock.js";
import { scriptedStack } from "./scripted-stack.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";

useDummyAwsCredentials();
let restore: (() => void) | undefined;
afterEach(() => restore?.());

function run(stackName: string, answer = true, extra: { busyTimeoutMs?: number } = {}) {
  const asked: Confirmation[] = [];
  const events: InfrastructureEvent[] = [];
  const clock = instantClock();
  const outcome = deployInfrastructure(
    cloudFormationPort({ region: "us-east-1" }),
    { stackName, templateBody: "{}" },
    {
      clock,
      pollMs: 5_000,
      emit: (e) => events.push(e),
      confirm: async (q) => (asked.push(q), answer),
      ...extra,
    },
  );
  return { outcome, asked, events, clock };
}

describe("infrastructure deployer on failing and stuck stacks", () => {
  test("a failed update reports the first failed resource, not the rollback message", async () => {
    const stack = scriptedStack("app", {
      status: "UPDATE_COMPLETE",
      events: [["Old", "CREATE_FAILED", "an old failure"]],
    });
    restore = () => stack.mock.restore();
    stack.script.execute.push(
      {
        status: "UPDATE_IN_PROGRESS",
        events: [
          ["app", "UPDATE_IN_PROGRESS", "User Initiated"],
          ["Jobs", "UPDATE_IN_PROGRESS"],
          ["Jobs", "UPDATE_FAILED", "Invalid value for VisibilityTimeout"],
          ["Dlq", "UPDATE_FAILED", "Resource update cancelled"],
        ],
      },
      {
        status: "UPDATE_ROLLBACK_IN_PROGRESS",
        events: [["app", "UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [Jobs, Dlq]."]],
      },
      { status: "UPDATE_ROLLBACK_COMPLETE", events: [["app", "UPDATE_ROLLBACK_COMPLETE"]] },
    );
    const { outcome, events } = run("app");
    expect(await outcome).toMatchObject({
      result: "failed",
      status: "UPDATE_ROLLBACK_COMPLETE",
      rootCause: { logicalId: "Jobs", reason: "Invalid value for VisibilityTimeout" },
    });
    expect(
      events
        .filter((e) => e.type === "resource-progress")
        .map((e) => e.type === "resource-progress" && e.event.logicalId),
    ).not.toContain("Old");
  });

  test("a stack whose first creation rolled back is deleted and created again once confirmed", async () => {
    const stack = scriptedStack("app", { status: "ROLLBACK_COMPLETE" });
    restore = () => stack.mock.restore();
    stack.script.delete.push(
      { status: "DELETE_IN_PROGRESS", events: [["app", "DELETE_IN_PROGRESS"]] },
      { status: undefined },
    );
    stack.script.execute.push(
      { status: "CREATE_IN_PROGRESS" },
      { status: "CREATE_COMPLETE", events: [["app", "CREATE_COMPLETE"]] },
    );
    const { outcome, asked, events } = run("app");
    expect(await outcome).toMatchObject({ result: "created" });
    expect(asked).toMatchObject([{ kind: "recreate", stackName: "app" }]);
    expect(events.some((e) => e.type === "recreating-stack")).toBe(true);
    expect(stack.mock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe("CREATE");
  });

  test("a stack whose first creation rolled back is left alone when recreation is declined", async () => {
    const stack = scriptedStack("app", { status: "ROLLBACK_COMPLETE" });
    restore = () => stack.mock.restore();
    expect(await run("app", false).outcome).toEqual({ result: "declined", stackName: "app" });
    expect(stack.mock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  test("a failed rollback is continued, skipping only the resources whose rollback failed", async () => {
    const stack = scriptedStack("app", { status: "UPDATE_ROLLBACK_FAILED" });
    restore = () => stack.mock.restore();
    stack.resources.push(
      {
        LogicalResourceId: "Service",
        ResourceType: "AWS::ECS::Service",
        ResourceStatus: "UPDATE_FAILED",
        ResourceStatusReason: "Service was not stable",
      },
      {
        LogicalResourceId: "Jobs",
        ResourceType: "AWS::SQS::Queue",
        ResourceStatus: "UPDATE_FAILED",
        ResourceStatusReason: "Resource update cancelled",
      },
      { LogicalResourceId: "Logs", ResourceType: "AWS::Logs::LogGroup", ResourceStatus: "UPDATE_COMPLETE" },
    );
    stack.script.continueRollback.push(
      { status: "UPDATE_ROLLBACK_IN_PROGRESS" },
      { status: "UPDATE_ROLLBACK_COMPLETE" },
    );
    stack.script.execute.push({ status: "UPDATE_COMPLETE" });
    const { outcome, events } = run("app");
    expect(await outcome).toMatchObject({ result: "updated" });
    expect(stack.mock.commandCalls(ContinueUpdateRollbackCommand)[0]?.args[0].input.ResourcesToSkip).toEqual([
      "Service",
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "continuing-rollback",
        skipped: [expect.objectContaining({ logicalId: "Service", reason: "Service was not stable" })],
      }),
    );
  });

  test("a stack busy beyond the timeout stops the deploy without touching it", async () => {
    const stack = scriptedStack("app", { status: "UPDATE_IN_PROGRESS" });
    restore = () => stack.mock.restore();
    const { outcome, clock } = run("app", true, { busyTimeoutMs: 60_000 });
    expect(await outcome).toMatchObject({ result: "busy", status: "UPDATE_IN_PROGRESS", waitedMs: 60_000 });
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(stack.mock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  test("a busy stack is waited for, then updated", async () => {
    const stack = scriptedStack("app", { status: "UPDATE_IN_PROGRESS" });
    restore = () => stack.mock.restore();
    // The planning read still sees it busy; the next poll sees the other operation end.
    stack.meanwhile({ status: "UPDATE_IN_PROGRESS" }, { status: "UPDATE_COMPLETE" });
    stack.script.execute.push({ status: "UPDATE_COMPLETE" });
    const { outcome, events } = run("app", true, { busyTimeoutMs: 60_000 });
    expect(await outcome).toMatchObject({ result: "updated" });
    expect(events[0]).toEqual({ type: "waiting-for-stack", stackName: "app", status: "UPDATE_IN_PROGRESS" });
  });

  test("a change set still being computed is polled, quickly at first, until it is ready", async () => {
    const stack = scriptedStack("app", { status: "UPDATE_COMPLETE" });
    restore = () => stack.mock.restore();
    stack.mock
      .on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: "CREATE_PENDING" })
      .resolvesOnce({ Status: "CREATE_IN_PROGRESS" })
      .resolves({ Status: "CREATE_COMPLETE", Changes: [] });
    const { outcome, clock } = run("app");
    expect(await outcome).toEqual({ result: "unchanged", stackName: "app" });
    expect(clock.slept).toEqual([250, 500]);
  });

  test("a change set refused for another reason fails with CloudFormation's reason and is deleted", async () => {
    const stack = scriptedStack("app", { status: "UPDATE_COMPLETE" });
    restore = () => stack.mock.restore();
    stack.mock
      .on(DescribeChangeSetCommand)
      .resolves({ Status: "FAILED", StatusReason: "Template format error: Unresolved resource dependencies [Vpc]" });
    expect(await run("app").outcome).toMatchObject({
      result: "failed",
      rootCause: { reason: expect.stringContaining("Unresolved resource dependencies") },
    });
    expect(stack.mock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(stack.mock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });
});
