import type { Command } from "commander";
import { environmentFlag } from "../deployers/lock/environment-flag.js";
import { EXIT, UserError } from "../exit-codes.js";
import { loadEnvironment } from "./environment-options.js";
import { examples } from "./examples.js";
import { withAwsOptions, withManifestOptions, type AwsOptions, type ManifestOptions } from "./options.js";

type SecretsOptions = ManifestOptions & AwsOptions;

export function register(program: Command): void {
  const secrets = withAwsOptions(
    withManifestOptions(
      program
        .command("secrets")
        .description(
          "list the secrets and parameters the environment's services read: whether each exists, who reads it",
        )
        .addHelpText(
          "after",
          examples([
            ["berth secrets -e staging", "each secret and parameter, exists or missing, and the services that read it"],
            [
              "berth secrets set STRIPE_KEY -e staging",
              "create or update one; the value is typed (not echoed) or piped",
            ],
            ["op read op://ci/stripe | berth secrets set STRIPE_KEY -e staging", "the value from stdin"],
          ]),
        ),
    ),
  ).action(async (opts: SecretsOptions) => {
    const loaded = await loadEnvironment(opts, "berth secrets");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const [{ secretStorePort }, { secretsStatus }, { reportSecrets }] = await Promise.all([
      import("../aws/secret-store.js"),
      import("../deployers/secrets/referenced-secrets.js"),
      import("../ui/secrets-report.js"),
    ]);
    const listed = await secretsStatus(m, secretStorePort(aws));
    process.exitCode = reportSecrets(m.app, m.environment, environmentFlag(m.environment), listed, out);
  });
  withAwsOptions(
    withManifestOptions(
      secrets
        .command("set")
        .description(
          "create or update a secret or parameter the environment reads, in Secrets Manager or SSM as its reference says",
        )
        .argument("<name>", "the variable a service reads it as (STRIPE_KEY), or the secret's own name")
        // Taken only to refuse it: a value on the command line stays in shell history and `ps`.
        .argument("[value]")
        .addHelpText(
          "after",
          "\nThe value is read from stdin when it is piped, else typed at a prompt that does not echo; never from an argument.",
        ),
    ),
  ).action(async (name: string, value: string | undefined, _opts: SecretsOptions, command: Command) => {
    if (value !== undefined)
      throw new UserError(
        "a secret's value is never taken from the command line (shell history and the process list keep it)",
        EXIT.usage,
        `pipe it (… | berth secrets set ${name} -e ENV) or leave it out to type it at a prompt that does not echo`,
      );
    const opts = command.optsWithGlobals<SecretsOptions>();
    const loaded = await loadEnvironment(opts, "berth secrets set");
    if (!loaded) return;
    const { m, out, aws } = loaded;
    const flag = environmentFlag(m.environment);
    const [{ findSecretTarget, setSecret }, { secretStorePort }, { readSecretValue }, { reportSecretSet }] =
      await Promise.all([
        import("../deployers/secrets/set-secret.js"),
        import("../aws/secret-store.js"),
        import("../ui/hidden-input.js"),
        import("../ui/secrets-report.js"),
      ]);
    const found = findSecretTarget(m, name, flag);
    if (!found.ok) throw new UserError(found.message, EXIT.usage, found.hint);
    const { secret, jsonKey } = found.target;
    const secretValue = await readSecretValue(
      `value for ${secret.kind}:${secret.name}${jsonKey ? `#${jsonKey}` : ""} (not echoed): `,
    );
    if (secretValue === undefined) throw new UserError("no value was typed; nothing was changed", EXIT.usage);
    if (secretValue === "")
      throw new UserError("the value is empty; nothing was changed", EXIT.usage, "pipe or type the value to store");
    process.exitCode = reportSecretSet(
      m.environment,
      await setSecret(secretStorePort(aws), found.target, secretValue),
      out,
    );
  });
}
