import { duration } from "../deployers/lock/describe-holder.js";
import { appendFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import type { EnvironmentOutcome } from "../deployers/deploy-environment.js";
import type { InfrastructureOutcome } from "../deployers/infrastructure/events.js";
import type { ReleaseEvent, ServiceOutcome } from "../deployers/release/release-service.js";
import type { EnvironmentAddress } from "../deployers/environment-url.js";
import { formatAddresses } from "./addresses.js";
import { dashboardStackName, stackName } from "../manifest/names.js";
import type { CostReport } from "../cost/change.js";
import type { EnvironmentPlan } from "../deployers/plan/environment-plan.js";
import { planLines } from "./plan-report.js";
import type { Output } from "./output.js";
import { escapeData, escapeProperty } from "./workflow-commands.js";

/**
 * What a deploy leaves on GitHub Actions: an `::error` annotation per failed or rolled-back
 * release, a job summary in $GITHUB_STEP_SUMMARY, and step outputs in $GITHUB_OUTPUT.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
export interface GithubReport {
  command: string;
  app: string;
  environment: string;
  outcome: EnvironmentOutcome;
  elapsedMs: number;
  url?: string;
  /** Every address the environment answers at, when its web services answer at more than one. */
  urls?: EnvironmentAddress[];
  version?: string;
  /** The release history's id of this deploy or rollback (berth releases). */
  releaseId?: string;
  timeline: TimelineEntry[];
  /** The monthly floor before and after the change (src/cost/change.ts). */
  cost?: CostReport;
  /** `berth plan`: what the reviewer approves — each service's release, and where a saved plan went. */
  plan?: { plan: EnvironmentPlan; saved?: string };
}

export interface TimelineEntry {
  /** Milliseconds since the command started. */
  at: number;
  service: string;
  text: string;
}

export type DeployOutcomeName = "deployed" | "planned" | "rolled-back" | "failed" | "invalid";

/** One word for the whole deploy, the `outcome` output. */
export function outcomeName(report: Pick<GithubReport, "command" | "outcome">): DeployOutcomeName {
  const { outcome } = report;
  if (outcome.problems) return "invalid";
  if ((outcome.releases ?? []).some((r) => r.result === "rolled-back")) return "rolled-back";
  if (!outcome.ok) return "failed";
  if (report.command === "berth rollback") return "rolled-back";
  return report.command === "berth plan" || report.command === "berth diff" ? "planned" : "deployed";
}

/** Collects each service's release events, with the time since `started`, for the summary. */
export function releaseTimeline(
  started: number,
  now: () => number = Date.now,
): { entries: TimelineEntry[]; record(event: ReleaseEvent): void } {
  const entries: TimelineEntry[] = [];
  return {
    entries,
    record(event) {
      const text = timelineText(event);
      // Progress events also report task counts and traffic; the timeline keeps stage changes only.
      const last = entries.findLast((e) => e.service === event.service);
      if (text && text !== last?.text) entries.push({ at: now() - started, service: event.service, text });
    },
  };
}

function timelineText(event: ReleaseEvent): string | undefined {
  const e = event as ReleaseEvent & {
    status?: string;
    stage?: string;
    passed?: boolean;
    detail?: string;
    taskDefinition?: string;
  };
  if (e.type === "registered") return `registered ${e.taskDefinition ?? ""}`;
  if (e.type === "progress") return `deployment ${e.status ?? ""}${e.stage ? ` (${e.stage})` : ""}`;
  if (e.type === "checked") return `${e.passed ? "checks passed" : "checks failed"}: ${e.detail ?? ""}`;
  if (e.type === "release-task-ended") return `release task ${e.summary}`;
  if (event.type === "returning") return `returning to ${event.taskDefinition}: ${event.because}`;
  return undefined;
}

export function githubAnnotations(report: GithubReport): string[] {
  // Any result but these is a release that did not go live (the release engine adds "interrupted").
  const failed = (report.outcome.releases ?? []).filter(
    (r) => !["released", "unchanged", "removed"].includes(r.result),
  );
  const lines = failed.map(
    (r) =>
      `::error title=${escapeProperty(`${report.command}: ${r.service} ${r.result}`)}::${escapeData(`${r.service} in ${report.environment}: ${r.result}${r.reason ? `: ${r.reason}` : ""}`)}`,
  );
  if (report.outcome.mixed)
    lines.push(
      `::error title=${escapeProperty(`${report.command}: mixed versions`)}::${escapeData(`${report.outcome.mixed.join(", ")} in ${report.environment} serve the new version while the other services serve the one before`)}`,
    );
  for (const stack of report.outcome.stacks) {
    if (stack.result === "failed")
      lines.push(
        `::error title=${escapeProperty(`${report.command}: stack ${stack.stackName}`)}::${escapeData(stackFailure(stack))}`,
      );
  }
  return lines;
}

export function githubOutputs(report: GithubReport): Record<string, string> {
  const optional = {
    ...(report.url ? { url: report.url } : {}),
    ...(report.version ? { version: report.version } : {}),
    ...(report.releaseId ? { "release-id": report.releaseId } : {}),
    ...(report.cost && "line" in report.cost ? { cost: report.cost.line } : {}),
  };
  return { outcome: outcomeName(report), ...optional };
}

