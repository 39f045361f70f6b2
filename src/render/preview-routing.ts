import type { Manifest, Service } from "../manifest/types.js";
import { onPreviewBase, previewNumber } from "./preview-names.js";

/**
 * With `environments.preview.domain`, previews share the base's listeners and each is told
 * apart by its host: `pr-7.<domain>`, and `pr-7-<first label>.<domain>` for a service with a
 * host of its own (`api.example.com` → `pr-7-api.<domain>`), so one wildcard DNS record and
 * one wildcard certificate serve every preview.
 */
export function onPreviewDomain(m: Manifest): m is Manifest & { previewDomain: string } {
  return onPreviewBase(m) && m.previewDomain !== undefined;
}

export function previewHost(m: Manifest & { previewDomain: string }, s: Service): string {
  const own = s.http?.host?.replace(/^\*\./, "").split(".")[0];
  return own ? `${m.environment}-${own}.${m.previewDomain}` : `${m.environment}.${m.previewDomain}`;
}

// ALB priorities go up to 50000 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html).
const MAX_PRIORITY = 50_000;

/**
 * Rules of previews on shared listeners: each preview has a band of priorities of its own,
 * `2 × web services` wide (test rules first, then production ones, each in the order of
 * specificity the environment's priorities give), at band `number mod bands`. Rules of two
 * previews never match one request (their hosts differ), so a band only has to keep a
 * preview's priorities apart from every other's: two previews collide only when their
 * numbers differ by a multiple of the band count (2,500 bands for ten web services).
 */
export function previewRulePriorities(
  m: Manifest,
  ordered: string[],
): Map<string, { priority: number; testPriority: number }> {
  const width = 2 * ordered.length;
  const bands = Math.floor(MAX_PRIORITY / width);
  const start = 1 + (previewNumber(m) % bands) * width;
  return new Map(
    ordered.map((name, i) => [name, { testPriority: start + i, priority: start + ordered.length + i }] as const),
  );
}
