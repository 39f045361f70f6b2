import { expect, test } from "vitest";
import type { EnvironmentOutcome } from "../../src/deployers/deploy-environment.js";
import { reportEnvironmentOutcome } from "../../src/ui/deploy-report.js";
import type { Output } from "../../src/ui/output.js";
import { manifestOf } from "../render/helpers.js";

const shop = manifestOf(
  "app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx }\n",
);

function lastLine(outcome: EnvironmentOutcome): string {
  const printed: string[] = [];
  const out: Output = {
    json: false,
    github: false,
    color: false,
    line: (t) => void printed.push(t),
    note: (t) => void printed.push(t),
  };
  expect(reportEnvironmentOutcome(outcome, shop, 1_000, out, "berth deploy")).toBe(1);
  return printed.at(-1)!;
}

test("a release whose diagnosis AWS would not let berth read says why, under the release", () => {
  const releases = [
    {
      service: "worker",
      result: "rolled-back",
      reason: "crash",
      diagnosisUnavailable: "ECS ListTasks: AccessDeniedException",
    },
  ];
  const printed = printedLines({ ok: false, stacks: [], releases } as EnvironmentOutcome);
  const at = printed.findIndex((l) => l.includes("worker"));
  expect(printed[at + 1]).toBe("      no diagnosis: ECS ListTasks: AccessDeniedException");
});

test("a failed deploy in which no service was released says production keeps serving what it served", () => {
  const releases = [
    { service: "web", result: "rolled-back", reason: "crash" },
    { service: "worker", result: "unchanged" },
  ];
  expect(lastLine({ ok: false, stacks: [], releases } as EnvironmentOutcome)).toBe(
    "failed shop default: see above; production keeps serving what it served before",
  );
});

test("a failed deploy that released one service while another rolled back says which one now serves the new version", () => {
  const releases = [
    { service: "web", result: "rolled-back", reason: "crash" },
    { service: "worker", result: "released" },
  ];
  expect(lastLine({ ok: false, stacks: [], releases } as EnvironmentOutcome)).toBe(
    "failed shop default: see above; worker released and now serving the new version; the other services keep serving what they served before",
  );
});

function printedLines(outcome: EnvironmentOutcome): string[] {
  const printed: string[] = [];
  const out: Output = {
    json: false,
    github: false,
    color: false,
    line: (t) => void printed.push(t),
    note: (t) => void printed.push(t),
  };
  reportEnvironmentOutcome(outcome, shop, 1_000, out, "berth deploy");
  return printed;
}

test("a hundred unchanged service stacks are one line; a changed and a failed one have their own", () => {
  const unchanged = Array.from({ length: 98 }, (_, i) => ({
    result: "unchanged" as const,
    stackName: `shop-default-s${i}`,
  }));
  const summary = { added: [], modified: [], replaced: [], removed: [], risky: [] };
  const cause = { logicalId: "ApiSecurityGroup", resourceType: "AWS::EC2::SecurityGroup", status: "UPDATE_FAILED" };
  const lines = printedLines({
    ok: false,
    stacks: [
      { result: "unchanged", stackName: "shop-app" },
      { result: "unchanged", stackName: "shop-default" },
      ...unchanged,
      { result: "updated", stackName: "shop-default-web", summary },
      {
        result: "failed",
        stackName: "shop-default-api",
        status: "UPDATE_ROLLBACK_COMPLETE",
        rootCause: { ...cause, reason: "limit" },
      },
    ],
  });
  expect(lines.slice(0, -1)).toEqual([
    "stack shop-app: no infrastructure changes",
    "stack shop-default: no infrastructure changes",
    "stack shop-default-web updated",
    "stack shop-default-api failed (UPDATE_ROLLBACK_COMPLETE)",
    "      cause: ApiSecurityGroup (AWS::EC2::SecurityGroup) UPDATE_FAILED: limit",
    "98 service stacks (shop-default-<service>): no changes",
  ]);
});

test("a deploy whose web services answer at two addresses ends with each, its services named, in text and JSON", () => {
  const printed: string[] = [];
  const out = (json: boolean): Output => ({
    json,
    github: false,
    color: false,
    line: (t) => void printed.push(t),
    note: (t) => void printed.push(t),
  });
  const urls = [
    { url: "http://shop-1.elb.amazonaws.com", services: ["web", "api"] },
    { url: "http://shop-internal-2.elb.amazonaws.com", services: ["admin"] },
  ];
  const outcome: EnvironmentOutcome = { ok: true, stacks: [], releases: [] };
  reportEnvironmentOutcome(outcome, shop, 1_000, out(false), "berth deploy", urls[0]!.url, urls);
  expect(printed.at(-1)).toBe(
    "ok shop default: deployed in 1s: " +
      "http://shop-1.elb.amazonaws.com (web, api), http://shop-internal-2.elb.amazonaws.com (admin)",
  );
  reportEnvironmentOutcome(outcome, shop, 1_000, out(true), "berth deploy", urls[0]!.url, urls);
  expect(JSON.parse(printed.at(-1)!)).toMatchObject({ url: urls[0]!.url, urls });
});

test("a deploy whose web services answer at one address has no urls field in its JSON result", () => {
  const printed: string[] = [];
  const out: Output = { json: true, github: false, color: false, line: (t) => void printed.push(t), note: () => {} };
  const url = "http://shop-1.elb.amazonaws.com";
  reportEnvironmentOutcome({ ok: true, stacks: [], releases: [] }, shop, 1_000, out, "berth deploy", url, [
    { url, services: ["web"] },
  ]);
  expect(JSON.parse(printed.at(-1)!)).not.toHaveProperty("urls");
});

test("a deploy says which schedules now run what serves, and in red which ones AWS would not let it move", () => {
  const arn = (n: number) => `arn:aws:ecs:r:1:task-definition/shop-default-worker:${n}`;
  const schedules = {
    moved: [{ schedule: "nightly", service: "worker", from: arn(3), to: arn(2) }],
    failed: [
      { schedule: "sweep", service: "worker", from: arn(3), to: arn(2), reason: "AccessDenied" },
      { schedule: "hourly", service: "worker", reason: "AccessDenied" },
    ],
  };
  const printed = printedLines({ ok: false, stacks: [], releases: [], schedules } as EnvironmentOutcome);
  expect(printed).toContain(
    "  schedule nightly: now runs shop-default-worker:2, what serves worker (was shop-default-worker:3)",
  );
  expect(printed).toContain(
    "  schedule sweep: still runs shop-default-worker:3, not shop-default-worker:2, what serves worker: AccessDenied",
  );
  expect(printed).toContain("  schedule hourly: berth could not read which revision it runs: AccessDenied");
  expect(printed.join("\n")).toContain("the releases stand; once AWS allows it");
});
