import { expect, test } from "vitest";
import { progressTicker, timestamped } from "../../src/ui/ci-lines.js";
import type { Output } from "../../src/ui/output.js";

const ARN = "arn:aws:ecs:us-east-1:123456789012:service-deployment/c/web/1";
const progress = (stage: string, running: number) => ({
  type: "progress" as const,
  service: "web",
  deploymentArn: ARN,
  status: "IN_PROGRESS",
  stage,
  tasks: { running, desired: 2 },
});

test("a ten-minute wait in one stage prints one progress line every 30 s, never one per poll", () => {
  let now = 0;
  const ticker = progressTicker(() => now);
  ticker.record({ type: "following", service: "web", deploymentArn: ARN, own: true });
  ticker.record(progress("BAKE_TIME", 2));
  const lines: string[] = [];
  for (now = 0; now <= 600_000; now += 1_000) {
    ticker.record(progress("BAKE_TIME", now % 2_000 === 0 ? 2 : 1));
    lines.push(...ticker.due());
  }
  expect(lines).toHaveLength(20);
  expect(lines[0]).toBe("  web: still BAKE_TIME, tasks 2/2, 30s elapsed");
});

test("a progress line during bake says how long the bake has left", () => {
  let now = 0;
  const ticker = progressTicker(() => now, { web: 300_000 });
  ticker.record({ type: "following", service: "web", deploymentArn: ARN, own: true });
  now = 20_000;
  ticker.record(progress("BAKE_TIME", 2));
  now = 50_000;
  expect(ticker.due()).toEqual(["  web: still BAKE_TIME, tasks 2/2, bake 4m 30s left, 50s elapsed"]);
});

test("a change of stage is a line of its own, and a settled service gets no more progress lines", () => {
  let now = 0;
  const ticker = progressTicker(() => now);
  expect(ticker.record(progress("SCALE_UP", 0))).toBe(true);
  expect(ticker.record(progress("SCALE_UP", 1))).toBe(false);
  expect(ticker.record(progress("BAKE_TIME", 2))).toBe(true);
  ticker.record({ type: "settled", service: "web", deploymentArn: ARN, end: "released" });
  now = 120_000;
  expect(ticker.due()).toEqual([]);
});

test("timestamped lines start with the UTC time, and workflow commands stay at the start of their line", () => {
  const lines: string[] = [];
  const out: Output = { json: false, github: true, color: false, line: () => {}, note: (t) => lines.push(t) };
  const stamped = timestamped(out, () => Date.UTC(2026, 10, 28, 9, 5, 7));
  stamped.note("— release");
  stamped.note("::group::release");
  expect(lines).toEqual(["09:05:07 — release", "::group::release"]);
});
