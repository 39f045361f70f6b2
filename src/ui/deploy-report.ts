import type { SchedulesFollowed } from "../deployers/schedules/follow-serving.js";
import type { EnvironmentOutcome, EnvironmentStep } from "../deployers/deploy-environment.js";
import type { EnvironmentPlan } from "../deployers/plan/environment-plan.js";
import { isReleaseTaskEvent, releaseTaskLine } from "./release-task-lines.js";
import type { ReleaseEvent, ServiceOutcome } from "../deployers/release/release-service.js";
import { diagnosisLines } from "./diagnosis-lines.js";
import { revision } from "../deployers/release/one-version.js";
import { duration } from "../deployers/lock/describe-holder.js";
import type { PreflightResult } from "../deployers/preflight.js";
import type { RollbackOutcome } from "../deployers/rollback/rollback-environment.js";
import type { EnvironmentAddress } from "../deployers/environment-url.js";
import { formatAddresses } from "./addresses.js";
import { EXIT } from "../exit-codes.js";
import type { Manifest } from "../manifest/types.js";
import { appStackName, dashboardStackName, stackName } from "../manifest/names.js";
import { reportInfrastructureOutcome } from "./infrastructure.js";
import { paint, type Output } from "./output.js";
import { reportProblems } from "./problems.js";
import { progressDetail } from "./release-progress.js";
import type { CostReport } from "../cost/change.js";
import { resultLine } from "./json-events.js";
import { upgradePlanLines } from "./upgrade-plan.js";
import { escapeData, escapeProperty } from "./workflow-commands.js";

/** What a step of deploy is called, in every view. */
export function stepTitle(step: EnvironmentStep, m: Manifest): string {
  const titles: Record<EnvironmentStep, string> = {
    "app-stack": `app stack ${appStackName(m.app)} (deploy lock, release history, image repositories)`,
    images: "images",
    "environment-stack": `environment stack ${stackName(m.app, m.environment)}`,
    "service-stacks": `service stacks ${stackName(m.app, m.environment)}-<service>`,
    "release-tasks": "release tasks (run before any service is released)",
    release: "release",
  };
  return titles[step];
}

export function reportStep(step: EnvironmentStep, m: Manifest, out: Output): void {
  const title = stepTitle(step, m);
  // On GitHub Actions each step folds into a ::group:: (the images step's builds fold on their own: groups do not nest).
  if (out.github) {
    closeStepGroup(out);
    if (step !== "images") {
      out.note(`::group::${title}`);
      openGroups.add(out);
      return;
    }
  }
  out.note(paint.bold(out, `— ${title}`));
}

const openGroups = new WeakSet<Output>();

function closeStepGroup(out: Output): void {
  if (openGroups.delete(out)) out.note("::endgroup::");
}

