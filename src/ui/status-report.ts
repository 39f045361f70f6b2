import { describeHolder, duration } from "../deployers/lock/describe-holder.js";
import type { EnvironmentStatus, ServiceStatus } from "../deployers/status/environment-status.js";
import type { ScheduleStatus } from "../deployers/status/schedule-status.js";
import { paint, type Output } from "./output.js";

export function statusLines(status: EnvironmentStatus, now: number, out: Output): string[] {
  const where = `${status.app} ${status.environment}`;
  if (!status.stackStatus) return [`${where}: not deployed (no stack ${status.stack})`, ...lastRelease(status)];
  const lines = [
    `${paint.bold(out, where)}${status.url ? ` ${status.url}` : ""} (stack ${status.stack} ${status.stackStatus})`,
    ...versionLines(status, out),
    ...(status.dashboard ? [`dashboard: ${status.dashboard}`] : []),
  ];
  // With more than one load balancer the environment has no one address: each service says its own.
  const perService = new Set(status.services.flatMap((s) => (s.url ? [new URL(s.url).host] : []))).size > 1;
  for (const s of status.services) lines.push(...serviceLines(s, out, perService));
  for (const s of status.schedules) lines.push(...scheduleLines(s, out));
  lines.push(...lastRelease(status));
  if (status.lock) lines.push(`locked by ${describeHolder(status.lock, now)}`);
  return lines;
}

function serviceLines(s: ServiceStatus, out: Output, withUrl: boolean): string[] {
  const indent = "    ";
  const url = withUrl && s.url ? [`${indent}url: ${s.url}`] : [];
  if (s.state === "not-deployed") return [`  ${s.service}: not deployed`];
  const head = s.serving ? `serving ${named(s.serving)}` : paint.yellow(out, "no deployment has succeeded yet");
  const tasks = s.tasks
    ? `, tasks ${s.tasks.running}/${s.tasks.desired} running${s.tasks.pending > 0 ? `, ${s.tasks.pending} pending` : ""}`
    : "";
  const lines = [`  ${s.service}: ${head}${tasks}`, ...url];
  if (s.inFlight) {
    const f = s.inFlight;
    const target = f.taskDefinition ? ` to ${named({ ...f, taskDefinition: f.taskDefinition })}` : "";
    const bake = f.bakeLeftMs !== undefined ? `, about ${duration(f.bakeLeftMs)} of bake time left` : "";
    lines.push(paint.yellow(out, `${indent}in flight: ${f.status}${f.stage ? ` at ${f.stage}` : ""}${target}${bake}`));
  }
  if (s.traffic)
    lines.push(`${indent}traffic: production ${split(s.traffic.production)}; test ${split(s.traffic.test)}`);
  if (s.alarms.length > 0)
    lines.push(
      `${indent}alarms: ${s.alarms.map((a) => `${a.name} ${a.state === "OK" ? a.state : paint.red(out, a.state)}`).join(", ")}`,
    );
  return lines;
}

function scheduleLines(s: ScheduleStatus, out: Output): string[] {
  const next = s.nextRunLocal
    ? `, next ${s.nextRunLocal} ${s.timezone} (${s.nextRun!.slice(0, 16).replace("T", " ")} UTC)`
    : "";
  const lines = [`  schedule ${s.schedule}: ${s.written} runs ${s.service}${next}`];
  if (s.runs) lines.push(`    runs: ${runsLine(s.runs)}`);
  const r = s.lastRun;
  if (!r) lines.push("    last run: none ECS still lists (it keeps stopped tasks for about an hour)");
  else {
    const when = r.at ? ` ${r.at.slice(0, 16).replace("T", " ")} UTC` : "";
    const exit = r.exitCode !== undefined ? ` exit ${r.exitCode}` : "";
    const text = `    last run:${when} ${r.outcome}${exit}${r.reason ? `: ${r.reason}` : ""} (task ${r.task})`;
    lines.push(r.outcome === "failed" ? paint.red(out, text) : text);
  }
  return lines;
}

function runsLine(runs: NonNullable<ScheduleStatus["runs"]>): string {
  const revision = runs.taskDefinition.split("/").pop() ?? runs.taskDefinition;
  if (!/:\d+$/.test(revision)) return `${revision}, the family's newest revision (nothing has served yet)`;
  return runs.release ? `${revision}, release ${runs.release} (version ${runs.version})` : revision;
}

function named(r: { taskDefinition: string; release?: string; version?: string; releaseOutcome?: string }): string {
  const revision = r.taskDefinition.split("/").pop() ?? r.taskDefinition;
  if (!r.release) return `${revision} (no release in the history names it)`;
  const state =
    r.releaseOutcome === "in-progress"
      ? ", in progress"
      : r.releaseOutcome === "interrupted"
        ? ", interrupted; berth deploy finishes it"
        : "";
  return `release ${r.release} (${r.version}, ${revision}${state})`;
}

/** The environment's one version, or each service's when they differ (named in plain text, and red). */
function versionLines(status: EnvironmentStatus, out: Output): string[] {
  if (status.version) return [`  version ${status.version.version} (release ${status.version.release})`];
  if (!status.mixed) return [];
  const each = Object.entries(status.mixed).map(([service, version]) => `${service} ${version}`);
  return [paint.red(out, `  mixed versions: ${each.join(", ")}; berth deploy or berth rollback brings them to one`)];
}

function split(weights: Record<string, number>): string {
  const groups = Object.keys(weights).sort();
  return groups.length > 0 ? groups.map((g) => `${g} ${weights[g]}%`).join(" / ") : "-";
}

function lastRelease(status: EnvironmentStatus): string[] {
  const r = status.lastRelease;
  if (!r) return ["no release recorded yet"];
  const reason = r.reason ? `: ${r.reason}` : "";
  return [
    `last release ${r.id} (${r.kind} of ${r.version} by ${r.who}, ${r.startedAt.slice(0, 19).replace("T", " ")} UTC): ${r.outcome}${reason}`,
  ];
}
