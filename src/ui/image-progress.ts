// Build and push progress. In a terminal, the running step shows its last few lines live
// and collapses to one line when it ends. In CI (no TTY, or CI=true) every line is printed,
// grouped with ::group:: on GitHub Actions, so logs are complete and never redrawn.
// A failed step always ends with the builder's own last lines.

import type { ImageEvent } from "../images/publish.js";
import { paint, type Output } from "./output.js";
import { standardErr } from "./standard-streams.js";

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const LIVE_LINES = 5;

export function imageProgress(
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
  stream: ProgressStream = standardErr,
): (e: ImageEvent) => void {
  const live = Boolean(stream.isTTY) && env.CI !== "true" && !out.json;
  return live ? liveProgress(out, stream) : logProgress(out);
}

function ended(out: Output, e: Extract<ImageEvent, { type: "step-end" }>, title: string): string {
  const time = `${e.seconds.toFixed(1)}s`;
  return e.ok
    ? `${paint.green(out, "done")} ${title} ${paint.dim(out, time)}`
    : `${paint.red(out, "failed")} ${title} after ${time}`;
}

function describe(out: Output, e: ImageEvent): string | undefined {
  if (e.type === "builder") return `building with ${e.name}`;
  if (e.type === "present")
    return `${paint.green(out, "present")} ${e.references.join(", ")}: already in the registry, not built or pushed`;
  return undefined;
}

export function logProgress(out: Output): (e: ImageEvent) => void {
  const titles = new Map<string, string>();
  return (e) => {
    const line = describe(out, e);
    if (line) return out.note(line);
    if (e.type === "step-start") {
      titles.set(e.step, e.title);
      out.note(out.github ? `::group::${e.title}` : `--- ${e.title}`);
    } else if (e.type === "step-output") {
      out.note(out.github ? e.line : `  ${e.line}`);
    } else if (e.type === "step-end") {
      if (out.github) out.note("::endgroup::");
      out.note(ended(out, e, titles.get(e.step) ?? e.step));
      if (!e.ok && out.github && e.output)
        out.note(
          `::error title=${titles.get(e.step) ?? e.step}::${(e.output.slice(-1)[0] ?? "failed").replace(/%/g, "%25")}`,
        );
    }
  };
}

function liveProgress(out: Output, stream: ProgressStream): (e: ImageEvent) => void {
  let title = "";
  let recent: string[] = [];
  let drawn = 0;
  const width = () => Math.max(20, ((stream as { columns?: number }).columns ?? 100) - 4);
  const erase = () => {
    if (drawn > 0) stream.write(`\u001b[${drawn}A\u001b[0J`);
    drawn = 0;
  };
  const draw = () => {
    erase();
    // One row per line, so the redraw knows how many rows to go back up.
    const lines = [
      `${paint.bold(out, "…")} ${title.slice(0, width())}`,
      ...recent.map((l) => paint.dim(out, `  ${l.slice(0, width())}`)),
    ];
    stream.write(`${lines.join("\n")}\n`);
    drawn = lines.length;
  };
  return (e) => {
    const line = describe(out, e);
    if (line) {
      erase();
      return out.note(line);
    }
    if (e.type === "step-start") {
      title = e.title;
      recent = [];
      draw();
    } else if (e.type === "step-output") {
      recent = [...recent, e.line].slice(-LIVE_LINES);
      draw();
    } else if (e.type === "step-end") {
      erase();
      out.note(ended(out, e, title));
      if (!e.ok) for (const l of e.output ?? recent) out.note(`  ${l}`);
    }
  };
}
