import type { DeployView } from "./deploy-view-interface.js";
import type { Output } from "./output.js";

/**
 * `--json`: one JSON object per line on stdout (NDJSON), as things happen — `step`, `stack`,
 * `image` and `release` events, each with its `time` — then the final `result` object the
 * report writes. The human lines keep going to stderr. The schema is in README.md, "--json".
 */
export function jsonView(lines: DeployView, out: Output, now: () => number = Date.now): DeployView {
  const write = (event: string, body: object) =>
    out.line(JSON.stringify({ time: new Date(now()).toISOString(), event, ...body }));
  return {
    ...lines,
    step: (step) => {
      write("step", { step });
      lines.step(step);
    },
    stack: (event) => {
      write("stack", event);
      lines.stack(event);
    },
    image: (event) => {
      write("image", event);
      lines.image(event);
    },
    release: (event) => {
      write("release", event);
      lines.release(event);
    },
    versions: (numbers) => {
      write("versions", { services: numbers });
      lines.versions(numbers);
    },
    settled: (releases) => {
      for (const r of releases)
        if (r.diagnosis) write("release", { type: "diagnosed", service: r.service, diagnosis: r.diagnosis });
    },
  };
}

/** The last line under `--json`: one compact object, `event: "result"`. */
export function resultLine(out: Output, result: object, now: () => number = Date.now): void {
  out.line(JSON.stringify({ time: new Date(now()).toISOString(), event: "result", ...result }));
}
