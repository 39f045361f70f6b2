import { UserError } from "../exit-codes.js";
import type { EcrPort } from "../images/image-port.js";
import { isLoopbackHost } from "../images/reference.js";
import type { ImageTagPort } from "../images/release-tags.js";
import type * as EcrSdkModule from "@aws-sdk/client-ecr";
import { awsFailure } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

type EcrSdk = typeof EcrSdkModule;

/** The ECR port over the SDK; the SDK is loaded here, on first use, never by validate or render. */
export async function sdkEcrPort(settings: AwsSettings): Promise<EcrPort> {
  const sdk = await import("@aws-sdk/client-ecr");
  const client = new sdk.ECRClient(clientConfig(settings));
  return {
    async authorization() {
      const response = await client
        .send(new sdk.GetAuthorizationTokenCommand({}))
        .catch(awsFailure("ECR", "GetAuthorizationToken"));
      const data = response.authorizationData?.[0];
      if (!data?.authorizationToken || !data.proxyEndpoint) throw new UserError("ECR returned no authorization token");
      const decoded = Buffer.from(data.authorizationToken, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const endpoint = new URL(data.proxyEndpoint);
      const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
      const plainHttp = endpoint.protocol === "http:" && isLoopbackHost(endpoint.host);
      return { host: endpoint.host, credentials, ...(plainHttp ? { plainHttp } : {}) };
    },
    async repositoryUri(name) {
      try {
        const found = await client.send(new sdk.DescribeRepositoriesCommand({ repositoryNames: [name] }));
        return found.repositories?.[0]?.repositoryUri;
      } catch (error) {
        if (error instanceof sdk.RepositoryNotFoundException) return undefined;
        return awsFailure("ECR", "DescribeRepositories")(error);
      }
    },
  };
}

/**
 * Adds a tag to an image already pushed, as ECR documents it: BatchGetImage for the
 * manifest, then PutImage with the same manifest and the new tag
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-retag.html).
 * A tag already on that image is not an error.
 */
export function sdkImageTagPort(settings: AwsSettings): ImageTagPort {
  let client: Promise<{ sdk: EcrSdk; ecr: EcrSdk["ECRClient"]["prototype"] }> | undefined;
  return {
    async addTag(repositoryName, imageDigest, imageTag) {
      client ??= import("@aws-sdk/client-ecr").then((sdk) => ({ sdk, ecr: new sdk.ECRClient(clientConfig(settings)) }));
      const { sdk, ecr } = await client;
      const found = await ecr
        .send(new sdk.BatchGetImageCommand({ repositoryName, imageIds: [{ imageDigest }] }))
        .catch(awsFailure("ECR", "BatchGetImage"));
      const image = found.images?.[0];
      if (!image?.imageManifest)
        throw new UserError(
          `ECR has no image ${repositoryName}@${imageDigest} to tag`,
          1,
          "push it again with `berth push --force`",
        );
      const mediaType = image.imageManifestMediaType ? { imageManifestMediaType: image.imageManifestMediaType } : {};
      const put = { repositoryName, imageManifest: image.imageManifest, imageTag, imageDigest, ...mediaType };
      try {
        await ecr.send(new sdk.PutImageCommand(put));
      } catch (error) {
        if (error instanceof sdk.ImageAlreadyExistsException) return;
        awsFailure("ECR", "PutImage")(error);
      }
    },
  };
}
