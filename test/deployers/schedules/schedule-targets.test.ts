import { describe, expect, test } from "vitest";
import { scheduleMoves } from "../../../src/deployers/schedules/schedule-targets.js";

const FAMILY = "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-production-worker";
const rev = (n: number) => `${FAMILY}:${n}`;

describe("which schedules move to what serves", () => {
  test("a schedule on another revision, or still on the family, moves to the serving revision", () => {
    const moves = scheduleMoves(
      [
        { schedule: "nightly", service: "worker", current: rev(3) },
        { schedule: "hourly", service: "worker", current: FAMILY },
      ],
      { worker: rev(2) },
    );
    expect(moves).toEqual([
      { schedule: "nightly", service: "worker", from: rev(3), to: rev(2) },
      { schedule: "hourly", service: "worker", from: FAMILY, to: rev(2) },
    ]);
  });

  test("a schedule already on what serves is not touched: a deploy that changes nothing updates no schedule", () => {
    expect(scheduleMoves([{ schedule: "nightly", service: "worker", current: rev(2) }], { worker: rev(2) })).toEqual(
      [],
    );
  });

  test("a service that never served, and a schedule that does not exist yet, are left alone", () => {
    const live = [
      { schedule: "nightly", service: "worker", current: FAMILY },
      { schedule: "cleanup", service: "web" },
    ];
    expect(scheduleMoves(live, { worker: undefined, web: rev(1) })).toEqual([]);
  });
});
