import type { Problem } from "../manifest/problem.js";
import { paint, type Output } from "./output.js";
import { escapeData, escapeProperty } from "./workflow-commands.js";

/** `berth.yml:14:10: services.web.cpu: 300 is not a Fargate CPU size (…)`, then the fix. */
export function formatProblem(p: Problem): string {
  // Line 0: the file as a whole (a command-line choice the file does not support).
  const where = p.line === 0 ? p.file : `${p.file}:${p.line}:${p.col}`;
  const path = p.path ? `${p.path}: ` : "";
  const env = p.env ? ` (environment ${p.env})` : "";
  return `${where}: ${path}${p.message}${env}`;
}

export function reportProblems(problems: Problem[], out: Output, command: string): void {
  if (out.json) {
    out.line(JSON.stringify({ ok: false, problems }, null, 2));
  } else {
    for (const p of problems) {
      out.note(`${paint.red(out, "error")} ${formatProblem(p)}`);
      if (p.hint) out.note(`      ${paint.dim(out, `fix: ${p.hint}`)}`);
    }
    out.note(`${problems.length} problem${problems.length === 1 ? "" : "s"} found; nothing was changed.`);
  }
  if (out.github) {
    // Keep stdout a single JSON document under --json; the runner reads annotations from stderr too.
    const emit = out.json ? out.note : out.line;
    for (const p of problems) emit(githubAnnotation(p, command));
  }
}

/** GitHub Actions workflow command, escaped as workflow-commands.ts says. */
export function githubAnnotation(p: Problem, command: string): string {
  const prop = escapeProperty;
  const message = `${p.path ? `${p.path}: ` : ""}${p.message}${p.env ? ` (environment ${p.env})` : ""}${p.hint ? ` — fix: ${p.hint}` : ""}`;
  const where = p.line === 0 ? "" : `,line=${p.line},col=${p.col}`;
  return `::error file=${prop(p.file)}${where},title=${prop(command)}::${escapeData(message)}`;
}
