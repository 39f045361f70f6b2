import type { Command } from "commander";
import { register as registerBuild } from "./commands/build.js";
import { register as registerCost } from "./commands/cost.js";
import { register as registerDeploy } from "./commands/deploy.js";
import { register as registerDestroy } from "./commands/destroy.js";
import { register as registerApply } from "./commands/apply.js";
import { register as registerPlan } from "./commands/plan.js";
import { register as registerExec } from "./commands/exec.js";
import { register as registerInit } from "./commands/init.js";
import { register as registerLock } from "./commands/lock.js";
import { register as registerLogs } from "./commands/logs.js";
import { register as registerPreviews } from "./commands/previews.js";
import { register as registerPush } from "./commands/push.js";
import { register as registerReleases } from "./commands/releases.js";
import { register as registerRollback } from "./commands/rollback.js";
import { register as registerRun } from "./commands/run.js";
import { register as registerRender } from "./commands/render.js";
import { register as registerSandbox } from "./commands/sandbox.js";
import { register as registerSchema } from "./commands/schema.js";
import { register as registerSecrets } from "./commands/secrets.js";
import { register as registerStatus } from "./commands/status.js";
import { register as registerValidate } from "./commands/validate.js";
import { createProgram, runProgram } from "./program.js";
import { writeThroughNodeStreams } from "./ui/standard-streams.js";

/** Every command, in the order `berth --help` lists them. */
export function buildProgram(): Command {
  const releasing = [registerBuild, registerPush, registerPlan, registerApply, registerDeploy, registerRollback];
  const operating = [
    registerReleases,
    registerStatus,
    registerLogs,
    registerRun,
    registerExec,
    registerLock,
    registerSecrets,
    registerPreviews,
    registerDestroy,
    registerSandbox,
  ];
  return createProgram([
    registerInit,
    registerValidate,
    registerRender,
    registerSchema,
    registerCost,
    ...releasing,
    ...operating,
  ]);
}

export async function main(argv: string[]): Promise<void> {
  // Commands here may load the AWS SDK, whose warnings Node writes to process.stderr itself:
  // Node's streams are made at once, with the closed-pipe handling. Only dist/offline-cli.cjs
  // writes to the descriptors directly, for start-up (docs/architecture.md, "Start-up").
  writeThroughNodeStreams();
  await runProgram(buildProgram(), argv);
}
