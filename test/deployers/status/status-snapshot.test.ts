import { describe, expect, test } from "vitest";
import type { StatusPort } from "../../../src/deployers/status/status-port.js";
import type { MetricsPort } from "../../../src/deployers/status/metrics-port.js";
import { statusSnapshot } from "../../../src/deployers/status/status-snapshot.js";
import type { HistoryPort } from "../../../src/deployers/history/release-record.js";
import type { LockPort } from "../../../src/deployers/lock/lock-port.js";
import { EXIT, UserError } from "../../../src/exit-codes.js";
import { output } from "../../../src/ui/output.js";
import { snapshotLines } from "../../../src/ui/status-view.js";
import { manifestOf } from "../../render/helpers.js";

const m = manifestOf("app: shop\nservices:\n  worker: { image: nginx }\n", { vars: {} });
const NOW = Date.UTC(2026, 11, 6, 16, 0);
// An environment whose stack exists and whose one service ECS does not list: no ECS read beyond that.
const aws = {
  describeStack: async (name: string) =>
    name === "shop-default"
      ? { stackId: name, status: "CREATE_COMPLETE", outputs: { ClusterName: "shop-default" } }
      : undefined,
  services: async () => ({}),
} as unknown as StatusPort;
const history = { list: async () => [] } as unknown as HistoryPort;
const lock = { read: async () => undefined } as unknown as LockPort;
const plain = output({}, {}, { out: process.stdout, err: { isTTY: false } } as unknown as Parameters<typeof output>[2]);

describe("status when CloudWatch refuses the metrics", () => {
  test("still shows the environment, and says why there are no sparklines", async () => {
    const refused: MetricsPort = {
      metricData: async () => {
        throw new UserError(
          "AWS refused CloudWatch GetMetricData: not authorized",
          EXIT.failure,
          "allow cloudwatch:GetMetricData",
        );
      },
    };
    const snapshot = await statusSnapshot(m, { aws, history, lock, metrics: refused }, NOW - 3_600_000, NOW);
    expect(snapshot.status.stackStatus).toBe("CREATE_COMPLETE");
    expect(snapshot.metrics).toBeUndefined();
    expect(snapshotLines(snapshot, NOW, plain).at(-1)).toBe(
      "metrics: AWS refused CloudWatch GetMetricData: not authorized; allow cloudwatch:GetMetricData",
    );
  });

  test("a bug is not taken for a refusal", async () => {
    const broken: MetricsPort = { metricData: async () => Promise.reject(new TypeError("x is undefined")) };
    await expect(statusSnapshot(m, { aws, history, lock, metrics: broken }, NOW - 3_600_000, NOW)).rejects.toThrow(
      TypeError,
    );
  });
});
