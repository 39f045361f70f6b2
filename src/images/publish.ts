// The images a release runs: build what the plan asks for, push it, and pin every service
// to a digest read back from the registry. `berth build`, `berth push` and `deploy` all
// come through here. A build whose version tag is in every one of its repositories is
// neither built nor pushed (unless forced); a push cut short leaves the tag unwritten —
// registries write it last — so running again finishes the job.

import { EXIT, UserError } from "../exit-codes.js";
import type { Destination } from "./destination.js";
import type { Builder, ImagePorts, RegistryEndpoint } from "./image-port.js";
import type { Build, ImagePlan } from "./plan.js";
import { isLoopbackHost, parseImageReference, pinned, tagged, type ImageReference } from "./reference.js";

export type ImageEvent =
  | { type: "builder"; name: string }
  | { type: "step-start"; step: string; title: string }
  | { type: "step-output"; step: string; line: string }
  | { type: "step-end"; step: string; ok: boolean; seconds: number; output?: string[] }
  | { type: "present"; build: string; references: string[] };

export interface ServiceImage {
  service: string;
  /** `repository@sha256:…`: what the task definition references. */
  image: string;
  digest: string;
  /** `repository:tag`, for people; absent for an image pinned by digest in the manifest. */
  tag?: string;
  /** built: built and pushed now; present: already in the registry; prebuilt: an `image:` resolved to its digest. */
  source: "built" | "present" | "prebuilt";
}

/** What publishing uses of the image ports: the registry, the builder and prebuilt images' logins. */
export type PublishPorts = Pick<ImagePorts, "registry" | "builder" | "credentialsFor">;

export interface PublishOptions {
  force: boolean;
  /** --plain-http: also for prebuilt images on a loopback registry. */
  plainHttp?: boolean;
}

/** What a build needs done, from what the registry already has. Pure. */
export function decideBuild(
  build: Build,
  existing: Record<string, string | undefined>,
  force: boolean,
): { build: boolean; push: string[] } {
  const missing = build.services.filter((s) => existing[s] === undefined);
  if (force) return { build: true, push: [...build.services] };
  return missing.length === 0 ? { build: false, push: [] } : { build: true, push: missing };
}

export async function publishImages(
  plan: ImagePlan,
  destination: Destination,
  ports: PublishPorts,
  options: PublishOptions,
  emit: (e: ImageEvent) => void,
): Promise<ServiceImage[]> {
  const registry = ports.registry(destination.endpoint);
  const target = (service: string): ImageReference => ({
    host: destination.endpoint.host,
    repository: destination.repositories[service]!,
  });
  const lookup = (service: string) => registry.manifestDigest(target(service).repository, plan.version);
  // Every question to the registry at once: a push with nothing to do costs one round trip.
  const services = plan.builds.flatMap((b) => b.services);
  const [digests, prebuilt] = await Promise.all([
    Promise.all(services.map(lookup)),
    resolvePrebuiltImages(plan, ports, options, destination),
  ]);
  const existing: Record<string, string | undefined> = Object.fromEntries(services.map((s, i) => [s, digests[i]]));
  const results: ServiceImage[] = [];
  let builder: Builder | undefined;
  let loggedIn = false;
  for (const build of plan.builds) {
    const decision = decideBuild(build, existing, options.force);
    if (!decision.build)
      emit({
        type: "present",
        build: build.id,
        references: build.services.map((s) => tagged(target(s), plan.version)),
      });
    else {
      builder ??= await startBuilder(ports, emit);
      await runBuild(builder, build, emit);
      if (!loggedIn && destination.builderLogin) {
        await builder.login(destination.endpoint.host, destination.builderLogin, pushOptions(destination));
        loggedIn = true;
      }
      for (const service of decision.push) {
        const reference = tagged(target(service), plan.version);
        await step(emit, `push ${reference}`, `push ${reference}`, (onLine) =>
          builder!.push(build.localTag, reference, pushOptions(destination), onLine),
        );
        existing[service] = await lookup(service);
        if (existing[service] === undefined)
          throw new Error(`${reference} was pushed but the registry does not have it`);
      }
    }
    for (const service of build.services) {
      const digest = existing[service]!;
      results.push({
        service,
        image: pinned(target(service), digest),
        digest,
        tag: tagged(target(service), plan.version),
        source: decision.push.includes(service) ? "built" : "present",
      });
    }
  }
  return [...results, ...prebuilt];
}

