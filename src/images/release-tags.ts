/**
 * Released images are tagged per environment so that the repositories' lifecycle policy
 * never expires them (templates/repository.yml keeps every `berth-*` tag by a rule that
 * comes before the count rule; in ECR the first rule that matches an image is the one
 * applied to it: https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html).
 * Repositories are shared by every environment, so without this a burst of preview pushes
 * could push production's digest past the count rule.
 */
import { RELEASE_TAG_PREFIX } from "../manifest/names.js";

/** ECR's tagging call: one more tag on an image already in the repository (BatchGetImage + PutImage). */
export interface ImageTagPort {
  addTag(repository: string, digest: string, tag: string): Promise<void>;
}

export interface ReleasedImage {
  repository: string;
  digest: string;
  tag: string;
}

const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/(.+)@(sha256:[0-9a-f]{64})$/;

/** `berth-<environment>-<first 16 hex of the digest>`: the same release tags the same image the same way. */
export function releaseTag(environment: string, digest: string): string {
  return `${RELEASE_TAG_PREFIX}${environment}-${digest.slice("sha256:".length, "sha256:".length + 16)}`;
}

/** The ECR images among pinned references (`account.dkr.ecr.region.amazonaws.com/repo@sha256:…`); others are not ours. */
export function releasedImages(environment: string, images: string[]): ReleasedImage[] {
  const seen = new Set<string>();
  const found: ReleasedImage[] = [];
  for (const image of images) {
    const match = ECR_IMAGE.exec(image);
    if (!match || seen.has(image)) continue;
    seen.add(image);
    found.push({ repository: match[1]!, digest: match[2]!, tag: releaseTag(environment, match[2]!) });
  }
  return found;
}

/** Tags every released ECR image for its environment; returns what was tagged. */
export async function tagReleasedImages(
  port: ImageTagPort,
  environment: string,
  images: string[],
): Promise<ReleasedImage[]> {
  const released = releasedImages(environment, images);
  for (const image of released) await port.addTag(image.repository, image.digest, image.tag);
  return released;
}
