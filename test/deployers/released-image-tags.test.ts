import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient, PutImageCommand } from "@aws-sdk/client-ecr";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { describe, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { releaseTag } from "../../src/images/release-tags.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

const sandboxNow = useSandbox();
const aws = () => ({ region: sandboxNow().region, endpoint: sandboxNow().endpoint });

describe("a release keeps its images from the ECR lifecycle policy", () => {
  test("after a successful release, each service's ECR image carries berth-<environment>-…", async () => {
    const ecr = new ECRClient(aws());
    await ecr.send(new CreateRepositoryCommand({ repositoryName: "keep/worker" }));
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${"b".repeat(64)}`, size: 2 },
      layers: [],
    });
    const pushed = await ecr.send(
      new PutImageCommand({ repositoryName: "keep/worker", imageManifest: manifest, imageTag: "abc1234" }),
    );
    const digest = pushed.image?.imageId?.imageDigest ?? "";
    const image = `${pushed.image?.registryId}.dkr.ecr.${aws().region}.amazonaws.com/keep/worker@${digest}`;

    const m = manifestOf(`app: keep\nservices:\n  worker: { image: "${image}" }\n`);
    const ports = {
      ...awsEnvironmentPorts(awsImageRequest(m, aws()), () => {}),
      pushImages: async () => ({ images: { worker: image } }),
    };
    const outcome = await deployEnvironment(m, ports, {
      confirm: async () => true,
      clock: simulatedClock(sandboxNow),
      pollMs: 1,
      releasePollMs: 5_000,
    });

    expect(outcome.releases?.map((r) => r.result)).toEqual(["released"]);
    const tags =
      (await ecr.send(new DescribeImagesCommand({ repositoryName: "keep/worker" }))).imageDetails?.[0]?.imageTags ?? [];
    expect(tags.sort()).toEqual(["abc1234", releaseTag("default", digest)].sort());
  });
});
