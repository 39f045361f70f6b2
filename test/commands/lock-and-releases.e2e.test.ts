import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { appStackBootstrap } from "../../src/deployers/app-stack.js";
import { berthTable } from "../../src/aws/berth-table.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { guardedRelease } from "../../src/deployers/guarded-release.js";
import { acquireLock } from "../../src/deployers/lock/environment-lock.js";
import { loadManifest } from "../../src/manifest/load.js";
import type { Manifest } from "../../src/manifest/types.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox();
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const dir = mkdtempSync(join(tmpdir(), "berth-lock-"));
const file = join(dir, "berth.yml");
writeFileSync(
  file,
  `app: dock\nservices:\n  worker: { image: "${IMAGE}", env: { RELEASE: "1" } }\nenvironments:\n  staging: {}\n  production: {}\n`,
);
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
let manifest: Manifest;

beforeAll(async () => {
  const loaded = await loadManifest(file, { env: "production" });
  if (!loaded.ok) throw new Error("fixture manifest has problems");
  manifest = loaded.manifest;
  await appStackBootstrap(manifest, cloudFormationPort(aws()))();
});

describe("the deploy lock from the command line", () => {
  test("a deploy while another run holds the lock fails at once naming the holder, and changes nothing", async () => {
    const held = await acquireLock(berthTable(aws(), "dock").lock, {
      environment: "staging",
      actor: { user: "ana", host: "ana-laptop", ciUrl: "https://github.com/acme/dock/actions/runs/7" },
      version: "v7",
      command: "deploy",
    });
    const run = await berth("deploy", "-e", "staging", "--yes");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /staging is locked: ana https:\/\/github.com\/acme\/dock\/actions\/runs\/7 \(berth deploy of v7\), since .* UTC; expires in/,
    );
    expect(run.stderr).toContain(
      "fix: wait for it to finish (--lock-wait 5m waits), or if that run is gone: berth lock release -e staging",
    );
    expect(await cloudFormationPort(aws()).describeStack("dock-staging")).toBeUndefined();
    if (held.ok) await held.lease.release();
  });

  test("destroy respects the lock too", async () => {
    const held = await acquireLock(berthTable(aws(), "dock").lock, {
      environment: "staging",
      actor: { user: "ana", host: "ana-laptop" },
      version: "v7",
      command: "deploy",
    });
    const run = await berth("destroy", "-e", "staging", "--yes");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("staging is locked: ana on ana-laptop");
    if (held.ok) await held.lease.release();
  });

  test("berth lock shows the holder; lock release refuses without a terminal or --yes, and frees it with --yes", async () => {
    await acquireLock(berthTable(aws(), "dock").lock, {
      environment: "staging",
      actor: { user: "ben", host: "ci-runner" },
      version: "v8",
      command: "rollback",
    });
    const shown = await berth("lock", "-e", "staging");
    expect(shown).toMatchObject({ code: 0 });
    expect(shown.stdout).toMatch(/^staging: locked by ben on ci-runner \(berth rollback of v8\), since/);
    const refused = await berth("lock", "release", "-e", "staging");
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("there is no terminal to ask");
    expect(await berthTable(aws(), "dock").lock.read("staging")).toMatchObject({ user: "ben" });
    const broken = await berth("lock", "release", "-e", "staging", "--yes");
    expect(broken).toMatchObject({ code: 0 });
    expect(broken.stdout).toContain("staging: lock released (it was held by ben on ci-runner");
    expect((await berth("lock", "-e", "staging")).stdout).toBe("staging: not locked\n");
  });

  test("--lock-wait says whom it waits for and how long, then fails naming the holder if the lock stays held", async () => {
    const held = await acquireLock(berthTable(aws(), "dock").lock, {
      environment: "staging",
      actor: { user: "ana", host: "ana-laptop" },
      version: "v9",
      command: "deploy",
    });
    const run = await berth("deploy", "-e", "staging", "--yes", "--lock-wait", "1s");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /berth: staging is locked: ana on ana-laptop \(berth deploy of v9\), since .*; waiting up to 1s for it\n/,
    );
    expect(run.stderr).toContain("fix: wait for it to finish");
    if (held.ok) await held.lease.release();
  });

  test("--lock-wait that is not a duration is a usage error", async () => {
    const run = await berth("deploy", "-e", "staging", "--lock-wait", "soon");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--lock-wait "soon" is not a duration');
  });
});

describe("berth releases", () => {
  const deployOnce = (m: Manifest) =>
    guardedRelease(
      { ...berthTable(aws(), "dock"), bootstrapAppStack: appStackBootstrap(m, cloudFormationPort(aws())) },
      {
        app: "dock",
        environment: "production",
        kind: "deploy",
        command: "deploy",
        version: "v1",
        strategies: { worker: "rolling" },
        lockWaitMs: 0,
        actor: { user: "ana", host: "ana-laptop" },
      },
      () =>
        deployEnvironment(
          m,
          awsEnvironmentPorts(awsImageRequest(m, aws(), { manifestDir: dir }), () => {}),
          { confirm: async () => true, clock: simulatedClock(sandbox), pollMs: 1, releasePollMs: 5_000 },
        ),
    );

  test("lists every deploy newest first, with its version, outcome, who and each service's result", async () => {
    const first = await deployOnce(manifest);
    const second = await deployOnce(manifest);
    expect([first.record.outcome, second.record.outcome]).toEqual(["succeeded", "succeeded"]);
    const run = await berth("releases", "-e", "production");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${second.record.id}  v1  succeeded  ana  ana-laptop  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC  \\S+  worker unchanged; serving v1 after$`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${first.record.id}  v1  succeeded  ana  ana-laptop  .*  worker released; serving v1 after$`),
    );
  });

  test("--json --limit 1 gives the newest release with its task definition and pinned image", async () => {
    const run = await berth("releases", "-e", "production", "--json", "--limit", "1");
    const listed = JSON.parse(run.stdout) as {
      releases: { services: { taskDefinition: string; images: Record<string, string> }[] }[];
    };
    expect(listed.releases).toHaveLength(1);
    expect(listed.releases[0]?.services[0]).toMatchObject({
      taskDefinition: expect.stringMatching(/task-definition\/dock-production-worker:1$/),
      images: { worker: IMAGE },
    });
  });

  test("an environment never deployed says so", async () => {
    const run = await berth("releases", "-e", "staging");
    expect(run).toMatchObject({ code: 0, stdout: "" });
    expect(run.stderr).toContain("dock staging: no releases recorded yet");
  });
});
