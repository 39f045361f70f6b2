import type { Manifest } from "../manifest/types.js";
import { onPreviewDomain } from "./preview-routing.js";

/**
 * What previews use of each shared load balancer, against its quotas: 50 listeners, 100
 * target groups (which cannot be raised) and 100 rules, defaults not counted
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).
 * Each preview brings one listener per load balancer it uses (src/render/preview-base.ts;
 * none with `environments.preview.domain`, when it shares the base's),
 * and each of its web services two rules (production and test) and two target groups
 * (blue and green) on that listener (src/render/services.ts).
 */
export const LOAD_BALANCER_QUOTAS = { listeners: 50, targetGroups: 100, rules: 100 } as const;

export type LoadBalancerQuota = keyof typeof LOAD_BALANCER_QUOTAS;

export interface PreviewCapacity {
  /** How many previews of this manifest the base's load balancers hold. */
  fits: number;
  /** The load balancer and quota that bound it. */
  loadBalancer: string;
  quota: LoadBalancerQuota;
  /** What one preview uses of that quota. */
  perPreview: number;
}

const QUOTA_NAMES: Record<LoadBalancerQuota, string> = {
  listeners: "listeners per Application Load Balancer",
  targetGroups: "target groups per Application Load Balancer",
  rules: "rules per Application Load Balancer",
};

export function quotaName(quota: LoadBalancerQuota): string {
  return `${QUOTA_NAMES[quota]}, ${LOAD_BALANCER_QUOTAS[quota]}`;
}

/** Undefined when the preview has no web service: no load balancer quota bounds how many fit. */
export function previewCapacity(m: Manifest): PreviewCapacity | undefined {
  const webServices = new Map<string, number>();
  for (const s of Object.values(m.services))
    if (s.http) webServices.set(s.http.loadBalancer, (webServices.get(s.http.loadBalancer) ?? 0) + 1);
  let tightest: PreviewCapacity | undefined;
  for (const [loadBalancer, web] of webServices) {
    // With a domain, previews share the base's listeners and bring none.
    const listeners = onPreviewDomain(m) ? 0 : 1;
    const uses: Record<LoadBalancerQuota, number> = { listeners, targetGroups: 2 * web, rules: 2 * web };
    for (const quota of Object.keys(uses) as LoadBalancerQuota[]) {
      if (uses[quota] === 0) continue;
      const fits = Math.floor(LOAD_BALANCER_QUOTAS[quota] / uses[quota]);
      if (!tightest || fits < tightest.fits) tightest = { fits, loadBalancer, quota, perPreview: uses[quota] };
    }
  }
  return tightest;
}
