import type { Command } from "commander";
import { EXIT, UserError } from "../exit-codes.js";
import { didYouMean } from "../manifest/did-you-mean.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

interface ExecOptions extends ManifestOptions, AwsOptions {
  task?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withManifestOptions(
      program
        .command("exec")
        .description("open a shell (or run a command) in a running task of a service, through ECS Exec")
        .argument("<service>", "the service whose task to enter")
        .argument("[command...]", "what to run, after --; default a shell (/bin/sh)")
        .option("--task <id>", "this task (id or ARN) rather than any running one")
        .addHelpText(
          "after",
          "\nNeeds `exec: true` for the environment in berth.yml and session-manager-plugin on PATH;" +
            " before connecting berth checks what ECS Exec needs and names the first thing missing.",
        )
        .addHelpText(
          "after",
          examples([
            ["berth exec web -e staging", "a shell in one of web's running tasks"],
            ["berth exec web -e staging -- python manage.py shell", "a Django shell"],
            ["berth exec worker -e staging --task 0f3c9d2e8a7b4c61", "that task"],
          ]),
        ),
    ),
  ).action(async (service: string, command: string[], opts: ExecOptions) => {
    const loaded = await loadEnvironment(opts, "berth exec");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const known = Object.keys(m.services);
    if (!known.includes(service))
      throw new UserError(
        `there is no service ${service} in ${opts.file}${didYouMean(service, known)}`,
        EXIT.usage,
        `services here: ${known.join(", ")}`,
      );
    const [{ execPort }, { openShell }] = await Promise.all([
      import("../aws/exec-port.js"),
      import("../deployers/exec/open-shell.js"),
    ]);
    process.exitCode = await openShell(
      m,
      execPort(aws),
      {
        service,
        command: command.length > 0 ? command.join(" ") : "/bin/sh",
        ...(opts.task ? { task: opts.task } : {}),
      },
      (line) => out.note(line),
    );
  });
}
