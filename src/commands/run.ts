import type { Command } from "commander";
import { EXIT, UserError } from "../exit-codes.js";
import { didYouMean } from "../manifest/did-you-mean.js";
import { describeMemoryOptions, FARGATE_CPU_SIZES, isFargatePair } from "../manifest/fargate.js";
import type { Manifest } from "../manifest/types.js";
import { SCHEDULE_GROUP_PREFIX, scheduleRun } from "../render/schedules.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

interface RunOptions extends ManifestOptions, AwsOptions {
  envVar: string[];
  cpu?: string;
  memory?: string;
  detach?: boolean;
  release?: string;
  schedule?: string;
}

export function register(program: Command): void {
  withAwsOptions(
    withManifestOptions(
      program
        .command("run")
        .description(
          "run a command once in a service's environment: a Fargate task of its serving task definition, logs streamed, its exit code returned",
        )
        .argument("[service]", "the service whose task definition, secrets, network and roles the task gets")
        .argument("[command...]", "the command, after --")
        .option(
          "--schedule <name>",
          "run a schedule's job now: its service, command and revision (schedules: in berth.yml)",
        )
        .option("--env-var <NAME=VALUE>", "set an environment variable for this task (repeatable)", collect, [])
        .option("--cpu <units>", "Fargate CPU units for this task (256 … 16384)")
        .option("--memory <MiB>", "memory for this task, a size Fargate pairs with the CPU")
        .option("--detach", "start the task and return at once (its lines: berth logs SERVICE -f)")
        .option("--release <id>", "run the task definition of this release (ids: berth releases)")
        .addHelpText(
          "after",
          "\nExit codes: the task's own; 1 when it could not start (the reason is printed); 2 usage or manifest error; 130 interrupted. Ctrl-C asks whether to stop the task (without a terminal it is stopped). Every run is recorded in berth releases.",
        )
        .addHelpText(
          "after",
          examples([
            ["berth run web -e production -- python manage.py createsuperuser", "in the app's exact environment"],
            ["berth run web -e staging --env-var DRY_RUN=1 -- python manage.py backfill", "with a variable set"],
            ["berth run worker -e production --memory 4096 --detach -- python manage.py reindex", "left running"],
            ["berth run --schedule nightly-report -e production", "a scheduled job, now"],
          ]),
        ),
    ),
  ).action(async (named: string | undefined, words: string[], opts: RunOptions) => {
    const loaded = await loadEnvironment(opts, "berth run");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const { service, command, group } = runTarget(m, opts.file, {
      service: named,
      command: words,
      schedule: opts.schedule,
    });
    const [{ runInEnvironment }, { runPorts }, { runView }, { currentActor }, { systemClock }, confirm] =
      await Promise.all([
        import("../deployers/one-off/run-in-environment.js"),
        import("./run-ports.js"),
        import("../ui/run-report.js"),
        import("../deployers/actor.js"),
        import("../time/clock.js"),
        import("../ui/confirm.js"),
      ]);
    const ports = runPorts(aws, m.app);
    const view = runView(out, service);
    let started: { cluster: string; taskArn: string } | undefined;
    let leave: () => void = () => {};
    const left = new Promise<void>((resolve) => (leave = resolve));
    const interrupts = watchRunInterrupts(async () => {
      if (!started) return process.exit(130);
      const stop = confirm.canAskOnTerminal()
        ? await confirm.askOnTerminal("Stop the task? (no: it goes on without berth)", () => process.exit(130))
        : true;
      if (!stop) return leave();
      view.stopping(started.taskArn);
      await ports.tasks.stopTask(started.cluster, started.taskArn, "berth run: interrupted (Ctrl-C)");
    });
    try {
      const outcome = await runInEnvironment(m, ports, {
        service,
        command,
        environment: parseEnvVars(opts.envVar),
        ...sizes(opts),
        ...(opts.release !== undefined ? { releaseId: opts.release } : {}),
        ...(group ? { group } : {}),
        ...(opts.schedule !== undefined ? { schedule: opts.schedule } : {}),
        detach: opts.detach === true,
        leave: left,
        actor: currentActor(),
        clock: systemClock,
        onEvent: (event) => {
          if (event.type === "started") started = { cluster: event.cluster, taskArn: event.taskArn };
          view.event(event);
        },
      });
      process.exitCode = view.ended(outcome, interrupts.signalled());
    } finally {
      interrupts.dispose();
    }
  });
}

