import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { awsSettings } from "../aws/settings.js";
import { EXIT, UserError } from "../exit-codes.js";
import type { AwsImageRequest } from "./environment-ports.js";
import { REGISTRY } from "../manifest/schema.js";
import { output, type Output } from "../ui/output.js";
import { awsImageCloud } from "./image-cloud.js";
import { loadManifestFor, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

/** Flags of the commands that build images: `build`, and `push`, `diff` and `deploy` which may also push them. */
export interface ImageOptions extends ManifestOptions, AwsOptions {
  tag?: string;
  builder?: string;
  force?: boolean;
  registry?: string;
  plainHttp?: boolean;
}

/**
 * Declared once: `build` takes the build flags; `push`, `diff` and `deploy` take the same
 * set of build and push flags, so one CI line's flags work for `diff` and `deploy` alike.
 */
export function withImageOptions(command: Command, use: "build" | "push"): Command {
  const withBuild = withManifestOptions(command)
    .option("--tag <version>", "image tag instead of the git commit (short sha, -dirty-<hash> for uncommitted changes)")
    .option(
      "--builder <name>",
      "docker, podman or buildah (default: BERTH_BUILDER, else the first one found in that order)",
    );
  if (use === "build") return withBuild;
  return withBuild
    .option("--force", "build and push even when the version is already in the registry (diff builds nothing)")
    .option(
      "--registry <host/namespace>",
      "push to this OCI registry instead of ECR (overrides registry: in the manifest)",
    )
    .option("--plain-http", "reach a registry on this machine (localhost, 127.0.0.1) over plain HTTP");
}

/** Loads the manifest for an image command; prints its problems and returns undefined when it is not valid. */
export async function imageRequest(
  command: string,
  opts: ImageOptions,
  checks: { quotas?: boolean } = {},
): Promise<{ request: AwsImageRequest; out: Output; environments: string[] } | undefined> {
  const out = output(opts);
  const loaded = await loadManifestFor(command, opts, out, checks);
  if (!loaded) return undefined;
  if (opts.registry !== undefined && !REGISTRY.pattern.test(opts.registry)) {
    throw new UserError(`--registry ${opts.registry}: expected ${REGISTRY.expected}`, EXIT.usage);
  }
  // --registry is `registry:` given on the command line: one setting, so the push, the task
  // definitions' repositoryCredentials, the execution role and the app stack all follow it.
  const manifest = opts.registry === undefined ? loaded.manifest : { ...loaded.manifest, registry: opts.registry };
  const aws = awsSettings(opts, manifest.region);
  const { localImagePorts } = await import("../adapters/image-ports.js");
  const request: AwsImageRequest = {
    manifest,
    manifestDir: dirname(resolve(opts.file)),
    force: opts.force === true,
    plainHttp: opts.plainHttp === true,
    aws,
    cloud: awsImageCloud(manifest, aws, out),
    local: localImagePorts(opts.builder !== undefined ? { builder: opts.builder } : {}),
    ...(opts.tag !== undefined ? { tag: opts.tag } : {}),
  };
  return { request, out, environments: loaded.environments };
}
