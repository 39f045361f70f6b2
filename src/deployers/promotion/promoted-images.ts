import type { Manifest } from "../../manifest/types.js";
import type { EnvironmentStatus } from "../status/environment-status.js";

export type Promotion =
  { ok: true; images: Record<string, string>; version?: string } | { ok: false; problems: string[] };

const PINNED = /@sha256:[0-9a-f]{64}$/;

/**
 * `berth deploy -e production --images-from staging`: every service of the target takes the
 * image the source environment serves — the target revision of its last successful ECS
 * deployment, pinned by digest — so production runs the bytes staging tested, never a rebuild.
 * Refused, before anything changes, when a service serves nothing there, is still being
 * released there, serves an image not pinned by digest, or when the services serve different
 * versions (or not the version asked for with `--tag`).
 */
export function promotedImages(target: Manifest, source: EnvironmentStatus, wantedVersion?: string): Promotion {
  const from = source.environment;
  const problems: string[] = [];
  const images: Record<string, string> = {};
  const versions = new Map<string, string[]>();
  for (const name of Object.keys(target.services)) {
    const status = source.services.find((s) => s.service === name);
    const image = status?.serving?.images[name];
    if (!status?.serving || image === undefined) {
      problems.push(`${name}: nothing serves in ${from} (deploy it there first)`);
      continue;
    }
    if (status.inFlight) {
      problems.push(`${name}: a release is in flight in ${from}; promote once it has ended`);
      continue;
    }
    if (!PINNED.test(image)) {
      problems.push(`${name}: ${from} serves ${image}, which is not pinned by digest`);
      continue;
    }
    images[name] = image;
    const version = status.serving.version ?? "unknown";
    versions.set(version, [...(versions.get(version) ?? []), name]);
  }
  if (versions.size > 1) {
    const mixed = [...versions].map(([version, names]) => `${version} (${names.join(", ")})`).join(", ");
    problems.push(`${from} serves more than one version: ${mixed}`);
  }
  const [version] = versions.size === 1 ? [...versions.keys()] : [];
  if (problems.length === 0 && wantedVersion !== undefined && version !== wantedVersion)
    problems.push(`${from} serves version ${version}, not ${wantedVersion}`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, images, ...(version !== undefined && version !== "unknown" ? { version } : {}) };
}
