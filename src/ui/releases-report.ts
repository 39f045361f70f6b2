import { duration } from "../deployers/lock/describe-holder.js";
import type { ReleaseRecord } from "../deployers/history/release-record.js";
import { EXIT } from "../exit-codes.js";
import { paint, type Output } from "./output.js";

/**
 * `berth releases`: newest first. A terminal gets an aligned table with a header; a pipe
 * or CI log gets one plain line per release, the same columns separated by two spaces.
 */
export function reportReleases(
  app: string,
  environment: string,
  records: ReleaseRecord[],
  out: Output,
  table: boolean,
): number {
  if (out.json) {
    out.line(JSON.stringify({ app, environment, releases: records }, null, 2));
    return EXIT.ok;
  }
  if (records.length === 0) {
    out.note(`${app} ${environment}: no releases recorded yet (berth deploy records one)`);
    return EXIT.ok;
  }
  const rows = records.map(releaseRow);
  if (!table) {
    for (const row of rows) out.line(row.join("  "));
    return EXIT.ok;
  }
  const header = ["RELEASE", "VERSION", "OUTCOME", "WHO", "FROM", "STARTED", "TOOK", "SERVICES"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const pad = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  out.line(paint.bold(out, pad(header)));
  for (const [i, row] of rows.entries()) out.line(colourOutcome(pad(row), records[i]!, out));
  return EXIT.ok;
}

export function releaseRow(r: ReleaseRecord): string[] {
  const kind = r.kind === "rollback" ? `rollback${r.rollbackTo ? ` to ${r.rollbackTo}` : ""}: ` : "";
  // A run (berth run) released nothing: its row says what ran, and how it ended.
  const services = r.run
    ? `run ${r.run.service}: ${r.run.command.join(" ")}${r.run.exitCode !== undefined ? ` (exit code ${r.run.exitCode})` : ""}`
    : r.services.map((s) => `${s.service} ${s.result}`).join(", ") || "-";
  // What the environment served when the release ended (recorded from berth 0.3).
  const after = r.mixedVersions
    ? `; left mixed versions: ${Object.entries(r.mixedVersions)
        .map(([service, version]) => `${service} ${version}`)
        .join(", ")}`
    : r.servingVersion
      ? `; serving ${r.servingVersion} after`
      : "";
  return [
    r.id,
    r.version,
    r.outcome,
    r.who,
    r.ciUrl ?? r.host,
    `${r.startedAt.slice(0, 19).replace("T", " ")} UTC`,
    r.durationMs !== undefined ? duration(r.durationMs) : "-",
    `${kind}${services}${after}${r.reason ? ` (${r.reason})` : ""}`,
  ];
}

function colourOutcome(line: string, r: ReleaseRecord, out: Output): string {
  if (r.outcome === "succeeded") return line;
  return r.outcome === "in-progress" ? paint.yellow(out, line) : paint.red(out, line);
}
