import { describe, expect, test } from "vitest";
import { findOwnDeployment, servingRevision } from "../../../src/deployers/release/deployment-lookup.js";
import type { DeploymentBrief, ReleasePort } from "../../../src/deployers/release/release-port.js";
import { instantClock } from "../../helpers/instant-clock.js";

const NOW = Date.UTC(2026, 10, 28, 10);
/** ListServiceDeployments as scripted (newest first, filters applied), and revision → task definition. */
function port(deployments: DeploymentBrief[], revisions: Record<string, string>): ReleasePort {
  return {
    listDeployments: async (
      _c: string,
      _s: string,
      filter: { statuses?: string[]; createdAfter?: number; limit?: number } = {},
    ) =>
      deployments
        .filter(
          (d) => (!filter.statuses || filter.statuses.includes(d.status)) && d.createdAt >= (filter.createdAfter ?? 0),
        )
        .slice(0, filter.limit ?? 20),
    revisionTaskDefinition: async (arn: string) =>
      revisions[arn] ? { taskDefinition: revisions[arn]!, fingerprint: `fp-${revisions[arn]}` } : undefined,
  } as unknown as ReleasePort;
}

describe("which deployment is berth's", () => {
  test("its own, matched by the task definition it registered, even when another deploy's is newer", async () => {
    const p = port(
      [
        { arn: "theirs", status: "IN_PROGRESS", createdAt: NOW + 2, targetRevision: "rev-theirs" },
        { arn: "ours", status: "IN_PROGRESS", createdAt: NOW + 1, targetRevision: "rev-ours" },
      ],
      { "rev-theirs": "web:8", "rev-ours": "web:7" },
    );
    expect(await findOwnDeployment(p, "c", "web", "web:7", NOW, { clock: instantClock(NOW), pollMs: 1_000 })).toBe(
      "ours",
    );
  });

  test("what serves ignores deployments of a deleted service of the same name", async () => {
    const p = port([{ arn: "old", status: "SUCCESSFUL", createdAt: NOW - 3_600_000, targetRevision: "rev-old" }], {
      "rev-old": "web:3",
    });
    expect(await servingRevision(p, "c", "web", NOW - 60_000)).toBeUndefined();
    expect(await servingRevision(p, "c", "web")).toMatchObject({ taskDefinition: "web:3" });
  });
});
