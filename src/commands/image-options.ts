import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { awsSettings } from "../aws/settings.js";
import type { ImageRequest } from "../images/images.js";
import type { Output } from "../ui/output.js";
import { loadCommandManifest } from "./environment-options.js";
import { withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

/** Flags shared by `berth build` and `berth push`. */
export interface ImageOptions extends ManifestOptions, AwsOptions {
  tag?: string;
  builder?: string;
  force?: boolean;
  registry?: string;
  plainHttp?: boolean;
}

export function withImageOptions(command: Command): Command {
  return withManifestOptions(command)
    .option("--tag <version>", "image tag instead of the git commit (short sha, -dirty-<hash> for uncommitted changes)")
    .option("--builder <name>", "docker, podman or buildah (default: BERTH_BUILDER, else the first one found in that order)");
}

/** Loads the manifest for an image command; prints its problems and returns undefined when it is not valid. */
export async function imageRequest(command: string, opts: ImageOptions): Promise<{ request: ImageRequest; out: Output; environments: string[] } | undefined> {
  const loaded = await loadCommandManifest(opts, command);
  if (!loaded) return undefined;
  const request: ImageRequest = {
    manifest: loaded.m,
    manifestDir: dirname(resolve(opts.file)),
    force: opts.force === true,
    plainHttp: opts.plainHttp === true,
    aws: awsSettings(opts, loaded.m.region),
    ...(opts.tag !== undefined ? { tag: opts.tag } : {}),
    ...(opts.builder !== undefined ? { builder: opts.builder } : {}),
    ...(opts.registry !== undefined ? { registry: opts.registry } : {}),
  };
  return { request, out: loaded.out, environments: loaded.environments };
}
