import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

// `berth logs --release` against two releases deployed into the sandbox, whose simulated
// tasks write their own log lines (`[berth sandbox] web: started …`) under their task ids.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-logs-release-"));
const file = join(dir, "berth.yml");
const write = (release: string) =>
  writeFileSync(
    file,
    `app: eras\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { RELEASE: "${release}" } }\n`,
  );
const berth = (...args: string[]) => berthAsync([...args, "--file", file], { ...sandbox().environment, CI: "true" });
const tasksIn = (stdout: string) =>
  new Set(
    stdout
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => (JSON.parse(l) as { task: string }).task),
  );
let ids: string[] = [];

beforeAll(async () => {
  write("1");
  expect((await berth("deploy", "--yes")).code).toBe(0);
  write("2");
  expect((await berth("deploy", "--yes")).code).toBe(0);
  const releases = JSON.parse((await berth("releases", "--json")).stdout) as { releases: { id: string }[] };
  ids = releases.releases.map((r) => r.id).reverse();
}, 240_000);

describe("berth logs --release against the sandbox", () => {
  test("shows only the lines of that release's tasks", async () => {
    const [first, second] = await Promise.all(
      ids.map((id) => berth("logs", "--release", id, "--since", "1h", "--json")),
    );
    const all = await berth("logs", "--since", "1h", "--json");
    const firstTasks = tasksIn(first!.stdout);
    const secondTasks = tasksIn(second!.stdout);
    expect(first!.code).toBe(0);
    expect(firstTasks.size).toBeGreaterThan(0);
    expect(secondTasks.size).toBeGreaterThan(0);
    expect([...firstTasks].filter((t) => secondTasks.has(t))).toEqual([]);
    expect(new Set([...firstTasks, ...secondTasks])).toEqual(tasksIn(all.stdout));
  }, 60_000);

  test("an unknown release id is a usage error that names berth releases", async () => {
    const run = await berth("logs", "--release", "20200101-000000-0000");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("there is no release 20200101-000000-0000");
    expect(run.stderr).toContain("berth releases -e default");
  }, 60_000);
});
