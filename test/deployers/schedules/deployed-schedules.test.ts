import { describe, expect, test } from "vitest";
import { keepScheduleTargets, scheduleNames } from "../../../src/deployers/schedules/deployed-schedules.js";
import { renderApplication } from "../../../src/render/render.js";
import type { Template } from "../../../src/render/template.js";
import { manifestOf } from "../../render/helpers.js";

const IMAGE = `nginx@sha256:${"a".repeat(64)}`;
const workerTemplate = (cron: string): Template => {
  const rendered = renderApplication(
    manifestOf(
      `app: shop\nservices:\n  worker: { image: "${IMAGE}" }\nschedules:\n  nightly: { service: worker, command: [report], cron: "${cron}" }\n`,
    ),
  );
  if (!rendered.ok) throw new Error("does not render");
  return rendered.rendered.services.worker!;
};
const REVISION = "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-default-worker:7";
type Schedule = {
  Properties: { ScheduleExpression: string; Target: { EcsParameters: { TaskDefinitionArn: unknown } } };
};
const scheduleOf = (t: Template) => t.Resources.NightlySchedule as Schedule;
const withRevision = (t: Template, arn: string): Template => {
  const copy = structuredClone(t);
  scheduleOf(copy).Properties.Target.EcsParameters.TaskDefinitionArn = arn;
  return copy;
};

describe("a stack update never moves a schedule's revision", () => {
  test("the template names the schedules it holds", () => {
    expect(scheduleNames(workerTemplate("0 3 * * *"))).toEqual(["nightly"]);
  });

  test("a schedule that differs only in its revision is sent as deployed, so CloudFormation leaves it alone", () => {
    const deployed = withRevision(
      workerTemplate("0 3 * * *"),
      "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-default-worker:2",
    );
    const kept = keepScheduleTargets(workerTemplate("0 3 * * *"), deployed, { nightly: REVISION });
    expect(kept.Resources.NightlySchedule).toEqual(deployed.Resources.NightlySchedule);
  });

  test("a schedule that changes in anything else is sent with the revision it runs now, not the family", () => {
    const deployed = workerTemplate("0 3 * * *");
    const kept = keepScheduleTargets(workerTemplate("30 4 * * *"), deployed, { nightly: REVISION });
    expect(scheduleOf(kept).Properties.ScheduleExpression).toBe("cron(30 4 * * ? *)");
    expect(scheduleOf(kept).Properties.Target.EcsParameters.TaskDefinitionArn).toBe(REVISION);
  });

  test("a schedule that does not exist yet keeps the rendered family", () => {
    const rendered = workerTemplate("0 3 * * *");
    expect(keepScheduleTargets(rendered, undefined, {})).toEqual(rendered);
  });
});
