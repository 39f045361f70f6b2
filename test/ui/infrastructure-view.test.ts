import { describe, expect, test } from "vitest";
import { summarizeChanges } from "../../src/deployers/infrastructure/change-summary.js";
import type { Confirmation } from "../../src/deployers/infrastructure/events.js";
import { EXIT } from "../../src/exit-codes.js";
import { confirmer } from "../../src/ui/confirm.js";
import { changeSummaryLines, reportInfrastructureOutcome } from "../../src/ui/infrastructure.js";
import type { Output } from "../../src/ui/output.js";

function recorder(): Output & { notes: string[] } {
  const notes: string[] = [];
  return { json: false, github: false, color: false, notes, line: (t) => notes.push(t), note: (t) => notes.push(t) };
}

const summary = summarizeChanges([
  { action: "Add", logicalId: "Jobs", resourceType: "AWS::SQS::Queue" },
  { action: "Remove", logicalId: "Uploads", resourceType: "AWS::S3::Bucket" },
]);
const dataLoss: Confirmation = { kind: "data-loss", stackName: "shop-prod", summary };

describe("infrastructure views", () => {
  test("the change summary counts changes and puts data loss first", () => {
    expect(changeSummaryLines(summary, recorder())).toEqual([
      "1 to add, 0 to modify, 0 to replace, 1 to remove",
      "  ! Uploads (AWS::S3::Bucket) will be removed: its data would be lost",
      "  + add Jobs (AWS::SQS::Queue)",
      "  - remove Uploads (AWS::S3::Bucket)",
    ]);
  });

  test("a modified resource lists its properties before and after; without them, the view says so", () => {
    const engine = summarizeChanges([
      {
        action: "Modify",
        logicalId: "Database",
        resourceType: "AWS::RDS::DBCluster",
        replacement: "True",
        properties: [
          { name: "Engine", before: "aurora-postgresql", after: "aurora-mysql", requiresRecreation: "Always" },
        ],
      },
    ]);
    expect(changeSummaryLines(engine, recorder())).toContain(
      "      Engine: aurora-postgresql → aurora-mysql (recreates: Always)",
    );
    expect(changeSummaryLines(engine, recorder()).join("\n")).not.toContain("gave no property-level details");
    const bare = summarizeChanges([{ action: "Modify", logicalId: "Queue", resourceType: "AWS::SQS::Queue" }]);
    expect(changeSummaryLines(bare, recorder())).toContain(
      "  (the endpoint gave no property-level details for the changes above)",
    );
  });

  test("a failed stack reports its root cause and exits 1", () => {
    const out = recorder();
    const code = reportInfrastructureOutcome(
      {
        result: "failed",
        stackName: "shop",
        status: "UPDATE_ROLLBACK_COMPLETE",
        rootCause: {
          logicalId: "Db",
          resourceType: "AWS::RDS::DBCluster",
          status: "UPDATE_FAILED",
          reason: "engine version 99 does not exist",
        },
      },
      out,
    );
    expect(code).toBe(EXIT.failure);
    expect(out.notes).toContain(
      "      cause: Db (AWS::RDS::DBCluster) UPDATE_FAILED: engine version 99 does not exist",
    );
  });

  test("diff of a stack deploy would recreate says so, changes nothing and exits 0", () => {
    const out = recorder();
    const repair = {
      kind: "recreate" as const,
      reason: "the stack's first creation failed and was rolled back (ROLLBACK_COMPLETE)",
    };
    expect(reportInfrastructureOutcome({ result: "planned", stackName: "shop", summary, repair }, out)).toBe(EXIT.ok);
    expect(out.notes.join("\n")).toMatch(
      /ROLLBACK_COMPLETE\); deploy would delete it and create it again .*nothing was changed/,
    );
  });

  test("diff of a stack whose rollback failed names what deploy would skip", () => {
    const out = recorder();
    const skipped = [
      { logicalId: "Web", resourceType: "AWS::ECS::Service", status: "UPDATE_FAILED", reason: "not stable" },
    ];
    const repair = { kind: "continue-rollback" as const, reason: "an update failed and so did its rollback", skipped };
    reportInfrastructureOutcome({ result: "planned", stackName: "shop", summary: summarizeChanges([]), repair }, out);
    expect(out.notes[0]).toMatch(/deploy would first continue the rollback, skipping Web \(not stable\)/);
  });
});

describe("confirming data loss", () => {
  test("--yes accepts without asking", async () => {
    let asked = false;
    const confirm = confirmer({ yes: true, interactive: true, ask: async () => (asked = true) }, recorder());
    expect(await confirm(dataLoss)).toBe(true);
    expect(asked).toBe(false);
  });

  test("without a terminal and without --yes, data loss is refused and the fix is named", async () => {
    const out = recorder();
    expect(await confirmer({ yes: false, interactive: false, ask: async () => true }, out)(dataLoss)).toBe(false);
    expect(out.notes.join("\n")).toMatch(/Uploads .* removed[\s\S]*rerun with --yes/);
  });

  test("at a terminal, the user's answer decides", async () => {
    expect(await confirmer({ yes: false, interactive: true, ask: async () => false }, recorder())(dataLoss)).toBe(
      false,
    );
  });
});
