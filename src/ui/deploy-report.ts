import type { EnvironmentOutcome, EnvironmentStep } from "../deployers/deploy-environment.js";
import { EXIT } from "../exit-codes.js";
import type { Manifest } from "../manifest/types.js";
import { appStackName, stackName } from "../render/names.js";
import { reportInfrastructureOutcome } from "./infrastructure.js";
import { paint, type Output } from "./output.js";
import { reportProblems } from "./problems.js";

export function reportStep(step: EnvironmentStep, m: Manifest, out: Output): void {
  const titles: Record<EnvironmentStep, string> = {
    "app-stack": `app stack ${appStackName(m.app)} (image repositories)`,
    images: "images",
    "environment-stack": `environment stack ${stackName(m.app, m.environment)}`,
  };
  out.note(paint.bold(out, `— ${titles[step]}`));
}

/** The end of `berth deploy` or `berth diff`; returns the exit code. */
export function reportEnvironmentOutcome(outcome: EnvironmentOutcome, m: Manifest, elapsedMs: number, out: Output, command: string): number {
  if (outcome.problems) {
    reportProblems(outcome.problems, out, command);
    return EXIT.usage;
  }
  const codes = outcome.stacks.map((stack) => reportInfrastructureOutcome(stack, out));
  if (outcome.images) for (const [service, image] of Object.entries(outcome.images)) out.note(`  ${service}: ${image}`);
  const code = codes.find((c) => c !== EXIT.ok) ?? (outcome.ok ? EXIT.ok : EXIT.failure);
  const where = `${m.app} ${m.environment}`;
  if (out.json) out.line(JSON.stringify({ ok: code === EXIT.ok, app: m.app, environment: m.environment, stacks: outcome.stacks, images: outcome.images ?? {}, elapsedMs }, null, 2));
  else if (code === EXIT.ok) out.line(`${paint.green(out, "ok")} ${where}: ${command === "berth diff" ? "diff computed" : "infrastructure up to date, images pinned"} in ${(elapsedMs / 1000).toFixed(1)} s`);
  else out.line(`${paint.red(out, "failed")} ${where}: see above; production keeps serving what it served before`);
  return code;
}
