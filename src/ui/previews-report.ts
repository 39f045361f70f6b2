import type { PreviewEntry } from "../deployers/previews/preview-list.js";
import { EXIT } from "../exit-codes.js";
import { formatUsd } from "./cost-report.js";
import { paint, type Output } from "./output.js";

export interface ListedPreview extends PreviewEntry {
  expired: boolean;
  url?: string;
}

/** What one preview costs a month with no traffic (berth cost of the preview section); the same for each. */
export interface PreviewFloor {
  monthly: number;
  priceDate: string;
  /** Prices the Region's table lacks: the floor leaves those lines out. */
  partial: boolean;
  /** What the previews' shared base costs, once however many previews there are. */
  base?: number;
}

/** `1d 4h`, `3h`, `12m`: how long ago, to the two largest units. */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return `${m}m`;
}

/** `berth previews`: each preview with its pull request, last deploy, age and URL; the expired ones marked. */
export function reportPreviews(
  app: string,
  expiresSeconds: number,
  previews: ListedPreview[],
  now: number,
  out: Output,
  floor?: PreviewFloor,
): number {
  const since = (iso: string | undefined) => (iso ? now - Date.parse(iso) : undefined);
  if (out.json) {
    const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.floor(ms / 1000));
    out.line(
      JSON.stringify(
        {
          app,
          expiresAfterSeconds: expiresSeconds,
          monthlyFloorEach: floor ? { usd: floor.monthly, priceDate: floor.priceDate, partial: floor.partial } : null,
          monthlyFloorBase: floor?.base === undefined ? null : { usd: floor.base },
          previews: previews.map((p) => ({
            environment: p.environment,
            pullRequest: p.pullRequest,
            stack: p.stackName,
            status: p.status,
            lastDeploy: p.lastDeploy ?? null,
            ageSeconds: seconds(since(p.firstDeploy)),
            idleSeconds: seconds(since(p.lastDeploy?.startedAt)),
            expired: p.expired,
            url: p.url ?? null,
          })),
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  const expiry = formatAge(expiresSeconds * 1000);
  if (previews.length === 0) {
    out.line(`${app}: no previews`);
    return EXIT.ok;
  }
  out.line(`${app}: ${previews.length} preview(s); one not deployed for ${expiry} is expired`);
  for (const p of previews) {
    const last = p.lastDeploy
      ? `last deploy ${formatAge(since(p.lastDeploy.startedAt)!)} ago (${p.lastDeploy.version}, ${p.lastDeploy.outcome})`
      : "no recorded deploy";
    const age = p.firstDeploy ? `, age ${formatAge(since(p.firstDeploy)!)}` : "";
    const state = p.expired ? ` ${paint.yellow(out, "expired")}` : "";
    out.line(`  ${p.environment}  pull request #${p.pullRequest}  ${last}${age}${state}  ${p.url ?? "(no URL)"}`);
  }
  if (floor) {
    const each = `${formatUsd(floor.monthly)}${floor.partial ? " (priced items only)" : ""}`;
    const all = formatUsd(floor.monthly * previews.length + (floor.base ?? 0));
    const base = floor.base === undefined ? "" : ` and their shared base's ${formatUsd(floor.base)}`;
    out.line(
      `      each costs at least ${each} a month with no traffic, ${all} for the ${previews.length}${base}; prices of ${floor.priceDate} (berth cost -e pr-<n>)`,
    );
  }
  if (previews.some((p) => p.expired)) out.line("      berth destroy --expired removes the expired ones");
  return EXIT.ok;
}

/** Before `destroy --expired`: which previews go and why; asked once in a terminal, `--yes` elsewhere. */
export async function confirmExpired(
  found: { expired: ListedPreview[]; total: number; expires: number; now: number },
  policy: { yes: boolean; interactive: boolean; ask: (question: string) => Promise<boolean> },
  out: Output,
): Promise<boolean> {
  const { expired, total, expires, now } = found;
  const expiry = formatAge(expires * 1000);
  if (expired.length === 0) {
    out.note(`no preview is expired: ${total} preview(s), each deployed within ${expiry}`);
    return true;
  }
  out.note(`${expired.length} of ${total} preview(s) not deployed for ${expiry}; each is removed with its data:`);
  for (const p of expired)
    out.note(`  ${p.environment}: last deploy ${formatAge(now - Date.parse(p.lastDeploy!.startedAt))} ago`);
  if (policy.yes) return true;
  if (!policy.interactive) {
    out.note("      not confirmed: no terminal to ask; rerun with --yes to destroy them");
    return false;
  }
  return policy.ask(`Destroy these ${expired.length} preview(s)?`);
}
