import { Command, CommanderError } from "commander";
import { register as registerBuild } from "./commands/build.js";
import { register as registerDeploy } from "./commands/deploy.js";
import { register as registerDestroy } from "./commands/destroy.js";
import { register as registerDiff } from "./commands/diff.js";
import { register as registerInit } from "./commands/init.js";
import { register as registerLock } from "./commands/lock.js";
import { register as registerLogs } from "./commands/logs.js";
import { register as registerPush } from "./commands/push.js";
import { register as registerReleases } from "./commands/releases.js";
import { register as registerRollback } from "./commands/rollback.js";
import { register as registerRender } from "./commands/render.js";
import { register as registerSandbox } from "./commands/sandbox.js";
import { register as registerSchema } from "./commands/schema.js";
import { register as registerStatus } from "./commands/status.js";
import { register as registerValidate } from "./commands/validate.js";
import { asAwsFailure } from "./aws/aws-failure.js";
import { EXIT, UserError } from "./exit-codes.js";
import { output } from "./ui/output.js";
import { version } from "./version.js";

export function buildProgram(): Command {
  const program = new Command("berth")
    .description("Deploy an application described in berth.yml to AWS ECS on Fargate.")
    .version(version, "-v, --version")
    .showSuggestionAfterError(true)
    .exitOverride();
  const commands = [registerInit, registerValidate, registerRender, registerSchema, registerBuild, registerPush, registerDiff, registerDeploy, registerRollback];
  for (const register of [...commands, registerReleases, registerStatus, registerLogs, registerLock, registerDestroy, registerSandbox]) register(program);
  program.commands.forEach((command) => command.exitOverride());
  // --preview is -e pr-<n> found for you; every command that reads a manifest takes it (commands/preview.ts).
  program.hook("preAction", async (_program, command) => {
    const opts = command.opts<{ preview?: boolean; env?: string }>();
    if (!opts.preview) return;
    if (opts.env !== undefined) throw new UserError("--preview and -e both name the environment", EXIT.usage, "keep one of them");
    const { previewEnvironment } = await import("./commands/preview.js");
    command.setOptionValue("env", previewEnvironment());
  });
  return program;
}

/** The CLI boundary: user errors become one clear line and an exit code, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  ignoreClosedPipes();
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

/**
 * `berth releases | head`: the reader went away. What berth does (a release in flight)
 * must not stop because nobody reads its output, and a closed pipe is no crash.
 */
function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") process.exitCode = EXIT.failure;
    });
  }
}

function exitCodeFor(thrown: unknown): number {
  const out = output();
  // An AWS failure that no adapter reported is still one line naming the command that failed.
  const error = asAwsFailure(thrown, { service: "AWS", operation: "call" });
  if (error instanceof CommanderError) {
    // Commander already printed the message; help and version are not failures.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UserError) {
    out.note(`berth: ${error.message}`);
    if (error.hint) out.note(`      fix: ${error.hint}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  out.note(`berth: internal error: ${message}`);
  if (process.env.BERTH_DEBUG && error instanceof Error && error.stack) out.note(error.stack);
  else out.note("      this is a bug in berth; rerun with BERTH_DEBUG=1 for details and report it");
  return EXIT.failure;
}
