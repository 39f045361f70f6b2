// The entry points `berth build`, `berth push` and `deploy` call: from a loaded manifest
// to built images, or to every service pinned by digest.

import { pullSecretName } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import { ecrDestination, registryDestination, registryHost, type Destination } from "./destination.js";
import type { ImageCloud, ImagePorts } from "./image-port.js";
import { planImages, type ImagePlan } from "./plan.js";
import { buildImages, publishImages, resolvePrebuiltImages, type ImageEvent, type ServiceImage } from "./publish.js";
import { readProvenance } from "./version.js";

export interface ImageRequest {
  manifest: Manifest;
  /** The directory of berth.yml: build contexts are relative to it, and its git tree gives the version. */
  manifestDir: string;
  tag?: string;
  force?: boolean;
  plainHttp?: boolean;
  /** ECR, the app stack and Secrets Manager: wired by the command (src/commands/image-cloud.ts). */
  cloud: ImageCloud;
  /** The builder, git, registries and stored logins: wired by the command (src/adapters/image-ports.ts). */
  local: ImagePorts;
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
  await buildImages(plan, request.local, emit);
  return plan;
}

export async function pushServices(request: ImageRequest, emit: (e: ImageEvent) => void): Promise<PushResult> {
  const plan = await planFor(request);
  // Only prebuilt images: nothing to push, so no registry login (and no AWS) is needed.
  const options = { force: request.force === true, plainHttp: request.plainHttp === true };
  if (plan.builds.length === 0)
    return { app: plan.app, version: plan.version, images: await resolvePrebuiltImages(plan, request.local, options) };
  const destination = await destinationFor(
    request,
    plan.builds.flatMap((b) => b.services),
  );
  const images = await publishImages(plan, destination, request.local, options, emit);
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
  const read = (tag: string | undefined) => readProvenance(request.manifestDir, tag, request.local.workingTree);
  const provenance = read(request.tag);
  // Prebuilt images are pinned, not tagged: outside git there is simply no version to show.
  const builds = Object.values(request.manifest.services).some((s) => s.build !== undefined);
  return planImages(
    request.manifest,
    request.manifestDir,
    await (builds ? provenance : provenance.catch(() => read("untagged"))),
  );
}

async function destinationFor(request: ImageRequest, services: string[]): Promise<Destination> {
  const registry = request.manifest.registry;
  const options = { plainHttp: request.plainHttp === true };
  if (registry !== undefined)
    return registryDestination(registry, request.manifest.app, services, request.local, options);
  return ecrDestination(await request.cloud.ecr(), request.manifest.app, services, () =>
    request.cloud.deployAppStack(),
  );
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
  const found = await request.local.destinationCredentials(host);
  if (!found) return undefined;
  const port = await request.cloud.pullCredentials();
  const { arn } = await port.putCredentials(pullSecretName(request.manifest.app, host), found.credentials, {
    "berth:app": request.manifest.app,
  });
  return arn;
}
