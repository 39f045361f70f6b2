import { definedEnvironments, PREVIEW_BASE } from "../environments.js";
import { problemAt, type Problem } from "../problem.js";
import type { RawManifest } from "../raw.js";
import type { PMap } from "../yaml-tree.js";
import type { RuleContext } from "./context.js";

const FIXES: Record<string, [string, string]> = {
  expires: [
    "only previews expire",
    "move it under environments.preview (expires: 7d); other environments stay until `berth destroy`",
  ],
  domain: [
    "only previews answer at pr-<n>.<domain>",
    "move it under environments.preview (domain: preview.example.com); other environments route by services.NAME.http.host",
  ],
};

/** Keys only a preview has: `expires` and `domain` belong under `environments.preview`, never the base or another environment. */
export function checkPreviewOnlyKeys(root: PMap): Problem[] {
  const places = [
    { path: "", map: root },
    ...definedEnvironments(root)
      .filter((e) => e.key !== PREVIEW_BASE && e.value.kind === "map")
      .map((e) => ({ path: `environments.${e.key}.`, map: e.value as PMap })),
  ];
  return places.flatMap(({ path, map }) =>
    map.entries.filter((e) => e.key in FIXES).map((e) => problemAt(e.keyPos, `${path}${e.key}`, ...FIXES[e.key]!)),
  );
}

/**
 * A preview without `domain` answers at the load balancer's own name, on port 10000 + its
 * number (https://<name>.elb.amazonaws.com:10007): no certificate of the team's can match
 * that name (ACM issues none for amazonaws.com), so browsers, curl and the smoke checks would
 * refuse its HTTPS. Only previews on a domain (pr-<n>.<domain>, a wildcard certificate) can
 * serve HTTPS.
 */
export function checkPreviewCertificate(m: RawManifest, ctx: RuleContext): void {
  const web = Object.values(m.services ?? {}).some((service) => service?.http !== undefined);
  if (m.certificate === undefined || m.domain !== undefined || !web) return;
  ctx.report(
    "certificate",
    "a preview without environments.preview.domain answers at the load balancer's own DNS name (https://<name>.elb.amazonaws.com:10000+n), which this certificate cannot match: browsers and smoke checks would refuse it",
    "set environments.preview.domain (preview.example.com: a wildcard record to the previews' load balancer, and a certificate for *.preview.example.com), or keep certificate out of previews: environments.preview: { certificate: ~ }, or move it from the top level into the environments that serve your domain (production: { certificate: … })",
  );
}
