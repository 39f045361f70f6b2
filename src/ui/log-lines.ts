import type { LogLine } from "../deployers/service-logs.js";
import type { Output } from "./output.js";

// One colour per service, in the order the services were asked for; the prefix says the same in text.
const COLOURS = [36, 35, 33, 32, 34, 31];

/** `09:30:01 web/0f1e2d3c  message`: time, service and task (its first 8 characters), then the line. */
export function logLineWriter(services: string[], out: Output): (line: LogLine) => void {
  const width = Math.max(...services.map((s) => s.length)) + 9;
  return (line) => {
    if (out.json) {
      out.line(
        JSON.stringify({
          time: new Date(line.timestamp).toISOString(),
          service: line.service,
          task: line.task,
          message: line.message,
        }),
      );
      return;
    }
    const time = new Date(line.timestamp).toISOString().slice(11, 19);
    const prefix = `${line.service}/${line.task.slice(0, 8)}`.padEnd(width);
    const colour = COLOURS[Math.max(0, services.indexOf(line.service)) % COLOURS.length]!;
    out.line(
      out.color
        ? `\u001b[2m${time}\u001b[22m \u001b[${colour}m${prefix}\u001b[39m ${line.message}`
        : `${time} ${prefix} ${line.message}`,
    );
  };
}
