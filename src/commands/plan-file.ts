import { readFile, writeFile } from "node:fs/promises";
import type { EnvironmentPlan } from "../deployers/plan/environment-plan.js";
import { EXIT, UserError } from "../exit-codes.js";
import type { Output } from "../ui/output.js";
import { version } from "../version.js";
import type { AwsImageRequest } from "./environment-ports.js";

/** plan.json: the plan as one JSON document (no secret value is in it: names only). */
export async function writePlan(path: string, plan: EnvironmentPlan): Promise<void> {
  await writeFile(path, `${JSON.stringify(plan, null, 2)}\n`);
}

export async function readPlan(path: string): Promise<EnvironmentPlan> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`${path}: cannot read the plan (${error.code ?? error.message})`, EXIT.usage);
  });
  try {
    const plan = JSON.parse(text) as Partial<EnvironmentPlan>;
    if (typeof plan.format !== "string" || typeof plan.environment !== "string" || !Array.isArray(plan.stacks))
      throw new Error("not a berth plan");
    return plan as EnvironmentPlan;
  } catch (error) {
    throw new UserError(
      `${path}: not a plan berth plan --out wrote (${error instanceof Error ? error.message : String(error)})`,
      EXIT.usage,
      "pass the file berth plan -e ENV --out FILE wrote",
    );
  }
}

/**
 * Whether a saved plan still holds (deployers/plan/plan-check.ts), read before the lock and
 * before anything changes; what changed is printed with the fix when it does not.
 */
export async function planHolds(plan: EnvironmentPlan, request: AwsImageRequest, out: Output): Promise<boolean> {
  const [{ checkPlan }, { cloudFormationPort }, { preflightPort }] = await Promise.all([
    import("../deployers/plan/plan-check.js"),
    import("../aws/cloudformation.js"),
    import("../aws/preflight-port.js"),
  ]);
  const check = await checkPlan(plan, request.manifest, version, {
    cloudFormation: cloudFormationPort(request.aws),
    imageExists: (ref) => preflightPort(request.aws).imageExists(ref),
  });
  for (const note of check.notes) out.note(`berth apply: ${note}`);
  if (check.stale.length === 0) return true;
  const flag = plan.environment === "default" ? "" : ` -e ${plan.environment}`;
  const fix = `plan again (berth plan${flag} --out plan.json), have it reviewed, and apply that`;
  out.note(`berth apply: the plan no longer holds; nothing was changed:`);
  for (const line of check.stale) out.note(`  - ${line}`);
  out.note(`  fix: ${fix}`);
  if (out.json)
    out.line(JSON.stringify({ ok: false, app: plan.app, environment: plan.environment, stale: check.stale, fix }));
  return false;
}
