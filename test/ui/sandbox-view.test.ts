import { expect, test } from "vitest";
import type { Output } from "../../src/ui/output.js";
import { simulatedReporter } from "../../src/ui/sandbox.js";

function recorder(): Output & { notes: string[] } {
  const notes: string[] = [];
  return { json: false, github: false, color: false, notes, line: (t) => notes.push(t), note: (t) => notes.push(t) };
}

const database = { logicalId: "Database", resourceType: "AWS::RDS::DBCluster" };
const alarm = { logicalId: "WebAlarm", resourceType: "AWS::CloudWatch::Alarm" };

test("the stand-ins of a stack are said once per sandbox run, and again only when they change", () => {
  const out = recorder();
  const report = simulatedReporter(out);
  report("shop-staging", [database]);
  report("shop-staging", [database]);
  report("shop-staging-web", [alarm]);
  report("shop-staging", [database]);
  report("shop-staging", [database, alarm]);
  expect(out.notes).toEqual([
    "sandbox: stack shop-staging: simulated with stand-ins: Database (AWS::RDS::DBCluster)",
    "sandbox: stack shop-staging-web: simulated with stand-ins: WebAlarm (AWS::CloudWatch::Alarm)",
    "sandbox: stack shop-staging: simulated with stand-ins: Database (AWS::RDS::DBCluster), WebAlarm (AWS::CloudWatch::Alarm)",
  ]);
});
