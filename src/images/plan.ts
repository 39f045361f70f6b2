// What `berth build` and `berth push` will do, decided from the manifest alone: one build
// per distinct (context, dockerfile, target, args, platform), shared by every service that
// asks for it, and the prebuilt images whose digests must be resolved. Pure: no builder,
// no registry, no clock (the creation time comes in with the provenance).

import { resolve } from "node:path";
import type { BuildSpec, Manifest } from "../manifest/types.js";

export type Platform = "linux/amd64" | "linux/arm64";

export interface Provenance {
  /** The image tag: short sha, sha-dirty-hash, or --tag. */
  version: string;
  /** The full or short commit, for the revision label. */
  revision: string;
  /** Where the source lives (git remote without credentials), for the source label. */
  source?: string;
  /** ISO 8601 creation time, for the created label. */
  created: string;
}

export interface Build {
  /** Stable, readable name: the services it serves, joined with "+". */
  id: string;
  /** Absolute context directory; dockerfile absolute too. */
  context: string;
  dockerfile: string;
  target?: string;
  args: Record<string, string>;
  platform: Platform;
  services: string[];
  labels: Record<string, string>;
  /** The builder-local name the image gets before it is tagged for a registry. */
  localTag: string;
}

export interface Prebuilt {
  service: string;
  image: string;
}

export interface ImagePlan {
  app: string;
  version: string;
  builds: Build[];
  prebuilt: Prebuilt[];
}

export function platformOf(arch: "amd64" | "arm64"): Platform {
  return `linux/${arch}`;
}

export function planImages(manifest: Manifest, manifestDir: string, provenance: Provenance): ImagePlan {
  const builds = new Map<string, Build>();
  const prebuilt: Prebuilt[] = [];
  for (const service of Object.values(manifest.services)) {
    if (!service.build) {
      if (service.image) prebuilt.push({ service: service.name, image: service.image });
      continue;
    }
    const shape = buildShape(service.build, manifestDir, platformOf(service.arch));
    const key = JSON.stringify(shape);
    const existing = builds.get(key);
    if (existing) {
      existing.services.push(service.name);
      existing.id = existing.services.join("+");
    } else {
      builds.set(key, {
        id: service.name,
        ...shape,
        services: [service.name],
        labels: labelsFor(provenance),
        localTag: `berth/${manifest.app}/${service.name}:${provenance.version}`,
      });
    }
  }
  return { app: manifest.app, version: provenance.version, builds: [...builds.values()], prebuilt };
}

function buildShape(spec: BuildSpec, manifestDir: string, platform: Platform) {
  const context = resolve(manifestDir, spec.context);
  const args = Object.fromEntries(Object.entries(spec.args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    context,
    dockerfile: resolve(context, spec.dockerfile ?? "Dockerfile"),
    ...(spec.target !== undefined ? { target: spec.target } : {}),
    args,
    platform,
  };
}

/** OCI annotation keys: https://github.com/opencontainers/image-spec/blob/main/annotations.md */
function labelsFor(p: Provenance): Record<string, string> {
  return {
    "org.opencontainers.image.revision": p.revision,
    "org.opencontainers.image.version": p.version,
    "org.opencontainers.image.created": p.created,
    ...(p.source ? { "org.opencontainers.image.source": p.source } : {}),
  };
}

/** A git remote as a source URL, without any credentials it was cloned with. */
export function sourceUrl(remote: string): string | undefined {
  const trimmed = remote.trim();
  if (trimmed === "") return undefined;
  const scp = /^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?$/.exec(trimmed);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  try {
    const url = new URL(trimmed);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\.git$/, "");
  } catch {
    return undefined;
  }
}