/**
 * What to run: a service and a command, or a schedule's (`--schedule NAME`), whose run joins
 * the schedule's task group so `berth status` shows it as the schedule's last run.
 */
export function runTarget(
  m: Manifest,
  file: string,
  asked: { service: string | undefined; command: string[]; schedule: string | undefined },
): { service: string; command: string[]; group?: string } {
  if (asked.schedule !== undefined) {
    if (asked.service !== undefined)
      throw new UserError(
        "--schedule takes no service or command: the schedule names them",
        EXIT.usage,
        `berth run --schedule ${asked.schedule} -e ${m.environment}`,
      );
    const names = Object.keys(m.schedules);
    const found = scheduleRun(m, asked.schedule);
    if (!found)
      throw new UserError(
        `there is no schedule ${asked.schedule} in ${file}${didYouMean(asked.schedule, names)}`,
        EXIT.usage,
        names.length > 0 ? `schedules here: ${names.join(", ")}` : "declare it under schedules: in berth.yml",
      );
    return { ...found, group: `${SCHEDULE_GROUP_PREFIX}${asked.schedule}` };
  }
  const known = Object.keys(m.services);
  if (asked.service === undefined || asked.command.length === 0)
    throw new UserError(
      "berth run needs a service and a command, or --schedule NAME",
      EXIT.usage,
      `berth run ${asked.service ?? known[0] ?? "SERVICE"} -e ${m.environment} -- COMMAND…`,
    );
  if (!known.includes(asked.service))
    throw new UserError(
      `there is no service ${asked.service} in ${file}${didYouMean(asked.service, known)}`,
      EXIT.usage,
      `services here: ${known.join(", ")}`,
    );
  return { service: asked.service, command: asked.command };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const ENV_VAR = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** `--env-var NAME=VALUE`, each checked; the values are never printed (they may be secrets). */
export function parseEnvVars(pairs: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs) {
    const match = ENV_VAR.exec(pair);
    if (!match)
      throw new UserError(
        `--env-var ${JSON.stringify(pair.split("=")[0])}…: expected NAME=VALUE with a variable name of letters, digits and _`,
        EXIT.usage,
        "pass --env-var DEBUG=1, for example",
      );
    vars[match[1]!] = match[2]!;
  }
  return vars;
}

function sizes(opts: RunOptions): { cpu?: number; memory?: number } {
  const number = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0)
      throw new UserError(
        `${flag} ${JSON.stringify(text)} is not a positive whole number`,
        EXIT.usage,
        `pass ${flag} 1024, for example`,
      );
    return value;
  };
  const cpu = number("--cpu", opts.cpu);
  const memory = number("--memory", opts.memory);
  if (cpu !== undefined && !FARGATE_CPU_SIZES.includes(cpu))
    throw new UserError(`--cpu ${cpu} is not a Fargate size`, EXIT.usage, `use one of ${FARGATE_CPU_SIZES.join(", ")}`);
  if (cpu !== undefined && memory !== undefined && !isFargatePair(cpu, memory))
    throw new UserError(
      `--memory ${memory} does not pair with --cpu ${cpu} on Fargate`,
      EXIT.usage,
      `use ${describeMemoryOptions(cpu)}`,
    );
  return { ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}) };
}

/** The first SIGINT/SIGTERM runs `onFirst`; a second one exits at once. */
function watchRunInterrupts(onFirst: () => Promise<void>) {
  let count = 0;
  const handle = () => {
    count += 1;
    if (count > 1) process.exit(130);
    void onFirst();
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
  return {
    signalled: () => count > 0,
    dispose: () => {
      process.removeListener("SIGINT", handle);
      process.removeListener("SIGTERM", handle);
    },
  };
}
