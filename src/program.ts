// The commander program and the CLI boundary, shared by the two bundles bin/berth.js
// chooses between (docs/architecture.md, "Start-up"): cli.ts registers every command,
// offline-cli.ts only those that need no AWS, so they start in the budget.
import { Command, CommanderError } from "commander";
import { asAwsFailure } from "./aws/aws-failure.js";
import { takeNodeSupportNotice } from "./aws/node-support.js";
import { EXIT, UserError } from "./exit-codes.js";
import { output } from "./ui/output.js";
import { nodeStream, standardErr, standardOut } from "./ui/standard-streams.js";
import { version } from "./version.js";

export type Registration = (program: Command) => void;

export function createProgram(registrations: Registration[]): Command {
  const program = new Command("berth")
    .description("Deploy an application described in berth.yml to AWS ECS on Fargate.")
    .version(version, "-v, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    // At most 80 columns, so the help that the build writes for `berth --help` (dist/help.txt)
    // is what this program prints on any terminal at least that wide.
    .configureOutput({
      writeOut: (text) => standardOut.write(text),
      writeErr: (text) => standardErr.write(text),
      getOutHelpWidth: () => Math.min(standardOut.isTTY ? nodeStream(1).columns : 80, 80),
    });
  for (const register of registrations) register(program);
  program.commands.forEach((command) => command.exitOverride());
  // --preview is -e pr-<n> found for you; every command that reads a manifest takes it (commands/preview.ts).
  program.hook("preAction", async (_program, command) => {
    const opts = command.opts<{ preview?: boolean; env?: string }>();
    if (!opts.preview) return;
    if (opts.env !== undefined)
      throw new UserError("--preview and -e both name the environment", EXIT.usage, "keep one of them");
    const { previewEnvironment } = await import("./commands/preview.js");
    command.setOptionValue("env", previewEnvironment());
  });
  return program;
}

/** The CLI boundary: user errors become one clear line and an exit code, never a stack trace. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
  const notice = takeNodeSupportNotice();
  if (notice) output().note(notice);
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
