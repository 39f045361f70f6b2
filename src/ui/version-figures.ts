import type { VersionFigures, VersionNumbers } from "../deployers/version-metrics/version-numbers.js";
import { readable } from "./status-metrics.js";

/** `5xx 0.4% p99 180 ms (1200 requests)`: one version's last minutes; a dash where CloudWatch has nothing yet. */
export function figuresText(f: VersionFigures): string {
  const errors = f.errors === null ? "—" : `${readable(f.errors)}%`;
  const p99 = f.p99 === null ? "—" : `${readable(f.p99)} ms`;
  return `5xx ${errors} p99 ${p99} (${readable(f.requests)} requests)`;
}

/** `web: new 5xx 0.4% p99 180 ms (…) | old 5xx 0% p99 170 ms (…), …`: the two versions side by side. */
export function versionsLine(n: VersionNumbers): string {
  const worse = newLooksWorse(n) ? "; the new version looks worse" : "";
  return `${n.service}: new ${figuresText(n.new)} | old ${figuresText(n.old)}, each over its last 5 minutes with traffic (CloudWatch)${worse}`;
}

/** The new version looks worse than the old: more 5xx, or a p99 half again as slow. */
export function newLooksWorse(n: VersionNumbers): boolean {
  const errors = (n.new.errors ?? 0) > (n.old.errors ?? 0) + 1;
  const slower = n.new.p99 !== null && n.old.p99 !== null && n.new.p99 > n.old.p99 * 1.5;
  return errors || slower;
}
