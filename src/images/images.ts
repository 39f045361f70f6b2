// The entry points `berth build`, `berth push` and `deploy` call: from a loaded manifest
// to built images, or to every service pinned by digest.

import { pullSecretName } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import { commandBuilder, detectBuilder } from "./builder.js";
import { findCredentials } from "./credentials.js";
import { ecrDestination, registryDestination, registryHost, type Destination, type EcrPort } from "./destination.js";
import { planImages, type ImagePlan } from "./plan.js";
import {
  buildImages,
  publishImages,
  resolvePrebuiltImages,
  type ImageEvent,
  type ImagePorts,
  type ServiceImage,
} from "./publish.js";
import { RegistryClient, type RegistryCredentials } from "./registry-client.js";
import { readProvenance } from "./version.js";

export interface ImageRequest {
  manifest: Manifest;
  /** The directory of berth.yml: build contexts are relative to it, and its git tree gives the version. */
  manifestDir: string;
  tag?: string;
  force?: boolean;
  plainHttp?: boolean;
  /** --builder; BERTH_BUILDER when absent. */
  builder?: string;
  /** ECR, the app stack and Secrets Manager: wired by the command (src/commands/image-cloud.ts). */
  cloud: ImageCloud;
  env?: NodeJS.ProcessEnv;
}

/** What images need from AWS; each is reached only when a push needs it. */
export interface ImageCloud {
  ecr(): Promise<EcrPort>;
  /** Brings the app stack, which owns the ECR repositories, up to date (showing its progress). */
  deployAppStack(): Promise<void>;
  pullCredentials(): Promise<PullCredentialsPort>;
}

/**
 * Images in a registry other than ECR are pulled by ECS with repository credentials kept
 * in Secrets Manager: a secret whose value is {"username","password"}, referenced by the
 * task definition's repositoryCredentials.credentialsParameter.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
 */
export interface PullCredentialsPort {
  /** Creates or updates the secret; returns its ARN and whether its value changed. */
  putCredentials(
    name: string,
    credentials: RegistryCredentials,
    tags: Record<string, string>,
  ): Promise<{ arn: string; changed: boolean }>;
}

export type { ServiceImage };

export interface PushResult {
  app: string;
  version: string;
  /** Where built images went; absent when every service uses a prebuilt image. */
  registry?: string;
  destination?: Destination["kind"];
  images: ServiceImage[];
}

export async function buildServices(request: ImageRequest, emit: (e: ImageEvent) => void): Promise<ImagePlan> {
  const plan = await planFor(request);
  await buildImages(plan, imagePorts(request), emit);
  return plan;
}

export async function pushServices(
  request: ImageRequest,
  emit: (e: ImageEvent) => void,
  ports: ImagePorts = imagePorts(request),
): Promise<PushResult> {
  const plan = await planFor(request);
  // Only prebuilt images: nothing to push, so no registry login (and no AWS) is needed.
  const options = { force: request.force === true, plainHttp: request.plainHttp === true };
  if (plan.builds.length === 0)
    return { app: plan.app, version: plan.version, images: await resolvePrebuiltImages(plan, ports, options) };
  const destination = await destinationFor(
    request,
    plan.builds.flatMap((b) => b.services),
  );
  const images = await publishImages(plan, destination, ports, options, emit);
  return {
    app: plan.app,
    version: plan.version,
    registry: destination.endpoint.host,
    destination: destination.kind,
    images,
  };
}

/** Service → `repository@sha256:…`: the `{{image:NAME}}` values of rendered task definitions. */
export function pinnedImages(result: PushResult): Record<string, string> {
  return Object.fromEntries(result.images.map((i) => [i.service, i.image]));
}

async function planFor(request: ImageRequest): Promise<ImagePlan> {
  const provenance = readProvenance(request.manifestDir, request.tag);
  // Prebuilt images are pinned, not tagged: outside git there is simply no version to show.
  const builds = Object.values(request.manifest.services).some((s) => s.build !== undefined);
  return planImages(
    request.manifest,
    request.manifestDir,
    await (builds ? provenance : provenance.catch(() => readProvenance(request.manifestDir, "untagged"))),
  );
}

async function destinationFor(request: ImageRequest, services: string[]): Promise<Destination> {
  const registry = request.manifest.registry;
  const options = { plainHttp: request.plainHttp === true };
  if (registry !== undefined)
    return registryDestination(registry, request.manifest.app, services, options, request.env ?? process.env);
  return ecrDestination(await request.cloud.ecr(), request.manifest.app, services, () =>
    request.cloud.deployAppStack(),
  );
}

export function imagePorts(request: Pick<ImageRequest, "builder" | "env">): ImagePorts {
  const env = request.env ?? process.env;
  return {
    registry: (endpoint) => new RegistryClient(endpoint),
    builder: async () => commandBuilder(await detectBuilder(request.builder ?? env.BERTH_BUILDER)),
    // The BERTH_REGISTRY_* credentials belong to the destination; other registries use the builder's logins.
    credentialsFor: async (host) =>
      (await findCredentials(host, { ...env, BERTH_REGISTRY_USERNAME: undefined, BERTH_REGISTRY_PASSWORD: undefined }))
        ?.credentials,
  };
}

/**
 * For images in a registry other than ECR: the Secrets Manager secret ECS pulls them with,
 * kept equal to the credentials berth pushed with. Undefined for ECR (the task execution
 * role pulls) and for registries that need no login. `deploy` calls this before it
 * registers task definitions.
 */
export async function ensurePullCredentials(request: ImageRequest): Promise<string | undefined> {
  const registry = request.manifest.registry;
  if (registry === undefined) return undefined;
  const host = registryHost(registry);
  const found = await findCredentials(host, request.env ?? process.env);
  if (!found) return undefined;
  const port = await request.cloud.pullCredentials();
  const { arn } = await port.putCredentials(pullSecretName(request.manifest.app, host), found.credentials, {
    "berth:app": request.manifest.app,
  });
  return arn;
}
