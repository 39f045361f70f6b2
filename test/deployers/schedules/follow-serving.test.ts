import { describe, expect, test } from "vitest";
import { UserError } from "../../../src/exit-codes.js";
import type { ReleasePort } from "../../../src/deployers/release/release-port.js";
import { followServing } from "../../../src/deployers/schedules/follow-serving.js";
import type { SchedulePort } from "../../../src/deployers/schedules/schedule-port.js";
import { manifestOf } from "../../render/helpers.js";

const m = manifestOf(`app: shop
services:
  worker: { image: x }
schedules:
  nightly: { service: worker, command: [report], cron: "0 3 * * *" }
  sweep: { service: worker, command: [sweep], rate: 15m }
`);
const rev = (n: number) => `arn:aws:ecs:r:1:task-definition/shop-default-worker:${n}`;

/** ECS as berth reads what serves: the worker's last SUCCESSFUL deployment moved to this revision. */
function ecs(serving: string): ReleasePort {
  return {
    describeService: async () => ({ status: "ACTIVE", desiredCount: 1, createdAt: 0 }),
    listDeployments: async () => [{ arn: "d", status: "SUCCESSFUL", createdAt: 1, targetRevision: "r" }],
    revisionTaskDefinition: async () => ({ taskDefinition: serving }),
  } as unknown as ReleasePort;
}

/** Scheduler as a map of schedule → target, recording each UpdateSchedule; `refuse` fails those. */
function scheduler(targets: Record<string, string>, refuse: string[] = [], unreadable: string[] = []) {
  const updates: string[] = [];
  const port: SchedulePort = {
    target: async (group, name) => {
      if (unreadable.includes(name)) throw new UserError("AccessDenied: scheduler:GetSchedule");
      return group === "shop-default" ? targets[name] : undefined;
    },
    retarget: async (_group, name, taskDefinition) => {
      if (refuse.includes(name)) throw new UserError("AccessDenied: scheduler:UpdateSchedule");
      updates.push(`${name} → ${taskDefinition}`);
      targets[name] = taskDefinition;
    },
  };
  return { port, updates };
}

describe("after a deploy or a rollback, the schedules run what serves", () => {
  test("each schedule on another revision is updated once, and only those", async () => {
    const s = scheduler({ nightly: rev(3), sweep: rev(2) });
    const followed = await followServing(m, "shop-default", { release: ecs(rev(2)), schedules: s.port });
    expect(s.updates).toEqual([`nightly → ${rev(2)}`]);
    expect(followed).toEqual({
      moved: [{ schedule: "nightly", service: "worker", from: rev(3), to: rev(2) }],
      failed: [],
    });
  });

  test("when they already do, no UpdateSchedule", async () => {
    const s = scheduler({ nightly: rev(2), sweep: rev(2) });
    expect(await followServing(m, "shop-default", { release: ecs(rev(2)), schedules: s.port })).toEqual({
      moved: [],
      failed: [],
    });
    expect(s.updates).toEqual([]);
  });

  test("a schedule AWS refuses to update is reported with why; the others still move", async () => {
    const s = scheduler({ nightly: rev(1), sweep: rev(1) }, ["nightly"]);
    const followed = await followServing(m, "shop-default", { release: ecs(rev(2)), schedules: s.port });
    expect(s.updates).toEqual([`sweep → ${rev(2)}`]);
    expect(followed.failed).toEqual([
      {
        schedule: "nightly",
        service: "worker",
        from: rev(1),
        to: rev(2),
        reason: "AccessDenied: scheduler:UpdateSchedule",
      },
    ]);
  });

  test("a schedule AWS will not let berth read is reported; the deploy's releases stand", async () => {
    const s = scheduler({ nightly: rev(1), sweep: rev(1) }, [], ["nightly"]);
    const followed = await followServing(m, "shop-default", { release: ecs(rev(2)), schedules: s.port });
    expect(s.updates).toEqual([`sweep → ${rev(2)}`]);
    expect(followed.failed).toEqual([
      { schedule: "nightly", service: "worker", reason: "AccessDenied: scheduler:GetSchedule" },
    ]);
  });
});
