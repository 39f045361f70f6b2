import type { Command } from "commander";
import { EXIT, UserError } from "../exit-codes.js";
import { examples } from "./examples.js";
import { MOTO_VERSION } from "../sandbox/moto-version.js";
import { output } from "../ui/output.js";

interface SandboxOptions {
  region: string;
  speed: string;
  provisioningTimes?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("sandbox")
    .description("run a local AWS (moto plus simulated ECS deployments) to try berth without an AWS account")
    .option("--region <region>", "the region the sandbox answers for", "us-east-1")
    .option("--speed <n>", "simulated ECS time runs N times faster than the clock", "1")
    .option(
      "--provisioning-times",
      "stack operations take as long as CloudFormation typically takes for their resources (divided by --speed)",
    )
    .option("--json", "print the endpoint and environment as one JSON document")
    .addHelpText(
      "after",
      `\nNeeds moto's server, the version berth is tested with: pip install 'moto[server]==${MOTO_VERSION}'.\nBERTH_SANDBOX_FAIL=health|crash|smoke|alarm makes every new release fail that way; throttle refuses a share of AWS calls.\nCtrl-C stops it.`,
    )
    .addHelpText(
      "after",
      examples([
        ["berth sandbox", "then, in another shell, the four exports it prints"],
        ["berth sandbox --speed 20", "simulated deployments run 20 times faster"],
        ["berth sandbox --speed 30 --provisioning-times", "an Aurora cluster's 14 minutes take 28 s"],
        ["BERTH_SANDBOX_FAIL=health berth sandbox", "every new release fails its health checks"],
      ]),
    )
    .action(async (opts: SandboxOptions) => {
      const out = output(opts);
      // Loaded here, not at the top: validate and render must not pay for the sandbox.
      const { startSandbox } = await import("../sandbox/sandbox.js");
      const { sandboxFault } = await import("../sandbox/faults.js");
      const { reportSandboxStarted, simulatedReporter } = await import("../ui/sandbox.js");
      const fault = sandboxFault(process.env.BERTH_SANDBOX_FAIL);
      const speed = Number(opts.speed);
      if (!Number.isFinite(speed) || speed < 1)
        throw new UserError(
          `--speed ${opts.speed} is not a speed`,
          EXIT.usage,
          "give a number of 1 or more, e.g. --speed 10",
        );
      const sandbox = await startSandbox({
        region: opts.region,
        speed,
        ...(opts.provisioningTimes ? { provisioningTimes: true } : {}),
        ...fault?.options,
        onSimulated: simulatedReporter(out),
        onNote: (message) => out.note(`sandbox: ${message}`),
      });
      const started = {
        endpoint: sandbox.endpoint,
        region: sandbox.region,
        environment: sandbox.environment,
        speed,
        provisioningTimes: opts.provisioningTimes === true,
      };
      reportSandboxStarted(
        { ...started, ...(fault ? { fault } : {}), ...(sandbox.registry ? { registry: sandbox.registry } : {}) },
        out,
      );
      await interrupted();
      await sandbox.stop();
      out.note("sandbox stopped");
    });
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
