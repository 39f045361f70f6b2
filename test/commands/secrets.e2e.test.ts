import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const sandbox = useSandbox();
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const file = join(mkdtempSync(join(tmpdir(), "berth-secrets-")), "berth.yml");
writeFileSync(
  file,
  [
    "app: vault",
    "services:",
    "  web:",
    "    image: nginx:1.27",
    "    port: 80",
    "    http: {}",
    "    secrets:",
    "      STRIPE_KEY: secretsmanager:${environment}/stripe#key",
    "      API_TOKEN: ssm:/${app}/${environment}/api-token",
    "  worker:",
    "    image: nginx:1.27",
    "    secrets: { STRIPE_KEY: 'secretsmanager:${environment}/stripe#key' }",
    "environments:",
    "  staging: {}",
    "  production: {}",
    "",
  ].join("\n"),
);
const berth = (args: string[], input?: string) =>
  berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" }, undefined, input);
const VALUE = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

describe("berth secrets", () => {
  test("lists each secret and parameter of the environment, missing ones with the command that creates them", async () => {
    const run = await berth(["secrets", "-e", "staging"]);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toEqual([
      "vault staging: 2 secret(s) and parameter(s) its services read",
      "  secretsmanager:staging/stripe  missing  web STRIPE_KEY (#key), worker STRIPE_KEY (#key)",
      "      fix: berth secrets set STRIPE_KEY -e staging",
      "  ssm:/vault/staging/api-token   missing  web API_TOKEN",
      "      fix: berth secrets set API_TOKEN -e staging",
      "",
    ]);
  });

  test("a value given as an argument is refused and never printed", async () => {
    const run = await berth(["secrets", "set", "STRIPE_KEY", VALUE, "-e", "staging"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("a secret's value is never taken from the command line");
    expect(run.stdout + run.stderr).not.toContain(VALUE);
  });

  test("set writes the piped value under the reference's JSON key, keeping the secret's other keys, and never prints it", async () => {
    const secrets = new SecretsManagerClient(aws());
    await secrets.send(
      new CreateSecretCommand({ Name: "staging/stripe", SecretString: JSON.stringify({ webhook: "whsec_1" }) }),
    );
    const run = await berth(["secrets", "set", "STRIPE_KEY", "-e", "staging"], `${VALUE}\n`);
    expect(run.stdout + run.stderr).not.toContain(VALUE);
    expect(run.stdout).toBe(
      "ok staging: updated Secrets Manager secret staging/stripe (key key); the value was not printed\n",
    );
    expect(run.code).toBe(0);
    const stored = await secrets.send(new GetSecretValueCommand({ SecretId: "staging/stripe" }));
    expect(JSON.parse(stored.SecretString ?? "")).toEqual({ webhook: "whsec_1", key: VALUE });
  });

  test("set creates an SSM parameter as a SecureString, named by the secret's own name", async () => {
    const run = await berth(["secrets", "set", "/vault/staging/api-token", "-e", "staging"], "token-1");
    expect(run.stdout).toBe("ok staging: created SSM parameter /vault/staging/api-token; the value was not printed\n");
    const read = await new SSMClient(aws()).send(
      new GetParameterCommand({ Name: "/vault/staging/api-token", WithDecryption: true }),
    );
    expect(read.Parameter).toMatchObject({ Type: "SecureString", Value: "token-1" });
  });

  test("once both exist, the list says so and exits 0, naming who reads each in --json", async () => {
    const run = await berth(["secrets", "-e", "staging", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      app: "vault",
      environment: "staging",
      secrets: [
        {
          kind: "secretsmanager",
          name: "staging/stripe",
          status: "exists",
          readers: [
            { service: "web", variable: "STRIPE_KEY", jsonKey: "key" },
            { service: "worker", variable: "STRIPE_KEY", jsonKey: "key" },
          ],
        },
        {
          kind: "ssm",
          name: "/vault/staging/api-token",
          status: "exists",
          readers: [{ service: "web", variable: "API_TOKEN" }],
        },
      ],
    });
  });

  test("a name no service reads is refused with the names that are", async () => {
    const run = await berth(["secrets", "set", "STRIPE", "-e", "production"], "x");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no service of production reads a secret named STRIPE");
    expect(run.stderr).toContain("fix: name one of: STRIPE_KEY, API_TOKEN");
  });
});

describe("an environment that reads production's secrets", () => {
  const legacy = join(mkdtempSync(join(tmpdir(), "berth-legacy-")), "berth.yml");
  writeFileSync(
    legacy,
    "app: legacy\nservices:\n  worker: { image: nginx:1.27, secrets: { TOKEN: 'ssm:/legacy/token' } }\n" +
      "environments:\n  production: {}\n",
  );
  const run = (...args: string[]) => berthAsync([...args, "-f", legacy], { ...sandbox().environment, CI: "true" });

  test("is refused by deploy, at the line, before any AWS call", async () => {
    const deploy = await run("deploy", "-e", "pr-9", "--yes");
    expect(deploy.code).toBe(2);
    expect(deploy.stderr).toContain(
      "berth.yml:3:50: services.worker.secrets.TOKEN: preview pr-9 would read production's SSM parameter /legacy/token",
    );
  });

  test("can still be looked at and destroyed (one a berth before this rule created)", async () => {
    expect((await run("secrets", "-e", "pr-9")).stdout).toContain("ssm:/legacy/token  missing  worker TOKEN");
    const destroy = await run("destroy", "-e", "pr-9", "--yes");
    expect(destroy.code, destroy.stderr).toBe(0);
    expect(destroy.stderr).toContain("stack legacy-pr-9 does not exist; nothing to destroy");
  });
});
