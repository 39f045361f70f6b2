import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient, PutImageCommand } from "@aws-sdk/client-ecr";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sdkImageTagPort } from "../../src/aws/ecr.js";
import { releasedImages, releaseTag, tagReleasedImages } from "../../src/images/release-tags.js";
import { startMoto, useDummyAwsCredentials, type MotoServer } from "../helpers/moto-server.js";

// Tagging released images through ECR's API, against moto_server's ECR.

let moto: MotoServer;
let ecr: ECRClient;
const settings = () => ({ region: "eu-west-1", endpoint: moto.endpoint });
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${"a".repeat(64)}`, size: 2 },
  layers: [],
});
let digest = "";

beforeAll(async () => {
  useDummyAwsCredentials();
  moto = await startMoto();
  ecr = new ECRClient(settings());
  await ecr.send(new CreateRepositoryCommand({ repositoryName: "shop/web" }));
  const pushed = await ecr.send(
    new PutImageCommand({ repositoryName: "shop/web", imageManifest: manifest, imageTag: "abc1234" }),
  );
  digest = pushed.image?.imageId?.imageDigest ?? "";
});

afterAll(async () => {
  await moto?.stop();
});

async function tagsOf(repositoryName: string): Promise<string[]> {
  const { imageDetails = [] } = await ecr.send(new DescribeImagesCommand({ repositoryName }));
  return imageDetails.flatMap((d) => d.imageTags ?? []).sort();
}

describe("released images keep a per-environment tag", () => {
  test("a released ECR image gets berth-<environment>-<digest> next to the tags it had", async () => {
    const registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    const tagged = await tagReleasedImages(sdkImageTagPort(settings()), "production", [
      `${registry}/shop/web@${digest}`,
    ]);
    expect(tagged).toEqual([{ repository: "shop/web", digest, tag: releaseTag("production", digest) }]);
    expect(await tagsOf("shop/web")).toEqual(["abc1234", releaseTag("production", digest)].sort());
  });

  test("tagging the same release again changes nothing and is not an error", async () => {
    const image = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web@${digest}`;
    await tagReleasedImages(sdkImageTagPort(settings()), "production", [image]);
    await tagReleasedImages(sdkImageTagPort(settings()), "pr-7", [image]);
    expect(await tagsOf("shop/web")).toEqual(
      ["abc1234", releaseTag("pr-7", digest), releaseTag("production", digest)].sort(),
    );
  });

  test("images outside ECR (prebuilt, or another registry) are not berth's to tag", () => {
    expect(
      releasedImages("production", [`public.ecr.aws/nginx/nginx@${digest}`, `ghcr.io/acme/shop/web@${digest}`]),
    ).toEqual([]);
  });

  test("an image missing from the repository is one clear line", async () => {
    const missing = `sha256:${"0".repeat(64)}`;
    await expect(sdkImageTagPort(settings()).addTag("shop/web", missing, "berth-x")).rejects.toMatchObject({
      name: "UserError",
      message: expect.stringMatching(/no image shop\/web@sha256:0+ to tag/),
    });
  });
});
