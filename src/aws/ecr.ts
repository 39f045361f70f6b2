import { UserError } from "../exit-codes.js";
import type { RegistryCredentials } from "../images/registry-client.js";
import type { ImageTagPort } from "../images/release-tags.js";
import type * as EcrSdkModule from "@aws-sdk/client-ecr";

type EcrSdk = typeof EcrSdkModule;
import { awsFailure } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/**
 * What berth needs from ECR: a registry login and the app's repositories. Repositories
 * belong to the app stack (CloudFormation owns infrastructure): when one is missing — a
 * first push before the first deploy, or a new service — the app stack is brought up to
 * date, never a repository created beside it that the stack would later collide with.
 */
export interface EcrPort {
  /** GetAuthorizationToken: the registry host and a 12-hour login (user AWS). */
  authorization(): Promise<{ host: string; credentials: RegistryCredentials }>;
  /** The repository's URI; when it does not exist, the app stack is deployed to create it. */
  ensureRepository(name: string): Promise<{ uri: string; created: boolean }>;
}

/** The SDK adapter; the SDK is loaded here, on first use, never by validate or render. */
export async function sdkEcrPort(settings: AwsSettings, deployAppStack: () => Promise<void>): Promise<EcrPort> {
  const sdk = await import("@aws-sdk/client-ecr");
  const client = new sdk.ECRClient(clientConfig(settings));
  const find = async (name: string): Promise<string | undefined> => {
    try {
      const found = await client.send(new sdk.DescribeRepositoriesCommand({ repositoryNames: [name] }));
      return found.repositories?.[0]?.repositoryUri;
    } catch (error) {
      if (error instanceof sdk.RepositoryNotFoundException) return undefined;
      return awsFailure("ECR", "DescribeRepositories")(error);
    }
  };
  return {
    async authorization() {
      const response = await client.send(new sdk.GetAuthorizationTokenCommand({})).catch(awsFailure("ECR", "GetAuthorizationToken"));
      const data = response.authorizationData?.[0];
      if (!data?.authorizationToken || !data.proxyEndpoint) throw new UserError("ECR returned no authorization token");
      const decoded = Buffer.from(data.authorizationToken, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      return { host: new URL(data.proxyEndpoint).host, credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
    },
    async ensureRepository(name) {
      const uri = await find(name);
      if (uri) return { uri, created: false };
      await deployAppStack();
      const created = await find(name);
      if (!created) throw new UserError(`the app stack was deployed but ECR has no repository ${name}`, 1, "look at the app stack's events in the CloudFormation console");
      return { uri: created, created: true };
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
      const found = await ecr.send(new sdk.BatchGetImageCommand({ repositoryName, imageIds: [{ imageDigest }] })).catch(awsFailure("ECR", "BatchGetImage"));
      const image = found.images?.[0];
      if (!image?.imageManifest) throw new UserError(`ECR has no image ${repositoryName}@${imageDigest} to tag`, 1, "push it again with `berth push --force`");
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
