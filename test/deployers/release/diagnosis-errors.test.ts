import { describe, expect, test } from "vitest";
import { UserError } from "../../../src/exit-codes.js";
import type { DiagnosisPort } from "../../../src/deployers/release/diagnose.js";
import { withDiagnoses } from "../../../src/deployers/release/release-environment.js";
import type { ServiceOutcome } from "../../../src/deployers/release/release-service.js";
import { manifestOf } from "../../render/helpers.js";

const m = manifestOf('app: shop\nservices:\n  worker: { image: "nginx:1.27" }\n');
const rolledBack: ServiceOutcome = {
  service: "worker",
  result: "rolled-back",
  reason: "Circuit breaker",
  taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/shop-default-worker:2",
};
/** A diagnosis port whose stopped-task read fails as `failure` says. */
const failing = (failure: Error): DiagnosisPort => ({
  stoppedTasks: () => Promise.reject(failure),
  containerLogs: async () => [],
  targetHealth: async () => [],
  alarms: async () => [],
  lastLogLines: async () => [],
});

describe("a diagnosis that cannot be read", () => {
  test("AWS refusing a read it needs is said in the diagnosis's place; the outcome stands", async () => {
    const refused = new UserError("ECS ListTasks: AccessDeniedException: not authorized to perform ecs:ListTasks");
    const [outcome] = await withDiagnoses(m, [rolledBack], { ClusterName: "shop-default" }, failing(refused));
    expect(outcome).toEqual({ ...rolledBack, diagnosisUnavailable: refused.message });
  });

  test("any other error is a bug in berth, and is not swallowed", async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'containers')");
    await expect(withDiagnoses(m, [rolledBack], { ClusterName: "shop-default" }, failing(bug))).rejects.toBe(bug);
  });
});