export function githubSummary(report: GithubReport): string {
  const outcome = outcomeName(report);
  const mark = outcome === "deployed" || outcome === "planned" ? "✅" : "❌";
  const parts = [`## ${mark} ${report.command} — ${report.app} ${report.environment}: ${outcome}`, ""];
  const facts = [
    report.url ? `**URL:** ${formatAddresses(report.urls ?? []) ?? report.url}` : undefined,
    report.version ? `**Version:** \`${report.version}\`` : undefined,
    report.releaseId ? `**Release:** \`${report.releaseId}\`` : undefined,
    `**Took:** ${duration(report.elapsedMs)}`,
  ];
  parts.push(facts.filter(Boolean).join(" · "), "");
  if (report.cost)
    parts.push(
      `**Cost:** ${"line" in report.cost ? report.cost.line : `not estimated: ${report.cost.unavailable}`}`,
      "",
    );
  const reasons = (report.outcome.releases ?? []).filter(
    (r) => r.reason && r.result !== "released" && r.result !== "unchanged",
  );
  if (reasons.length > 0) {
    parts.push("### Why", "", ...reasons.map((r) => `- **${r.service}** ${r.result}: ${r.reason}`), "");
  }
  if (report.outcome.mixed)
    parts.push(
      `> [!WARNING]\n> **Mixed versions:** ${report.outcome.mixed.join(", ")} serve the new version while the other services serve the one before.`,
      "",
    );
  const images = Object.entries(report.outcome.images ?? {});
  if (images.length > 0)
    parts.push(
      "### Images",
      "",
      "| service | image (pinned by digest) |",
      "|---|---|",
      ...images.map(([s, i]) => `| ${s} | \`${i}\` |`),
      "",
    );
  parts.push("### Infrastructure", "", "| stack | result | changes |", "|---|---|---|", ...stackRows(report), "");
  // The same lines the terminal shows under the stacks (ui/plan-report.ts), for the reviewer.
  if (report.plan) parts.push("### Plan", "", "```", ...planLines(report.plan.plan, report.plan.saved), "```", "");
  const releases = report.outcome.releases ?? [];
  if (releases.length > 0) {
    parts.push(
      "### Releases",
      "",
      "| service | result | task definition |",
      "|---|---|---|",
      ...releases.map(releaseRow),
      "",
    );
    for (const r of releases)
      parts.push(
        ...serviceDetails(
          r,
          report.timeline.filter((t) => t.service === r.service),
        ),
      );
  }
  return `${parts.join("\n")}\n`;
}

/** Prints the annotations and writes the summary and outputs where the runner reads them. */
export async function publishToGithub(
  report: GithubReport,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  // Keep stdout a single JSON document under --json; the runner reads annotations from stderr too.
  for (const line of githubAnnotations(report)) (out.json ? out.note : out.line)(line);
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, githubSummary(report));
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, outputLines(githubOutputs(report)));
}

/** `name=value`, or the heredoc form for a value with a line break in it. */
function outputLines(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
      const delimiter = `berth_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
}

/** One row per stack, but the unchanged service stacks of a large environment in one row. */
function stackRows(report: GithubReport): string[] {
  const prefix = `${stackName(report.app, report.environment)}-`;
  const dashboard = dashboardStackName(report.app, report.environment);
  const quiet = report.outcome.stacks.filter(
    (s) => s.result === "unchanged" && s.stackName.startsWith(prefix) && s.stackName !== dashboard,
  );
  const rows = report.outcome.stacks.filter((s) => !quiet.includes(s)).map(stackRow);
  if (quiet.length > 0) rows.push(`| ${quiet.length} service stacks (${prefix}…) | unchanged | none |`);
  return rows;
}

function stackRow(stack: InfrastructureOutcome): string {
  const summary = "summary" in stack ? stack.summary : undefined;
  const counts = summary
    ? [
        ["added", summary.added.length],
        ["modified", summary.modified.length],
        ["replaced", summary.replaced.length],
        ["removed", summary.removed.length],
      ]
        .filter(([, n]) => n !== 0)
        .map(([what, n]) => `${n} ${what}`)
        .join(", ")
    : "";
  const detail = stack.result === "failed" ? stackFailure(stack) : counts || "none";
  return `| ${stack.stackName} | ${stack.result} | ${cell(detail)} |`;
}

function stackFailure(stack: Extract<InfrastructureOutcome, { result: "failed" }>): string {
  const cause = stack.rootCause;
  return `${stack.status}${cause?.logicalId ? `: ${cause.logicalId}` : ""}${cause?.reason ? ` — ${cause.reason}` : ""}`;
}

function releaseRow(r: ServiceOutcome): string {
  return `| ${r.service} | ${r.result} | ${r.taskDefinition ? `\`${r.taskDefinition.replace(/^.*:task-definition\//, "")}\`` : ""} |`;
}

function serviceDetails(r: ServiceOutcome, timeline: TimelineEntry[]): string[] {
  const diagnosis = (r as ServiceOutcome & { diagnosis?: unknown }).diagnosis;
  if (timeline.length === 0 && diagnosis === undefined) return [];
  const lines = [`<details><summary>${r.service}: ${r.result}</summary>`, ""];
  for (const t of timeline) lines.push(`- +${(t.at / 1000).toFixed(1)} s ${t.text}`);
  if (diagnosis !== undefined)
    lines.push("", "```", typeof diagnosis === "string" ? diagnosis : JSON.stringify(diagnosis, null, 2), "```");
  lines.push("", "</details>", "");
  return lines;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