/** The end of `berth deploy` or `berth diff`; returns the exit code. */
export function reportEnvironmentOutcome(
  outcome: EnvironmentOutcome & { plan?: EnvironmentPlan },
  m: Manifest,
  elapsedMs: number,
  out: Output,
  command: string,
  url?: string,
  urls: EnvironmentAddress[] = [],
  cost?: CostReport,
): number {
  closeStepGroup(out);
  if (outcome.problems) {
    reportProblems(outcome.problems, out, command);
    return EXIT.usage;
  }
  // A hundred unchanged service stacks are one line; a stack that changed or failed has its own.
  const servicePrefix = `${stackName(m.app, m.environment)}-`;
  const dashboard = dashboardStackName(m.app, m.environment);
  const quiet = outcome.stacks.filter(
    (s) => s.result === "unchanged" && s.stackName.startsWith(servicePrefix) && s.stackName !== dashboard,
  );
  const codes = outcome.stacks
    .filter((stack) => !quiet.includes(stack))
    .map((stack) => reportInfrastructureOutcome(stack, out));
  if (quiet.length > 0)
    out.note(`${quiet.length} service stack${quiet.length === 1 ? "" : "s"} (${servicePrefix}<service>): no changes`);
  if (outcome.preflight) reportPreflight(outcome.preflight, out);
  if (outcome.images) for (const [service, image] of Object.entries(outcome.images)) out.note(`  ${service}: ${image}`);
  for (const service of outcome.removing ?? [])
    out.note(`  ${service}: no longer in the manifest; deploy scales it to zero and deletes it, with its scaling`);
  for (const service of outcome.removingStacks ?? [])
    out.note(`  stack ${servicePrefix}${service}: its service is no longer in the manifest; deploy deletes it`);
  // deploy showed the plan when it asked to confirm it; diff shows it here.
  const planning = command === "berth diff" || command === "berth plan";
  if (outcome.upgrading && planning)
    for (const line of upgradePlanLines(stackName(m.app, m.environment), outcome.upgrading)) out.note(line);
  reportReleases(outcome.releases ?? [], out);
  reportSchedules(outcome.schedules, out);
  if (outcome.mixed) out.note(paint.red(out, mixedLine(outcome.mixed, m)));
  if (cost) out.note(`cost: ${"line" in cost ? cost.line : `not estimated: ${cost.unavailable}`}`);
  const code = codes.find((c) => c !== EXIT.ok) ?? (outcome.ok ? EXIT.ok : EXIT.failure);
  const where = `${m.app} ${m.environment}`;
  const summary = {
    ok: code === EXIT.ok,
    app: m.app,
    environment: m.environment,
    stacks: outcome.stacks,
    images: outcome.images ?? {},
    releases: outcome.releases ?? [],
    ...(outcome.mixed ? { mixed: outcome.mixed } : {}),
    ...(outcome.schedules ? { schedules: outcome.schedules } : {}),
  };
  if (out.json)
    resultLine(out, {
      ...summary,
      ...(outcome.preflight ? { preflight: outcome.preflight } : {}),
      ...(outcome.plan ? { plan: outcome.plan } : {}),
      elapsedMs,
      url: url ?? null,
      // Only when the web services answer at more than one address, so one-address results keep their shape.
      ...(urls.length > 1 ? { urls } : {}),
      ...(cost ? { cost: "change" in cost ? cost.change : cost } : {}),
    });
  else if (code === EXIT.ok)
    out.line(
      `${paint.green(out, "ok")} ${where}: ${planning ? "plan computed" : "deployed"} in ${duration(elapsedMs)}${url ? `: ${formatAddresses(urls) ?? url}` : ""}`,
    );
  else out.line(`${paint.red(out, "failed")} ${where}: see above; ${whatServes(outcome.releases ?? [])}`);
  return code;
}

/** Each schedule berth pointed at the revision that now serves its service, and any it could not. */
function reportSchedules(followed: SchedulesFollowed | undefined, out: Output): void {
  for (const move of followed?.moved ?? [])
    out.note(
      `  schedule ${move.schedule}: now runs ${revision(move.to)}, what serves ${move.service} (was ${revision(move.from)})`,
    );
  for (const move of followed?.failed ?? [])
    out.note(
      paint.red(
        out,
        move.to
          ? `  schedule ${move.schedule}: still runs ${revision(move.from ?? "")}, not ${revision(move.to)}, what serves ${move.service}: ${move.reason}`
          : `  schedule ${move.schedule}: berth could not read which revision it runs: ${move.reason}`,
      ),
    );
  if (followed && followed.failed.length > 0)
    out.note(
      paint.red(
        out,
        "      the releases stand; once AWS allows it (scheduler:GetSchedule, scheduler:UpdateSchedule: docs/permissions.md), the next deploy or rollback moves the schedules",
      ),
    );
}

/** Named in plain text too, so a log without colour says it as clearly. */
function mixedLine(mixed: string[], m: Manifest): string {
  const why = m.atomic ? "berth could not return them (see above)" : "deploy.atomic is false for this environment";
  return `mixed versions: ${mixed.join(", ")} serve${mixed.length === 1 ? "s" : ""} the new version while other services serve the one before; ${why}. berth deploy again, or berth rollback${m.environment === "default" ? "" : ` -e ${m.environment}`}, brings them to one version`;
}

/** After a failure: services settle independently, so one may have been released while another rolled back. */
function whatServes(releases: ServiceOutcome[]): string {
  const released = releases.filter((r) => r.result === "released").map((r) => r.service);
  if (released.length === 0) return "production keeps serving what it served before";
  return `${released.join(", ")} released and now serving the new version; the other services keep serving what they served before`;
}

