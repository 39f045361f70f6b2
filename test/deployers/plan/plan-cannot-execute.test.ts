import { describe, expect, expectTypeOf, test } from "vitest";
import { awsEnvironmentPorts, planPorts } from "../../../src/commands/environment-ports.js";
import type { ChangeSetPlanningPort } from "../../../src/deployers/infrastructure/change-set-planning-port.js";
import type { PlanningOptions } from "../../../src/deployers/infrastructure/deploy-context.js";
import type { PlanPorts } from "../../../src/deployers/plan/plan-port.js";
import { awsImageRequest } from "../../helpers/aws-image-request.js";
import { manifestOf } from "../../render/helpers.js";

// A plan changes nothing that runs because it has nothing to change it with: no flag is
// checked at run time (docs/architecture.md, "Plan and apply"). The type checks below fail
// `npm test` (tsc) the day a writing operation is put in a plan's reach.

const WRITES = ["executeChangeSet", "deleteStack", "continueUpdateRollback"] as const;

describe("a plan's reach", () => {
  test("its CloudFormation port has no operation that executes a change set, deletes a stack or continues a rollback", () => {
    expectTypeOf<ChangeSetPlanningPort>().not.toHaveProperty("executeChangeSet");
    expectTypeOf<ChangeSetPlanningPort>().not.toHaveProperty("deleteStack");
    expectTypeOf<ChangeSetPlanningPort>().not.toHaveProperty("continueUpdateRollback");
    expectTypeOf<PlanPorts>().not.toHaveProperty("release");
    expectTypeOf<PlanPorts>().not.toHaveProperty("imageTags");
    // It reads which revision a schedule runs; moving it is the release's.
    expectTypeOf<NonNullable<PlanPorts["schedules"]>>().not.toHaveProperty("retarget");
  });

  test("its options have no question to ask: the questions are apply's", () => {
    expectTypeOf<PlanningOptions>().not.toHaveProperty("confirm");
  });

  test("the ports berth plan runs with do not hold the writing operations at run time either", () => {
    const m = manifestOf("app: shop\nservices:\n  web: { image: nginx }\n");
    const request = awsImageRequest(m, { region: "eu-west-1" });
    const ports = planPorts(
      request,
      awsEnvironmentPorts(request, () => {}, { readOnly: true }),
    );
    for (const write of WRITES) expect(ports.cloudFormation).not.toHaveProperty(write);
    expect(Object.keys(ports.cloudFormation).sort()).toEqual([
      "createChangeSet",
      "deleteAbandonedReview",
      "deleteChangeSet",
      "describeChangeSet",
      "describeStack",
      "describeStackEvents",
      "getTemplate",
      "listStackNames",
      "listStackResources",
    ]);
  });
});
