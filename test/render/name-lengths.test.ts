import { describe, expect, test } from "vitest";
import { loadManifestText } from "../../src/manifest/load.js";
import type { Problem } from "../../src/manifest/problem.js";
import { checkNameLengths } from "../../src/render/name-lengths.js";
import { checkQuotas } from "../../src/render/quotas.js";
import { renderStacks } from "../../src/render/stacks.js";
import { manifestOf } from "./helpers.js";

const BASE = "app: shop\nservices:\n  web: { image: nginx:1, port: 80, http: {} }\n";

function problems(text: string): Problem[] {
  const loaded = loadManifestText(text, "berth.yml", { env: "default", checkRendered: checkQuotas });
  return loaded.ok ? [] : loaded.problems;
}

const replacing = (path: string, value: string) =>
  `${BASE}overrides:\n  - { op: add, path: ${path}, value: "${value}" }\n`;

describe("names longer than AWS accepts are refused before AWS sees them", () => {
  test("a task role path past IAM's 512 characters", () => {
    const path = `/${"p".repeat(511)}/`;
    expect(problems(replacing("/Resources/WebTaskRole/Properties/Path", path))).toMatchObject([
      {
        path: "services.web",
        message: expect.stringMatching(/IAM role path .* would be 513 characters; AWS allows 512/),
      },
    ]);
  });

  test("a log group name past CloudWatch Logs' 512 characters", () => {
    const name = `/${"l".repeat(512)}`;
    expect(problems(replacing("/Resources/WebLogGroup/Properties/LogGroupName", name))).toMatchObject([
      {
        path: "services.web",
        message: expect.stringMatching(/log group name .* would be 513 characters; AWS allows 512/),
      },
    ]);
  });

  test("an alarm name past CloudWatch's 255 characters", () => {
    const name = "a".repeat(256);
    expect(problems(replacing("/Resources/WebErrorRateAlarm/Properties/AlarmName", name))).toMatchObject([
      { path: "services.web", message: expect.stringMatching(/alarm name .* would be 256 characters; AWS allows 255/) },
    ]);
  });

  test("an explicit target group name past Elastic Load Balancing's 32 characters", () => {
    const name = "t".repeat(33);
    expect(problems(replacing("/Resources/WebTargetGroupA/Properties/Name", name))).toMatchObject([
      { path: "services.web", message: `the target group name ${name} would be 33 characters; AWS allows 32` },
    ]);
  });

  test("names within the limits pass", () => {
    expect(problems(replacing("/Resources/WebTargetGroupA/Properties/Name", "t".repeat(32)))).toEqual([]);
  });

  // The manifest's own name limits (app 24, environment 24, service 32) keep every stack name
  // under 128 today; the check guards the stack names if those limits ever grow.
  test("a service stack name past CloudFormation's 128 characters is reported at the service", () => {
    const m = { ...manifestOf(BASE), app: "a".repeat(120) };
    const stacks = renderStacks(m);
    if (!stacks.ok) throw new Error("render failed");
    expect(checkNameLengths(m, stacks.stacks, () => "app")).toContainEqual(
      expect.objectContaining({ path: "services.web", message: expect.stringMatching(/stack name .* would be 132/) }),
    );
  });
});
