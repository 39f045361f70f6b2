import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-rollback-"));
const file = join(dir, "berth.yml");
const write = (release: string) =>
  writeFileSync(
    file,
    `app: back\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { RELEASE: "${release}" } }\n`,
  );
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });

describe("berth rollback from the command line", () => {
  test("without --yes outside a terminal it refuses and changes nothing", async () => {
    write("1");
    expect((await berth("deploy", "--yes")).code).toBe(0);
    write("2");
    expect((await berth("deploy", "--yes")).code).toBe(0);
    const run = await berth("rollback");
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("fix: pass --yes to roll back without asking");
    // A refusal before any change is no failed rollback: the history records it as refused.
    const { releases } = JSON.parse((await berth("releases", "--json")).stdout) as {
      releases: { kind: string; outcome: string }[];
    };
    expect(releases[0]).toMatchObject({ kind: "rollback", outcome: "refused" });
  }, 120_000);

  test("returns to the release before, exits 0, and the history records it as a rollback", async () => {
    const run = await berth("rollback", "--yes");
    expect(run.stderr).toMatch(/web: released arn:aws:ecs:.*task-definition\/back-default-web:1/);
    expect(run.code).toBe(0);
    const releases = await berth("releases", "--json");
    const newest = (JSON.parse(releases.stdout) as { releases: unknown[] }).releases[0];
    expect(newest).toMatchObject({ kind: "rollback", outcome: "succeeded", rollbackTo: expect.any(String) });
  }, 120_000);
});