/** `berth build`: every build in the plan, no registry involved. */
export async function buildImages(
  plan: ImagePlan,
  ports: Pick<ImagePorts, "builder">,
  emit: (e: ImageEvent) => void,
): Promise<void> {
  if (plan.builds.length === 0) return;
  const builder = await startBuilder(ports, emit);
  for (const build of plan.builds) await runBuild(builder, build, emit);
}

async function startBuilder(ports: Pick<ImagePorts, "builder">, emit: (e: ImageEvent) => void): Promise<Builder> {
  const builder = await ports.builder();
  emit({ type: "builder", name: builder.name });
  return builder;
}

function runBuild(builder: Builder, build: Build, emit: (e: ImageEvent) => void): Promise<void> {
  return step(emit, build.id, `build ${build.id} (${build.platform})`, (onLine) => builder.build(build, onLine));
}

function pushOptions(destination: Destination) {
  return destination.endpoint.plainHttp ? { plainHttp: true } : {};
}

async function step(
  emit: (e: ImageEvent) => void,
  id: string,
  title: string,
  work: (onLine: (line: string) => void) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  emit({ type: "step-start", step: id, title });
  const seconds = () => (performance.now() - started) / 1000;
  try {
    await work((line) => emit({ type: "step-output", step: id, line }));
  } catch (error) {
    const output = (error as { output?: string[] }).output;
    emit({ type: "step-end", step: id, ok: false, seconds: seconds(), ...(output ? { output } : {}) });
    throw error;
  }
  emit({ type: "step-end", step: id, ok: true, seconds: seconds() });
}

/** The services with `image:`, pinned to the digest their tag points at now. */
export function resolvePrebuiltImages(
  plan: Pick<ImagePlan, "prebuilt">,
  ports: PublishPorts,
  options: Pick<PublishOptions, "plainHttp">,
  destination?: Destination,
): Promise<ServiceImage[]> {
  return Promise.all(
    plan.prebuilt.map(({ service, image }) => resolvePrebuilt(service, image, ports, options, destination)),
  );
}

async function resolvePrebuilt(
  service: string,
  image: string,
  ports: PublishPorts,
  options: Pick<PublishOptions, "plainHttp">,
  destination?: Destination,
): Promise<ServiceImage> {
  const ref = parseImageReference(image);
  if (ref.digest) return { service, image: pinned(ref, ref.digest), digest: ref.digest, source: "prebuilt" };
  const same = ref.host === destination?.endpoint.host ? destination.endpoint : undefined;
  const credentials = same ? same.credentials : await ports.credentialsFor(ref.host);
  const plainHttp = same?.plainHttp === true || (options.plainHttp === true && isLoopbackHost(ref.host));
  const endpoint: RegistryEndpoint = {
    host: ref.host,
    ...(credentials ? { credentials } : {}),
    ...(plainHttp ? { plainHttp } : {}),
  };
  const digest = await ports.registry(endpoint).manifestDigest(ref.repository, ref.tag!);
  if (!digest) throw new ImageNotFound(service, image);
  return { service, image: pinned(ref, digest), digest, tag: tagged(ref, ref.tag!), source: "prebuilt" };
}

export class ImageNotFound extends UserError {
  constructor(service: string, image: string) {
    super(
      `services.${service}.image: ${image} is not in its registry`,
      EXIT.failure,
      "check the image name and tag, or push it first",
    );
  }
}