/** Pre-flight: each problem where, what and the fix; references that could not be checked, as notes. */
export function reportPreflight(result: PreflightResult, out: Output): void {
  for (const p of result.problems) {
    const where = p.at ? `${p.at.file}:${p.at.line}:${p.at.col}: ` : "";
    const key = p.path ?? (p.service ? `services.${p.service}` : (p.about ?? "certificate"));
    out.note(paint.red(out, `error ${where}${key}: ${p.reference}: ${p.message}`));
    out.note(`      fix: ${p.fix}`);
    if (p.hint) out.note(`       or: ${p.hint}`);
    const file = p.at ? `file=${escapeProperty(p.at.file)},line=${p.at.line},col=${p.at.col},` : "";
    if (out.github)
      out.note(
        `::error ${file}title=berth pre-flight::${escapeData(`${p.service ? `${p.service}: ` : ""}${p.reference}: ${p.message} — fix: ${p.fix}`)}`,
      );
  }
  if (result.problems.length > 0)
    out.note(
      `${result.problems.length} problem(s) found before anything in the environment changed; nothing was released.`,
    );
  for (const note of result.unchecked) out.note(`  not checked: ${note}`);
}

/** The end of `berth rollback`; returns the exit code. */
export function reportRollbackOutcome(
  outcome: RollbackOutcome,
  m: Manifest,
  elapsedMs: number,
  out: Output,
  url?: string,
): number {
  const where = `${m.app} ${m.environment}`;
  if (outcome.refused) {
    out.note(paint.red(out, `error ${where}: rollback refused: ${outcome.refused.reason}; nothing was changed`));
    out.note(`      fix: ${outcome.refused.fix}`);
  }
  reportReleases(outcome.releases, out);
  reportSchedules(outcome.schedules, out);
  const code = outcome.ok ? EXIT.ok : EXIT.failure;
  const to = outcome.target
    ? ` to release ${outcome.target.id} (${outcome.target.version})`
    : ": the releases in flight were stopped";
  if (out.json) resultLine(out, { app: m.app, environment: m.environment, ...outcome, elapsedMs, url: url ?? null });
  else if (outcome.ok)
    out.line(`${paint.green(out, "ok")} ${where}: rolled back${to} in ${duration(elapsedMs)}${url ? `: ${url}` : ""}`);
  else if (!outcome.refused) out.line(`${paint.red(out, "failed")} ${where}: the rollback did not finish; see above`);
  return code;
}

function releaseLine(r: ServiceOutcome, out: Output): string {
  switch (r.result) {
    case "unchanged":
      return `  ${r.service}: unchanged (serves this version already; not touched)`;
    case "released":
      return paint.green(out, `  ${r.service}: released ${r.taskDefinition ?? ""}${r.reason ? ` (${r.reason})` : ""}`);
    case "rolled-back":
      return paint.red(out, `  ${r.service}: rolled back, the previous version keeps serving: ${r.reason ?? ""}`);
    case "removed":
      return `  ${r.service}: removed (no longer in the manifest)`;
    case "interrupted":
      return paint.red(out, `  ${r.service}: interrupted: ${r.reason ?? ""}`);
    case "failed":
      return paint.red(out, `  ${r.service}: failed: ${r.reason ?? ""}`);
  }
}

/** One line per change a release makes, as it happens. */
export function reportReleaseEvent(event: ReleaseEvent, out: Output): void {
  if (isReleaseTaskEvent(event)) return out.note(releaseTaskLine(event));
  switch (event.type) {
    case "registered":
      return out.note(`  ${event.service}: registered ${event.taskDefinition}`);
    case "following":
      if (!event.own)
        out.note(
          `  ${event.service}: a release an earlier deploy started is still in flight; following it to its end first (${event.deploymentArn})`,
        );
      return;
    case "progress":
      return out.note(
        `  ${event.service}: deployment ${event.status}${event.stage ? ` (${progressDetail({ since: 0, stageSince: 0, ...event })})` : ""}`,
      );
    case "settled":
      if (event.end !== "released")
        out.note(`  ${event.service}: deployment ended ${event.end}: ${event.reason ?? ""}`);
      return;
    case "checked":
      return out.note(
        `  ${event.service}: ${event.passed ? "checked the new version" : "the new version failed its check"}: ${event.detail}`,
      );
    case "returning":
      return out.note(
        paint.yellow(
          out,
          `  ${event.service}: returning to ${revision(event.taskDefinition)} because ${event.because} (one version per environment)`,
        ),
      );
  }
}

/** Each service's release, with its diagnosis (unless the live view's last frame showed it) or why there is none. */
function reportReleases(releases: ServiceOutcome[], out: Output): void {
  for (const r of releases) {
    out.note(releaseLine(r, out));
    if (r.diagnosis && !out.diagnosisShown) for (const line of diagnosisLines(r.diagnosis)) out.note(`      ${line}`);
    if (r.diagnosisUnavailable) out.note(`      no diagnosis: ${r.diagnosisUnavailable}`);
  }
}
