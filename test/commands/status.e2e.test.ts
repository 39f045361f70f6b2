import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { appStackBootstrap } from "../../src/deployers/app-stack.js";
import { berthTable } from "../../src/aws/berth-table.js";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { statusReads } from "../../src/aws/status-reads.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { guardedRelease } from "../../src/deployers/guarded-release.js";
import { environmentStatus } from "../../src/deployers/status/environment-status.js";
import { readEnvironment } from "../../src/deployers/status/read-environment.js";
import { loadManifest } from "../../src/manifest/load.js";
import type { Manifest } from "../../src/manifest/types.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox();
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const dir = mkdtempSync(join(tmpdir(), "berth-status-"));
const file = join(dir, "berth.yml");
const manifestText = (release: string) =>
  `app: quay\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, count: 2, deploy: { bake: 5m }, env: { RELEASE: "${release}" } }\n  worker: { image: "${IMAGE}" }\n`;

async function manifest(release: string): Promise<Manifest> {
  writeFileSync(file, manifestText(release));
  const loaded = await loadManifest(file);
  if (!loaded.ok) throw new Error("fixture manifest has problems");
  return loaded.manifest;
}

/** A deploy as `berth deploy` runs it (lock, history), on the sandbox's simulated clock. */
function deploy(m: Manifest, version: string, stopAtPause = false) {
  const ports = awsEnvironmentPorts(awsImageRequest(m, aws(), { manifestDir: dir }), () => {});
  if (stopAtPause) {
    const release = ports.release!.checks.release;
    ports.release!.checks.release = {
      ...release,
      async describeDeployment(arn) {
        const state = await release.describeDeployment(arn);
        if (state?.hooks.some((h) => h.status === "AWAITING_ACTION")) throw new Error("berth was killed at the pause");
        return state;
      },
    };
  }
  const guard = { ...berthTable(aws(), "quay"), bootstrapAppStack: appStackBootstrap(m, cloudFormationPort(aws())) };
  const release = {
    app: "quay",
    environment: "default",
    kind: "deploy" as const,
    command: "deploy",
    version,
    strategies: { web: "bluegreen", worker: "rolling" },
    lockWaitMs: 0,
    actor: { user: "ana", host: "ana-laptop" },
  };
  return guardedRelease(guard, release, () =>
    deployEnvironment(m, ports, {
      confirm: async () => true,
      clock: simulatedClock(sandbox),
      pollMs: 1,
      releasePollMs: 5_000,
    }),
  );
}

const status = async (m: Manifest) =>
  environmentStatus(
    m,
    await readEnvironment(m, { aws: statusReads(aws()), ...berthTable(aws(), "quay") }),
    sandbox().simulator.clock.now(),
  );
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });

let first: Awaited<ReturnType<typeof deploy>>;
beforeAll(async () => {
  first = await deploy(await manifest("1"), "v1");
});

describe("berth status after deploys to the sandbox", () => {
  test("after a release, each service serves the task definition that release recorded, with all its tasks running", async () => {
    expect(first.record.outcome).toBe("succeeded");
    const web = first.record.services.find((s) => s.service === "web")!;
    const now = await status(await manifest("1"));
    expect(now.url).toMatch(/^http:\/\//);
    expect(now.services[0]).toMatchObject({
      service: "web",
      state: "serving",
      serving: { taskDefinition: web.taskDefinition, release: first.record.id, version: "v1", images: { web: IMAGE } },
      tasks: { running: 2, desired: 2, pending: 0 },
    });
    expect(now.services[0]?.traffic?.production).toEqual({ A: 100, B: 0 });
    expect(now.services[0]?.alarms.map((a) => a.name)).toEqual([
      "quay-default-web/5xx-rate",
      "quay-default-web/unhealthy-hosts",
      "quay-default-web/elb-5xx-rate",
      "quay-default-web/p99-latency",
    ]);
    expect(now.lastRelease).toMatchObject({ id: first.record.id, outcome: "succeeded", who: "ana" });
  });

  test("a release left at its pause hook shows in flight at that stage while the old version still serves", async () => {
    const m = await manifest("2");
    const killed = await deploy(m, "v2", true);
    expect(killed.record).toMatchObject({ outcome: "failed", reason: expect.stringContaining("killed at the pause") });
    const now = await status(m);
    expect(now.services[0]).toMatchObject({
      state: "serving",
      serving: { release: first.record.id, version: "v1" },
      inFlight: {
        status: "IN_PROGRESS",
        stage: "POST_TEST_TRAFFIC_SHIFT",
        taskDefinition: expect.stringMatching(/quay-default-web:2$/),
      },
    });
    expect(now.services[0]?.traffic).toEqual({ production: { A: 100, B: 0 }, test: { A: 0, B: 100 } });
    expect(now.lastRelease).toMatchObject({
      id: killed.record.id,
      outcome: "failed",
      reason: expect.stringContaining("killed at the pause"),
    });
  });

  test("berth status prints the same from the command line, and --json parses", async () => {
    const plain = await berth("status");
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(
      new RegExp(`^  web: serving release ${first.record.id} \\(v1, quay-default-web:1\\), tasks \\d+/2 running`, "m"),
    );
    expect(plain.stdout).toMatch(/^ {4}in flight: IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT to quay-default-web:2/m);
    expect(plain.stdout).toContain("traffic: production A 100% / B 0%; test A 0% / B 100%");
    const json = JSON.parse((await berth("status", "--json")).stdout) as {
      services: { service: string; state: string }[];
    };
    expect(json.services.map((s) => [s.service, s.state])).toEqual([
      ["web", "serving"],
      ["worker", "serving"],
    ]);
  });
});
