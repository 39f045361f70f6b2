import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-preflight-"));
const file = join(dir, "berth.yml");
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });

test("a missing secret: the manifest line, the command that creates it, and the reason in the history", async () => {
  writeFileSync(
    file,
    `app: pre\nservices:\n  web:\n    image: "${IMAGE}"\n    port: 80\n    http: {}\n    secrets:\n      STRIPE: secretsmanager:pre/stripe#key\n`,
  );
  const run = await berth("deploy", "--yes");
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    `error ${file}:8:7: services.web.secrets.STRIPE: STRIPE (secretsmanager:pre/stripe): the Secrets Manager secret pre/stripe does not exist in us-east-1`,
  );
  expect(run.stderr).toContain(
    `fix: create it: aws secretsmanager create-secret --name pre/stripe --secret-string '{"key":"VALUE"}' --region us-east-1`,
  );
  const releases = JSON.parse((await berth("releases", "--json")).stdout) as { releases: { reason?: string }[] };
  expect(releases.releases[0]?.reason).toBe(
    "pre-flight: web: STRIPE (secretsmanager:pre/stripe): the Secrets Manager secret pre/stripe does not exist in us-east-1; nothing was changed",
  );
}, 120_000);
