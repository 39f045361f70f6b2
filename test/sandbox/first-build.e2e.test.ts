import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeImagesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { deployEnvironment, type EnvironmentOutcome } from "../../src/deployers/deploy-environment.js";
import { MANIFEST_TYPES } from "../../src/adapters/registry-client.js";
import { loadManifest } from "../../src/manifest/load.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { buildahEnv, type BuildahEnv } from "../helpers/buildah-env.mjs";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";

// A newcomer's first run, on real components: `berth init` in a directory with a
// Dockerfile, then a deploy into the sandbox, which builds with Buildah and pushes into
// the sandbox's registry (Debian's docker-registry) through ECR's answers. The deploy runs
// in-process on the sandbox's simulated clock, so the release takes no wall time.

const sandbox = useSandbox();
let buildah: BuildahEnv;
let project: string;
let outcome: EnvironmentOutcome;
const images: string[] = [];

beforeAll(async () => {
  buildah = buildahEnv();
  Object.assign(process.env, buildah.env);
  project = mkdtempSync(join(tmpdir(), "berth-first-"));
  writeFileSync(join(project, "Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\nEXPOSE 8000\n");
  writeFileSync(join(project, "hello.txt"), "hello\n");
  const init = await berthAsync(["init", "--app", "first"], {}, project);
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: project });
  git("init", "-q");
  git("add", ".");
  git("commit", "-q", "-m", "first");
  const loaded = await loadManifest(join(project, "berth.yml"));
  if (!loaded.ok) throw new Error(`init wrote an invalid manifest: ${JSON.stringify(loaded.problems)}`);
  const aws = { region: sandbox().region, endpoint: sandbox().endpoint };
  const ports = awsEnvironmentPorts(
    awsImageRequest(loaded.manifest, aws, { manifestDir: project }),
    (e) => e.type === "present" && images.push(...e.references),
  );
  outcome = await deployEnvironment(loaded.manifest, ports, {
    confirm: async () => true,
    clock: simulatedClock(sandbox),
    pollMs: 1,
    releasePollMs: 5_000,
  });
}, 120_000);

afterAll(() => {
  buildah?.remove();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("init → deploy of an app with build: . in the sandbox", () => {
  test("init writes a manifest that builds the directory", () => {
    expect(readFileSync(join(project, "berth.yml"), "utf8")).toContain("build: .");
  });

  test("the deploy builds, pushes to the sandbox registry and releases the service", () => {
    expect(outcome.ok).toBe(true);
    expect(outcome.releases?.map((r) => [r.service, r.result])).toEqual([["web", "released"]]);
  });

  test("the released image is pinned by digest in the sandbox registry, which serves it", async () => {
    const web = outcome.images?.web ?? "";
    expect(web).toMatch(new RegExp(`^${sandbox().registry!.replace(/\./g, "\\.")}/first/web@sha256:[0-9a-f]{64}$`));
    const [repository, digest] = web.slice(web.indexOf("/") + 1).split("@");
    const response = await fetch(`http://${sandbox().registry}/v2/${repository}/manifests/${digest}`, {
      method: "HEAD",
      headers: { accept: MANIFEST_TYPES },
    });
    expect(response.status).toBe(200);
  });

  test("ECR's DescribeImages lists what was pushed, with its tag and digest", async () => {
    const ecr = new ECRClient({ region: sandbox().region, endpoint: sandbox().endpoint });
    const found = await ecr.send(new DescribeImagesCommand({ repositoryName: "first/web" }));
    const digest = (outcome.images?.web ?? "").split("@")[1];
    expect(found.imageDetails?.map((d) => d.imageDigest)).toEqual([digest]);
    expect(found.imageDetails?.[0]?.imageTags?.[0]).toMatch(/^[0-9a-f]{7,}$/);
  });

  test("ECR's DescribeImages of a tag that was never pushed is ImageNotFoundException, as in AWS", async () => {
    const ecr = new ECRClient({ region: sandbox().region, endpoint: sandbox().endpoint });
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: "first/web", imageIds: [{ imageTag: "nope" }] })),
    ).rejects.toMatchObject({ name: "ImageNotFoundException" });
  });

  test("a second deploy finds the version in the registry and builds nothing", async () => {
    const loaded = await loadManifest(join(project, "berth.yml"));
    if (!loaded.ok) throw new Error("manifest");
    const aws = { region: sandbox().region, endpoint: sandbox().endpoint };
    const ports = awsEnvironmentPorts(
      awsImageRequest(loaded.manifest, aws, { manifestDir: project }),
      (e) => e.type === "present" && images.push(...e.references),
    );
    const again = await deployEnvironment(loaded.manifest, ports, {
      confirm: async () => true,
      clock: simulatedClock(sandbox),
      pollMs: 1,
      releasePollMs: 5_000,
    });
    expect(again.releases?.map((r) => r.result)).toEqual(["unchanged"]);
    expect(images).toEqual([expect.stringMatching(/\/first\/web:[0-9a-f]+$/)]);
  });
});
