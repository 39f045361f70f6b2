import { describe, expect, test } from "vitest";
import { isEmptyChangeSet, summarizeChanges } from "../../src/deployers/infrastructure/change-summary.js";
import type { StackEvent } from "../../src/deployers/infrastructure/cloudformation-port.js";
import { eventsAfter, resourcesToSkip, rootCause } from "../../src/deployers/infrastructure/root-cause.js";
import { planForStackStatus } from "../../src/deployers/infrastructure/stack-plan.js";

let sequence = 0;
function event(logicalId: string, status: string, reason?: string, resourceType = "AWS::SQS::Queue"): StackEvent {
  sequence += 1;
  return {
    eventId: `e${sequence}`,
    timestamp: new Date(sequence * 1000),
    logicalId,
    resourceType,
    status,
    ...(reason ? { reason } : {}),
  };
}

describe("what to do with a stack, from its status", () => {
  test.each([
    [undefined, "create"],
    ["REVIEW_IN_PROGRESS", "create"],
    ["CREATE_COMPLETE", "update"],
    ["UPDATE_ROLLBACK_COMPLETE", "update"],
    ["ROLLBACK_COMPLETE", "recreate"],
    ["UPDATE_ROLLBACK_FAILED", "continue-rollback"],
    ["UPDATE_IN_PROGRESS", "wait"],
    ["UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "wait"],
    ["DELETE_FAILED", "stop"],
    ["ROLLBACK_FAILED", "stop"],
  ])("a stack in %s calls for %s", (status, kind) => {
    expect(planForStackStatus(status).kind).toBe(kind);
  });
});

describe("root cause of a failed operation", () => {
  test("is the first failed resource, not the rollback messages that follow it", () => {
    const events = [
      event("stack", "UPDATE_IN_PROGRESS", "User Initiated", "AWS::CloudFormation::Stack"),
      event("Db", "UPDATE_FAILED", "Invalid DB engine version 99"),
      event("Jobs", "UPDATE_FAILED", "Resource update cancelled"),
      event(
        "stack",
        "UPDATE_ROLLBACK_IN_PROGRESS",
        "The following resource(s) failed to update: [Db, Jobs].",
        "AWS::CloudFormation::Stack",
      ),
      event("Jobs", "UPDATE_FAILED", "Queue is busy"),
    ];
    expect(rootCause(events)).toMatchObject({ logicalId: "Db", reason: "Invalid DB engine version 99" });
  });

  test("skips cancellations even when they come first", () => {
    const events = [
      event("Jobs", "CREATE_FAILED", "Resource creation cancelled"),
      event("Db", "CREATE_FAILED", "quota exceeded"),
    ];
    expect(rootCause(events)?.logicalId).toBe("Db");
  });

  test("falls back to the stack's own failure when no resource failed", () => {
    const events = [
      event("app", "UPDATE_ROLLBACK_IN_PROGRESS", "Parameter validation failed", "AWS::CloudFormation::Stack"),
      event("app", "UPDATE_FAILED", "Template error", "AWS::CloudFormation::Stack"),
    ];
    expect(rootCause(events)).toMatchObject({ logicalId: "app", reason: "Template error" });
  });

  test("only events newer than the last one seen belong to the operation", () => {
    const older = event("Jobs", "CREATE_FAILED", "old failure");
    const newer = event("Db", "UPDATE_FAILED", "new failure");
    expect(eventsAfter([newer, older], older.eventId)).toEqual([newer]);
  });
});

describe("resources ContinueUpdateRollback may skip", () => {
  test("are those whose rollback failed, not those whose update was cancelled", () => {
    const skip = resourcesToSkip([
      { logicalId: "Db", resourceType: "AWS::RDS::DBCluster", status: "UPDATE_FAILED", reason: "DB cluster not found" },
      {
        logicalId: "Jobs",
        resourceType: "AWS::SQS::Queue",
        status: "UPDATE_FAILED",
        reason: "Resource update cancelled",
      },
      { logicalId: "Logs", resourceType: "AWS::Logs::LogGroup", status: "UPDATE_COMPLETE" },
    ]);
    expect(skip.map((r) => r.logicalId)).toEqual(["Db"]);
  });
});

describe("change summary", () => {
  test("flags a replaced database and a removed bucket as data loss", () => {
    const summary = summarizeChanges([
      { action: "Modify", logicalId: "Db", resourceType: "AWS::RDS::DBCluster", replacement: "True" },
      { action: "Remove", logicalId: "Uploads", resourceType: "AWS::S3::Bucket" },
      { action: "Remove", logicalId: "Logs", resourceType: "AWS::Logs::LogGroup" },
      { action: "Add", logicalId: "Jobs", resourceType: "AWS::SQS::Queue" },
    ]);
    expect(summary.risky).toEqual([
      { logicalId: "Db", resourceType: "AWS::RDS::DBCluster", effect: "replaced" },
      { logicalId: "Uploads", resourceType: "AWS::S3::Bucket", effect: "removed" },
    ]);
    expect(summary.replaced.map((c) => c.logicalId)).toEqual(["Db"]);
    expect(summary.added.map((c) => c.logicalId)).toEqual(["Jobs"]);
  });

  test("a conditional replacement of a stateful resource is flagged as possible data loss", () => {
    const summary = summarizeChanges([
      { action: "Modify", logicalId: "Media", resourceType: "AWS::EFS::FileSystem", replacement: "Conditional" },
    ]);
    expect(summary.risky).toEqual([
      { logicalId: "Media", resourceType: "AWS::EFS::FileSystem", effect: "may be replaced" },
    ]);
  });

  test("replacing a stateless resource is not data loss", () => {
    expect(
      summarizeChanges([{ action: "Modify", logicalId: "Role", resourceType: "AWS::IAM::Role", replacement: "True" }])
        .risky,
    ).toEqual([]);
  });
});

describe("empty change sets", () => {
  test("AWS's FAILED 'didn't contain changes' change set is empty", () => {
    expect(
      isEmptyChangeSet({
        status: "FAILED",
        statusReason:
          "The submitted information didn't contain changes. Submit different information to create a change set.",
        changes: [],
      }),
    ).toBe(true);
  });

  test("an emulator's AVAILABLE change set with no changes is empty", () => {
    expect(isEmptyChangeSet({ status: "CREATE_COMPLETE", executionStatus: "AVAILABLE", changes: [] })).toBe(true);
  });

  test("a change set that failed for another reason is not empty", () => {
    expect(isEmptyChangeSet({ status: "FAILED", statusReason: "Template format error", changes: [] })).toBe(false);
  });
});
