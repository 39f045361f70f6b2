import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const image = (digit: string) => `public.ecr.aws/docker/library/nginx@sha256:${digit.repeat(64)}`;
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-images-from-"));
const file = join(dir, "berth.yml");
// The base names the image; staging and production differ only in name, as a team's would.
const write = (web: string, worker: string) =>
  writeFileSync(
    file,
    `app: promo
services:
  web: { image: "${web}", port: 80, http: {}, deploy: { bake: 0m } }
  worker: { image: "${worker}", command: [run] }
environments:
  staging: {}
  production: {}
`,
  );
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
type Status = { services: { service: string; serving?: { images: Record<string, string> } }[] };
const served = async (env: string) =>
  Object.fromEntries(
    (JSON.parse((await berth("status", "-e", env, "--json")).stdout) as Status).services.map((s) => [
      s.service,
      s.serving?.images[s.service],
    ]),
  );

describe("berth deploy --images-from", () => {
  test("refuses before anything changes when nothing serves in the source, and records no release", async () => {
    write(image("a"), image("b"));
    const run = await berth("deploy", "-e", "production", "--images-from", "staging", "--yes");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--images-from staging: web: nothing serves in staging (deploy it there first)");
    const releases = JSON.parse((await berth("releases", "-e", "production", "--json")).stdout) as {
      releases: unknown[];
    };
    expect(releases.releases).toEqual([]);
  }, 120_000);

  test("production gets the digests staging serves, not what the manifest names now", async () => {
    expect((await berth("deploy", "-e", "staging", "--yes")).code).toBe(0);
    // The manifest moves on (main gets a new commit) after staging was tested.
    write(image("c"), image("d"));
    const run = await berth("deploy", "-e", "production", "--images-from", "staging", "--yes");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`images from staging`);
    expect(await served("production")).toEqual({ web: image("a"), worker: image("b") });
    expect(await served("staging")).toEqual({ web: image("a"), worker: image("b") });
  }, 180_000);
});
