import { durationSeconds } from "./compose-values.js";
import type { AdoptionReport } from "./report.js";

/** ECS's container health check limits (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html). */
const LIMITS = { interval: [5, 300], timeout: [2, 60], startPeriod: [0, 300] } as const;

/**
 * A Compose `healthcheck` (its command under `test`) or a Copilot `image.healthcheck` (under
 * `command`) as berth's container health check, clamped to what ECS allows; and the path it
 * requests on localhost, which the load balancer's health check can request too.
 */
export function containerHealthcheck(
  value: unknown,
  commandKey: "test" | "command",
  where: string,
  report: AdoptionReport,
): { berth: Record<string, unknown>; path?: string } | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const h = value as Record<string, unknown>;
  const test = h[commandKey];
  if (h.disable === true || (Array.isArray(test) && test[0] === "NONE")) return undefined;
  let command: string | string[] | undefined;
  if (typeof test === "string") command = test;
  else if (Array.isArray(test) && test[0] === "CMD-SHELL") command = String(test[1] ?? "");
  else if (Array.isArray(test) && test[0] === "CMD") command = test.slice(1).map(String);
  if (command === undefined) return undefined;
  const out: Record<string, unknown> = { command };
  for (const [key, composeKey] of [
    ["interval", "interval"],
    ["timeout", "timeout"],
    ["startPeriod", "start_period"],
  ] as const) {
    const seconds = durationSeconds(h[composeKey]);
    if (seconds === undefined) continue;
    const [min, max] = LIMITS[key];
    const clamped = Math.min(max, Math.max(min, Math.round(seconds)));
    if (clamped !== seconds)
      report.assumed.push(`${where}.healthcheck.${composeKey} ${seconds}s → ${clamped}s (ECS allows ${min}–${max}s)`);
    out[key] = `${clamped}s`;
  }
  if (typeof h.retries === "number") out.retries = Math.min(10, Math.max(1, h.retries));
  const text = Array.isArray(command) ? command.join(" ") : command;
  const path = /https?:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?(\/[^\s"']*)/.exec(text)?.[1];
  return { berth: out, ...(path ? { path } : {}) };
}
