import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

// A web service and a Celery-like worker, released together: the environment runs one version.
const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-one-version-"));
const file = join(dir, "berth.yml");
/** `web` and `worker` at their versions; a web version may fail its health checks, or bake for 10 minutes. */
const write = (web: string, worker: string, options: { fail?: boolean; bake?: string; atomic?: boolean } = {}) =>
  writeFileSync(
    file,
    `app: celery\n${options.atomic === false ? "deploy: { atomic: false }\n" : ""}services:\n` +
      `  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: ${options.bake ?? "0m"} }, env: { RELEASE: "${web}"${options.fail ? ", BERTH_SANDBOX_FAIL: health" : ""} } }\n` +
      `  worker: { image: "${IMAGE}", env: { RELEASE: "${worker}" } }\n`,
  );
const env = () => ({ ...sandbox().environment, CI: "true" });
const berth = (...args: string[]) => berthAsync([...args, "-f", file], env());

interface Status {
  version?: { version: string; release: string };
  mixed?: Record<string, string>;
  services: { service: string; serving?: { taskDefinition: string; release?: string; version?: string } }[];
}
async function status(): Promise<Status> {
  return JSON.parse((await berth("status", "--json")).stdout) as Status;
}
const serving = (s: Status) => Object.fromEntries(s.services.map((x) => [x.service, x.serving?.taskDefinition]));

/** A deploy interrupted with SIGINT once web bakes and the worker has released. */
function deployInterruptedInBake(tag: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [resolve("bin/berth.js"), "deploy", "-f", file, "--yes", "--tag", tag], {
    env: { PATH: process.env.PATH ?? "", ...env() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let sent = false;
  return new Promise((done) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      if (
        !sent &&
        /worker: deployment SUCCESSFUL/.test(stderr) &&
        /web: deployment IN_PROGRESS \(BAKE_TIME/.test(stderr)
      ) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("close", (code) => done({ code, stderr }));
  });
}

describe("one version per environment, against the sandbox", () => {
  let v1: Record<string, string | undefined> = {};

  test("version 1 of web and worker goes out", async () => {
    write("1", "1");
    expect((await berth("deploy", "--yes", "--tag", "v1")).code).toBe(0);
    v1 = serving(await status());
    expect(v1.web).toMatch(/celery-default-web:1$/);
  }, 120_000);

  test("web fails its health check after the worker was released: both are back on version 1, and status says so", async () => {
    write("2", "2", { fail: true });
    const run = await berth("deploy", "--yes", "--tag", "v2");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/worker: returning to celery-default-worker:1 because web rolled back/);
    expect(run.stderr).toMatch(/worker: rolled back.*returned to celery-default-worker:1 because web rolled back/);
    const after = await status();
    expect(serving(after)).toEqual(v1);
    expect(after.version?.version).toBe("v1");
    expect(after.mixed).toBeUndefined();
    expect((await berth("status")).stdout).toContain("  version v1 (release ");
    const { releases } = JSON.parse((await berth("releases", "--json")).stdout) as {
      releases: { outcome: string; servingVersion?: string; services: { service: string; result: string }[] }[];
    };
    expect(releases[0]).toMatchObject({ outcome: "rolled-back", servingVersion: "v1" });
    expect(releases[0]?.services.map((s) => `${s.service} ${s.result}`)).toEqual([
      "web rolled-back",
      "worker rolled-back",
    ]);
  }, 120_000);

  test("Ctrl-C while web bakes rolls back: the worker returns too, berth exits 130, both serve version 1", async () => {
    write("3", "3", { bake: "10m" });
    const run = await deployInterruptedInBake("v3");
    expect(run.stderr).toContain("worker returns to the version before once the releases in flight have rolled back");
    expect(run.stderr).toMatch(/worker: returning to celery-default-worker:1 because web rolled back/);
    expect(run.code).toBe(130);
    expect(serving(await status())).toEqual(v1);
    expect((await berth("lock")).stdout).toBe("default: not locked\n");
  }, 120_000);

  test("rollback to a release that did not touch the worker moves the worker to what served then, said before", async () => {
    write("4", "1");
    expect((await berth("deploy", "--yes", "--tag", "v4")).code).toBe(0);
    const { releases } = JSON.parse((await berth("releases", "--json")).stdout) as {
      releases: { id: string; version: string }[];
    };
    const r4 = releases.find((r) => r.version === "v4")!.id;
    const r1 = releases.find((r) => r.version === "v1")!.id;
    write("5", "5");
    expect((await berth("deploy", "--yes", "--tag", "v5")).code).toBe(0);
    const run = await berth("rollback", "--to", r4, "--yes");
    expect(run.stderr).toMatch(
      new RegExp(
        `worker: moves from celery-default-worker:\\d+ \\(version v5, release \\S+\\) to celery-default-worker:1 \\(version v1, release ${r1}\\)`,
      ),
    );
    expect(run.stderr).toContain(`the environment returns to version v4 (release ${r4})`);
    expect(run.code).toBe(0);
    const after = await status();
    expect(after.services.find((s) => s.service === "worker")?.serving).toMatchObject({
      taskDefinition: v1.worker,
      release: r1,
      version: "v1",
    });
    // status names the rolled-back-to version, never the one rolled back from nor the rollback's checkout.
    expect(after.services.find((s) => s.service === "web")?.serving).toMatchObject({ release: r4, version: "v4" });
    expect(after.version?.version).toBe("v4");
  }, 120_000);

  test("with deploy.atomic: false the worker stays on the new version, and deploy, status and --json name the mixed state", async () => {
    write("6", "6", { fail: true, atomic: false });
    const run = await berth("deploy", "--yes", "--tag", "v6");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "mixed versions: worker serves the new version while other services serve the one before; deploy.atomic is false for this environment",
    );
    const after = await status();
    expect(after.mixed).toEqual({ web: "v4", worker: "v6" });
    expect((await berth("status")).stdout).toContain("  mixed versions: web v4, worker v6;");
  }, 120_000);

  test("destroy is recorded in the history", async () => {
    const run = await berth("destroy", "--yes");
    expect(run.code).toBe(0);
    const { releases } = JSON.parse((await berth("releases", "--json")).stdout) as {
      releases: { kind: string; outcome: string }[];
    };
    expect(releases[0]).toMatchObject({ kind: "destroy", outcome: "succeeded" });
  }, 120_000);
});
