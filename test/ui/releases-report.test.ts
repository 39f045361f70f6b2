import { describe, expect, test } from "vitest";
import type { ReleaseRecord } from "../../src/deployers/history/release-record.js";
import type { Output } from "../../src/ui/output.js";
import { reportReleases } from "../../src/ui/releases-report.js";

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, json: false, github: false, color: false, line: (t) => void lines.push(t), note: () => {} };
}

const records: ReleaseRecord[] = [
  {
    id: "20261128-111500-0a01",
    app: "shop",
    environment: "production",
    kind: "rollback",
    rollbackTo: "20261128-101500-0001",
    version: "abc1234",
    who: "ben",
    host: "runner",
    ciUrl: "https://github.com/acme/shop/actions/runs/9",
    startedAt: "2026-11-28T11:15:00.000Z",
    durationMs: 95_000,
    outcome: "succeeded",
    services: [{ service: "web", result: "released", images: {} }],
  },
  {
    id: "20261128-104500-0b02",
    app: "shop",
    environment: "production",
    kind: "deploy",
    version: "def5678",
    who: "ana",
    host: "ana-laptop",
    startedAt: "2026-11-28T10:45:00.000Z",
    durationMs: 240_000,
    outcome: "rolled-back",
    reason: "web: rolled-back: smoke check / returned 500",
    services: [
      { service: "web", result: "rolled-back", images: {} },
      { service: "worker", result: "unchanged", images: {} },
    ],
  },
];

describe("berth releases", () => {
  test("outside a terminal, one plain line per release, newest first", () => {
    const out = capture();
    reportReleases("shop", "production", records, out, false);
    expect(out.lines).toEqual([
      "20261128-111500-0a01  abc1234  succeeded  ben  https://github.com/acme/shop/actions/runs/9  2026-11-28 11:15:00 UTC  1m 35s  rollback to 20261128-101500-0001: web released",
      "20261128-104500-0b02  def5678  rolled-back  ana  ana-laptop  2026-11-28 10:45:00 UTC  4m 0s  web rolled-back, worker unchanged (web: rolled-back: smoke check / returned 500)",
    ]);
  });

  test("in a terminal, a table with a header and aligned columns", () => {
    const out = capture();
    reportReleases("shop", "production", records, out, true);
    expect(out.lines[0]).toMatch(/^RELEASE {15}VERSION {2}OUTCOME {6}WHO {2}FROM {41}STARTED {18}TOOK {4}SERVICES$/);
    const outcomeColumn = out.lines[0]!.indexOf("OUTCOME");
    expect(out.lines.slice(1).map((l) => l.slice(outcomeColumn).split(" ")[0])).toEqual(["succeeded", "rolled-back"]);
  });
});

test("a release names the version the environment served after it, or the mixed versions it left", () => {
  const base = records[1]!;
  const rows = [
    { ...base, servingVersion: "abc1234" },
    { ...base, mixedVersions: { web: "abc1234", worker: "def5678" } },
  ].map((r) => {
    const out = capture();
    reportReleases("shop", "production", [r], out, false);
    return out.lines[0] ?? "";
  });
  expect(rows[0]).toContain("web rolled-back, worker unchanged; serving abc1234 after (");
  expect(rows[1]).toContain("; left mixed versions: web abc1234, worker def5678 (");
});
