import type { AwsRequest } from "./aws-request.js";
import type { ProxyReply } from "./proxy-reply.js";
import { MOTO_ACCOUNT_ID } from "./simulator/simulator.js";

const ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921";
// The image manifest formats a registry serves (OCI and Docker, single and multi-platform).
const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");
const JSON_HEADERS = { "content-type": "application/x-amz-json-1.1" };
// moto's repository URIs name the real ECR host, which does not resolve on a laptop.
const ECR_HOST = /\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com/g;

/**
 * ECR's registry endpoint, served by the sandbox's registry (sandbox-registry.ts). moto
 * keeps the repositories (the app stack creates them); the sandbox makes what berth reads
 * from ECR point at the loopback registry and agree with what was pushed there:
 * - GetAuthorizationToken's proxyEndpoint is `http://127.0.0.1:PORT` (plain HTTP: the
 *   registry is on this machine), with a token for user AWS, as ECR's are;
 * - repository URIs in DescribeRepositories and CreateRepository name that host;
 * - DescribeImages lists the registry's tags and digests.
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html
 */
export interface EcrRegistryAnswers {
  answer(request: AwsRequest): Promise<ProxyReply | undefined>;
  rewrite(request: AwsRequest, body: string): string;
}

interface ImageId {
  imageTag?: string;
  imageDigest?: string;
}

interface ImageDetail {
  registryId: string;
  repositoryName: string;
  imageDigest: string;
  imageTags: string[];
  imageManifestMediaType?: string;
  imageSizeInBytes?: number;
}

export function ecrRegistryAnswers(registryHost: string): EcrRegistryAnswers {
  const isEcr = (request: AwsRequest): request is Extract<AwsRequest, { protocol: "json" }> =>
    request.protocol === "json" && request.target.startsWith(ECR_TARGET);
  return {
    async answer(request) {
      if (!isEcr(request)) return undefined;
      if (request.operation === "GetAuthorizationToken") return authorizationReply(registryHost);
      if (request.operation === "DescribeImages")
        return describeImages(registryHost, request.body as DescribeImagesInput);
      return undefined;
    },
    rewrite(request, body) {
      if (!isEcr(request)) return body;
      if (request.operation !== "DescribeRepositories" && request.operation !== "CreateRepository") return body;
      return body.replace(ECR_HOST, registryHost);
    },
  };
}

/**
 * Without a registry, a push has nowhere to go: ECR's login says so, with the install
 * command, instead of handing out a host that does not resolve. Apps of prebuilt images
 * never log in, so they still deploy.
 */
export function missingRegistryAnswers(installHint: string): EcrRegistryAnswers {
  return {
    async answer(request) {
      if (request.protocol !== "json" || request.target !== `${ECR_TARGET}.GetAuthorizationToken`) return undefined;
      const message = `berth sandbox has no container registry to push to; install one (${installHint}) and restart the sandbox, or use prebuilt image: references`;
      return { status: 400, headers: JSON_HEADERS, body: JSON.stringify({ __type: "ServerException", message }) };
    },
    rewrite: (_request, body) => body,
  };
}

function authorizationReply(registryHost: string): ProxyReply {
  // Twelve hours, as ECR's tokens last; the registry checks none.
  const expiresAt = Math.floor(Date.now() / 1000) + 12 * 3600;
  const authorizationToken = Buffer.from("AWS:berth-sandbox").toString("base64");
  const data = { authorizationToken, expiresAt, proxyEndpoint: `http://${registryHost}` };
  return { status: 200, headers: JSON_HEADERS, body: JSON.stringify({ authorizationData: [data] }) };
}

interface DescribeImagesInput {
  repositoryName?: string;
  imageIds?: ImageId[];
}

/** The registry's images of a repository; a repository the registry never saw is left to moto. */
async function describeImages(registryHost: string, input: DescribeImagesInput): Promise<ProxyReply | undefined> {
  const repository = input.repositoryName ?? "";
  const details = await imagesIn(registryHost, repository);
  if (!details) return undefined;
  const wanted = input.imageIds ?? [];
  const matches = (detail: ImageDetail, id: ImageId) =>
    (id.imageDigest === undefined || id.imageDigest === detail.imageDigest) &&
    (id.imageTag === undefined || detail.imageTags.includes(id.imageTag));
  const missing = wanted.find((id) => !details.some((detail) => matches(detail, id)));
  if (missing) {
    const name = missing.imageTag ?? missing.imageDigest ?? "";
    const message = `The image with imageId {${name}} does not exist within the repository with name '${repository}' in the registry with id '${MOTO_ACCOUNT_ID}'`;
    return { status: 400, headers: JSON_HEADERS, body: JSON.stringify({ __type: "ImageNotFoundException", message }) };
  }
  const imageDetails = wanted.length === 0 ? details : details.filter((d) => wanted.some((id) => matches(d, id)));
  return { status: 200, headers: JSON_HEADERS, body: JSON.stringify({ imageDetails }) };
}

async function imagesIn(registryHost: string, repository: string): Promise<ImageDetail[] | undefined> {
  const base = `http://${registryHost}/v2/${repository}`;
  const listed = await fetch(`${base}/tags/list`);
  if (listed.status === 404) return undefined;
  if (!listed.ok) throw new Error(`the sandbox registry answered HTTP ${listed.status} listing ${repository}`);
  const tags = ((await listed.json()) as { tags?: string[] | null }).tags ?? [];
  const byDigest = new Map<string, ImageDetail>();
  for (const tag of tags) {
    const response = await fetch(`${base}/manifests/${tag}`, { headers: { accept: MANIFEST_TYPES } });
    const digest = response.headers.get("docker-content-digest");
    const manifest = (await response.json()) as { config?: { size?: number }; layers?: { size?: number }[] };
    if (!response.ok || !digest) continue;
    const known = byDigest.get(digest);
    if (known) {
      known.imageTags.push(tag);
      continue;
    }
    const size =
      (manifest.config?.size ?? 0) + (manifest.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0);
    const mediaType = response.headers.get("content-type");
    byDigest.set(digest, {
      registryId: MOTO_ACCOUNT_ID,
      repositoryName: repository,
      imageDigest: digest,
      imageTags: [tag],
      ...(mediaType ? { imageManifestMediaType: mediaType } : {}),
      ...(size > 0 ? { imageSizeInBytes: size } : {}),
    });
  }
  return [...byDigest.values()];
}
