import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { berthAsync, deployKilledAtThePause } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
// Five times faster than the clock: a release left at berth's pause hook waits there for
// the rest of this file (its 15-minute timeout is 3 minutes away).
const sandbox = useSandbox({ speed: 5 });
const dir = mkdtempSync(join(tmpdir(), "berth-killed-"));
const file = join(dir, "berth.yml");
const write = (release: string) =>
  writeFileSync(
    file,
    `app: killed\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { RELEASE: "${release}" } }\n`,
  );
const env = () => ({ ...sandbox().environment, CI: "true" });
const berth = (...args: string[]) => berthAsync([...args, "-f", file], env());

describe("a deploy killed at the pause hook, then deployed again", () => {
  test("the first release goes out", async () => {
    write("1");
    expect((await berth("deploy", "--yes")).code).toBe(0);
  }, 120_000);

  test("after the kill, the lock names the dead holder and the next deploy fails fast saying how to free it", async () => {
    write("2");
    await deployKilledAtThePause(file, env());
    const lock = await berth("lock");
    expect(lock.stdout).toMatch(/^default: locked by .* \(berth deploy of .*\), since .*; expires in/);
    const blocked = await berth("deploy", "--yes");
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/berth: default is locked: .*\n\s+fix: wait for it to finish .*berth lock release/);
  }, 120_000);

  test("once the lock is freed, the rerun finishes the release left in flight: exit 0, released, never unchanged", async () => {
    expect((await berth("lock", "release", "--yes")).code).toBe(0);
    const rerun = await berth("deploy", "--yes");
    expect(rerun.stderr).toMatch(/web: released arn:aws:ecs:/);
    expect(rerun.stderr).not.toMatch(/web: unchanged/);
    expect(rerun.code).toBe(0);
    const status = await berth("status", "--json");
    expect(status.stdout).not.toContain('"inFlight"');
  }, 120_000);

  test("the killed run's release is closed in the history as interrupted, naming the run that took over", async () => {
    const { releases } = JSON.parse((await berth("releases", "--json")).stdout) as {
      releases: { id: string; outcome: string; reason?: string }[];
    };
    expect(releases.map((r) => r.outcome)).toEqual(["succeeded", "interrupted", "succeeded"]);
    expect(releases[1]?.reason).toContain(`release ${releases[0]?.id} took over the lock`);
  }, 120_000);
});
