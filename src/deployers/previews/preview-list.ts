import { PREVIEW_ENV } from "../../manifest/environments.js";
import type { HistoryPort, ReleaseRecord } from "../history/release-record.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";

/** How long a preview may go without a deploy when `environments.preview.expires` is not set. */
export const DEFAULT_PREVIEW_EXPIRY_SECONDS = 14 * 86400;

/** Releases read per preview: the newest is its last deploy, the oldest read its first. */
const RELEASES_READ = 50;

export interface PreviewEntry {
  environment: string;
  pullRequest: number;
  stackName: string;
  status: string;
  outputs: Record<string, string>;
  /** The newest release record: when, which version, how it ended, from which CI run. */
  lastDeploy?: Pick<ReleaseRecord, "startedAt" | "version" | "gitSha" | "outcome" | "who" | "ciUrl">;
  /** The oldest release record read: when the preview was first deployed. */
  firstDeploy?: string;
}

/**
 * The app's previews: environment stacks named `<app>-pr-<n>` whose `berth:app` and
 * `berth:environment` tags say so (so a stack of another app or a hand-made one is never
 * taken for one), with their release history.
 */
export async function listPreviews(
  app: string,
  cloudFormation: Pick<CloudFormationPort, "listStackNames" | "describeStack">,
  history: Pick<HistoryPort, "list">,
): Promise<PreviewEntry[]> {
  const prefix = `${app}-`;
  const names = (await cloudFormation.listStackNames(`${prefix}pr-`)).filter((n) =>
    PREVIEW_ENV.test(n.slice(prefix.length)),
  );
  const entries = await Promise.all(
    names.map(async (stackName): Promise<PreviewEntry | undefined> => {
      const environment = stackName.slice(prefix.length);
      const stack = await cloudFormation.describeStack(stackName);
      if (!stack || stack.tags?.["berth:app"] !== app || stack.tags["berth:environment"] !== environment)
        return undefined;
      // A run (berth run) or a destroy record is no deploy: only releases keep a preview alive.
      const releases = (await history.list(app, environment, RELEASES_READ)).filter(
        (r) => r.kind === "deploy" || r.kind === "rollback",
      );
      const newest = releases[0];
      return {
        environment,
        pullRequest: Number(environment.slice("pr-".length)),
        stackName,
        status: stack.status,
        outputs: stack.outputs ?? {},
        ...(newest ? { lastDeploy: lastDeployOf(newest), firstDeploy: releases.at(-1)!.startedAt } : {}),
      };
    }),
  );
  return entries.filter((e) => e !== undefined).sort((a, b) => a.pullRequest - b.pullRequest);
}

function lastDeployOf(r: ReleaseRecord): NonNullable<PreviewEntry["lastDeploy"]> {
  return {
    startedAt: r.startedAt,
    version: r.version,
    outcome: r.outcome,
    who: r.who,
    ...(r.gitSha ? { gitSha: r.gitSha } : {}),
    ...(r.ciUrl ? { ciUrl: r.ciUrl } : {}),
  };
}

/**
 * Expired: its last deploy is older than `expiresSeconds`. A preview with no recorded deploy
 * is never expired: berth cannot say how old it is, and removing it is the user's call.
 */
export function isExpired(entry: PreviewEntry, expiresSeconds: number, now: number): boolean {
  const last = entry.lastDeploy ? Date.parse(entry.lastDeploy.startedAt) : Number.NaN;
  return Number.isFinite(last) && now - last > expiresSeconds * 1000;
}
