import * as ink from "ink";
import { render } from "ink-testing-library";
import { createElement } from "react";
import { expect, test } from "vitest";
import { liveScreen, rollingBar, trafficBar } from "../../src/ui/live/live-screen.js";
import {
  initialLiveState,
  onRelease,
  onSettled,
  onStack,
  onStep,
  onVersions,
  type LiveState,
} from "../../src/ui/live/live-state.js";

const Screen = liveScreen(ink);
const ARN = "arn:aws:ecs:us-east-1:123456789012:service-deployment/c/web/1";
const draw = (state: LiveState, now: number) => render(createElement(Screen, { state, now })).lastFrame() ?? "";
const summary = { added: [], modified: [], replaced: [], removed: [], risky: [] };
const change = (logicalId: string) => ({ action: "Modify" as const, logicalId, resourceType: "AWS::ECS::Cluster" });

test("a step shows its duration, and a stack that updates shows its resources done of total", () => {
  let state = onStep(initialLiveState(), "images", 0);
  state = onStep(state, "environment stack shop-staging", 1_200);
  state = onStack(state, {
    type: "change-set-ready",
    stackName: "shop-staging",
    summary: { ...summary, modified: [change("A"), change("B"), change("C")] },
  });
  const event = {
    eventId: "1",
    timestamp: new Date(0),
    logicalId: "B",
    resourceType: "AWS::ECS::Cluster",
    status: "UPDATE_COMPLETE",
  };
  state = onStack(state, { type: "resource-progress", stackName: "shop-staging", event });
  const frame = draw(state, 4_000);
  expect(frame).toContain("✓ images  1s");
  expect(frame).toContain("… environment stack shop-staging  1/3 resources  3s");
});

test("service stacks changing at once count their resources together", () => {
  let state = onStep(initialLiveState(), "service stacks shop-staging-<service>", 0);
  for (const [stackName, ids] of [
    ["shop-staging-api", ["A", "B"]],
    ["shop-staging-web", ["C", "D"]],
  ] as const)
    state = onStack(state, { type: "change-set-ready", stackName, summary: { ...summary, modified: ids.map(change) } });
  const done = (stackName: string, logicalId: string) =>
    onStack(state, {
      type: "resource-progress",
      stackName,
      event: { eventId: logicalId, timestamp: new Date(0), logicalId, resourceType: "x", status: "UPDATE_COMPLETE" },
    });
  state = done("shop-staging-api", "A");
  state = done("shop-staging-web", "D");
  expect(draw(state, 1_000)).toContain("service stacks shop-staging-<service>  2/4 resources");
});

test("a service in bake shows its stage, the traffic bar old → new, tasks, health and the bake countdown", () => {
  let state = initialLiveState({ web: 300_000 });
  state = onRelease(state, { type: "following", service: "web", deploymentArn: ARN, own: true }, 0);
  state = onRelease(state, { type: "checked", service: "web", passed: true, detail: "new targets healthy" }, 30_000);
  state = onRelease(
    state,
    {
      type: "progress",
      service: "web",
      deploymentArn: ARN,
      status: "IN_PROGRESS",
      stage: "BAKE_TIME",
      tasks: { running: 2, desired: 2 },
      productionWeight: 100,
    },
    40_000,
  );
  const frame = draw(state, 100_000);
  expect(frame).toContain("web BAKE_TIME  1m 40s");
  expect(frame).toContain(`traffic old 0% ${trafficBar(100)} new 100%  tasks 2/2  healthy  bake 4m 0s left`);
});

test("while it bakes, the new and the old version's 5xx rate and p99 show side by side", () => {
  let state = onRelease(initialLiveState(), { type: "following", service: "web", deploymentArn: ARN, own: true }, 0);
  state = onRelease(
    state,
    { type: "progress", service: "web", deploymentArn: ARN, status: "IN_PROGRESS", stage: "BAKE_TIME" },
    1_000,
  );
  state = onVersions(state, [
    {
      service: "web",
      new: { requests: 150, errors: 20, p99: 2400 },
      old: { requests: 850, errors: 0, p99: 200 },
    },
  ]);
  expect(draw(state, 2_000)).toContain(
    "new 5xx 20% p99 2400 ms (150 requests)  old 5xx 0% p99 200 ms (850 requests)  5 min each  worse",
  );
  state = onRelease(state, { type: "settled", service: "web", deploymentArn: ARN, end: "rolled-back" }, 3_000);
  expect(draw(state, 4_000)).not.toContain("p99");
});

test("the traffic bar fills with the new version's share", () => {
  expect(trafficBar(0)).toBe("░".repeat(20));
  expect(trafficBar(25)).toBe(`${"█".repeat(5)}${"░".repeat(15)}`);
});

test("a rolled-back release shows a panel with its reason and diagnosis", () => {
  let state = onRelease(initialLiveState(), { type: "following", service: "web", deploymentArn: ARN, own: true }, 0);
  const diagnosis = {
    stoppedTasks: [],
    targets: [],
    alarms: [],
    logs: [{ container: "web", taskId: "abc", lines: ["boom"] }],
  };
  state = onSettled(
    state,
    [{ service: "web", result: "rolled-back", reason: "Circuit breaker: 4 tasks failed", diagnosis }],
    5_000,
  );
  const frame = draw(state, 6_000);
  expect(frame).toMatch(/╭─+╮/);
  expect(frame).toContain("web rolled-back: Circuit breaker: 4 tasks failed");
  expect(frame).toContain("| boom");
});

test("a worker's rolling release shows its new tasks coming up, not an empty traffic bar", () => {
  let state = initialLiveState({ worker: 0 }, { worker: false });
  state = onRelease(state, { type: "following", service: "worker", deploymentArn: ARN, own: true }, 0);
  state = onRelease(
    state,
    {
      type: "progress",
      service: "worker",
      deploymentArn: ARN,
      status: "IN_PROGRESS",
      tasks: { running: 1, desired: 2 },
    },
    1_000,
  );
  const frame = draw(state, 2_000);
  expect(frame).toContain(`rolling ${rollingBar(1, 2)} new tasks 1/2 running`);
  expect(frame).not.toContain("traffic old");
});

test("the last frame after an interrupt shows what was left, not the bake countdown it interrupted", () => {
  let state = initialLiveState({ web: 300_000 }, { web: true });
  state = onRelease(state, { type: "following", service: "web", deploymentArn: ARN, own: true }, 0);
  state = onRelease(
    state,
    { type: "progress", service: "web", deploymentArn: ARN, status: "IN_PROGRESS", stage: "BAKE_TIME" },
    1_000,
  );
  expect(draw(state, 2_000)).toContain("bake 4m 59s left");
  state = onSettled(
    state,
    [{ service: "web", result: "interrupted", reason: "rollback requested on interrupt" }],
    3_000,
  );
  const frame = draw(state, 3_000);
  expect(frame).toContain("web interrupted");
  expect(frame).not.toContain("left");
});

test("a service returning to the version before says so", () => {
  let state = initialLiveState({}, { worker: false });
  state = onRelease(
    state,
    {
      type: "returning",
      service: "worker",
      taskDefinition: "arn:aws:ecs:::task-definition/w:1",
      because: "web rolled back",
    },
    0,
  );
  expect(draw(state, 1_000)).toContain("worker starting returning to the version before");
});
