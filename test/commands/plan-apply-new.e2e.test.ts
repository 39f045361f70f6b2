import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { BatchDeleteImageCommand, CreateRepositoryCommand, ECRClient, PutImageCommand } from "@aws-sdk/client-ecr";
import { describe, expect, test } from "vitest";
import type { EnvironmentPlan } from "../../src/deployers/plan/environment-plan.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-plan-new-"));
const file = join(dir, "berth.yml");
const planFile = join(dir, "plan.json");
const berth = (...args: string[]) =>
  berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true", BERTH_DEBUG: "1" });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const statusOf = async (stack: string) =>
  (await new CloudFormationClient(aws()).send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0]
    ?.StackStatus;

/** An image in the sandbox's ECR (a manifest alone: nothing pulls it), pinned by digest. */
async function ecrImage(repository: string): Promise<string> {
  const ecr = new ECRClient(aws());
  await ecr.send(new CreateRepositoryCommand({ repositoryName: repository }));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${"c".repeat(64)}`, size: 2 },
    layers: [],
  });
  const pushed = await ecr.send(new PutImageCommand({ repositoryName: repository, imageManifest: manifest }));
  return `${pushed.image?.registryId}.dkr.ecr.${aws().region}.amazonaws.com/${repository}@${pushed.image?.imageId?.imageDigest}`;
}

describe("berth plan --out of an environment that does not exist yet", () => {
  test("its stacks wait in REVIEW_IN_PROGRESS, said so; apply creates the environment and releases it", async () => {
    const image = await ecrImage("fresh/web");
    writeFileSync(
      file,
      `app: fresh\nservices:\n  web: { image: "${image}", port: 80, http: {}, deploy: { bake: 0m } }\n`,
    );
    const planned = await berth("plan", "--out", planFile);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain(
      "fresh-default did not exist: its CREATE change set left it in REVIEW_IN_PROGRESS",
    );
    expect(planned.stderr).toContain("stack fresh-default-web: its change set is created by apply, from this template");
    expect(await statusOf("fresh-default")).toBe("REVIEW_IN_PROGRESS");
    const plan = JSON.parse(readFileSync(planFile, "utf8")) as EnvironmentPlan;
    expect(plan.stacks.find((s) => s.stackName === "fresh-default")?.changeSet?.type).toBe("CREATE");

    const applied = await berth("apply", planFile, "--yes");
    expect(applied.code, applied.stderr).toBe(0);
    expect(await statusOf("fresh-default")).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    expect(await statusOf("fresh-default-web")).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    const status = JSON.parse((await berth("status", "--json")).stdout) as {
      services: { service: string; serving?: { images: Record<string, string> } }[];
    };
    expect(status.services[0]?.serving?.images.web).toBe(image);
  }, 240_000);

  test("an abandoned plan of a new environment leaves nothing a deploy trips on", async () => {
    const image = await ecrImage("left/web");
    writeFileSync(
      file,
      `app: left\nservices:\n  web: { image: "${image}", port: 80, http: {}, deploy: { bake: 0m } }\n`,
    );
    expect((await berth("plan", "--out", planFile)).code).toBe(0);
    expect(await statusOf("left-default")).toBe("REVIEW_IN_PROGRESS");
    const deployed = await berth("deploy", "--yes");
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(await statusOf("left-default")).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    // The deploy replaced the empty stack the plan left (and its change set with it): apply refuses the plan.
    const applied = await berth("apply", planFile, "--yes");
    expect(applied.code).toBe(3);
    expect(applied.stderr).toContain("the stack left-default was deleted and created again since the plan");
  }, 240_000);

  test("a plan whose image was deleted since is refused, naming the image", async () => {
    const image = await ecrImage("gone/web");
    writeFileSync(
      file,
      `app: gone\nservices:\n  web: { image: "${image}", port: 80, http: {}, deploy: { bake: 0m } }\n`,
    );
    expect((await berth("deploy", "--yes")).code).toBe(0);
    writeFileSync(
      file,
      `app: gone\nservices:\n  web: { image: "${image}", port: 80, http: {}, deploy: { bake: 0m }, env: { MODE: fast } }\n`,
    );
    expect((await berth("plan", "--out", planFile)).code).toBe(0);
    await new ECRClient(aws()).send(
      new BatchDeleteImageCommand({ repositoryName: "gone/web", imageIds: [{ imageDigest: image.split("@")[1] }] }),
    );
    const applied = await berth("apply", planFile, "--yes");
    expect(applied.code).toBe(3);
    expect(applied.stderr).toContain(`web's image ${image} is no longer in its registry`);
    expect(applied.stderr).toContain("nothing was changed");
  }, 240_000);

  test("berth destroy removes the empty stack a plan that was never applied left", async () => {
    const image = await ecrImage("drop/web");
    writeFileSync(
      file,
      `app: drop\nservices:\n  web: { image: "${image}", port: 80, http: {}, deploy: { bake: 0m } }\n`,
    );
    expect((await berth("plan", "--out", planFile)).code).toBe(0);
    expect(await statusOf("drop-default")).toBe("REVIEW_IN_PROGRESS");
    const destroyed = await berth("destroy", "--yes");
    expect(destroyed.code, destroyed.stderr).toBe(0);
    await expect(statusOf("drop-default")).rejects.toThrow(/does not exist/);
  }, 240_000);
});
