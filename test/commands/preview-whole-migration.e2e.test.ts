import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { loadManifest } from "../../src/manifest/load.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const dir = mkdtempSync(join(tmpdir(), "berth-preview-migration-"));
const file = join(dir, "berth.yml");
writeFileSync(
  file,
  `app: olden\nservices:\n  web:\n    image: "${IMAGE}"\n    port: 80\n    http: {}\n    deploy: { bake: 0m }\n` +
    "queues: { jobs: {} }\nenvironments:\n  preview: {}\n",
);
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
const stack = (name: string) => cloudFormationPort(aws()).describeStack(name);

/** pr-4 as an earlier berth deployed it: a whole environment of its own (its VPC, load balancer, queue). */
async function deployAsWholeEnvironment(): Promise<void> {
  const loaded = await loadManifest(file, { env: "pr-4" });
  if (!loaded.ok) throw new Error("fixture manifest has problems");
  const whole = { ...loaded.manifest, preview: false };
  const ports = awsEnvironmentPorts(awsImageRequest(whole, aws(), { manifestDir: dir }), () => {});
  const outcome = await deployEnvironment(whole, ports, {
    confirm: async () => true,
    clock: simulatedClock(sandbox),
    pollMs: 1,
  });
  if (!outcome.ok) throw new Error(`whole-environment deploy failed: ${JSON.stringify(outcome.stacks)}`);
}

test("a preview an earlier berth deployed whole is refused with the commands that move it, and those commands work", async () => {
  await deployAsWholeEnvironment();
  expect((await stack("olden-pr-4"))?.outputs?.VpcId).toMatch(/^vpc-/);

  const refused = await berth("deploy", "-e", "pr-4", "--yes");
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain("berth destroy -e pr-4 --yes, then deploy it again");

  const destroyed = await berth("destroy", "-e", "pr-4", "--yes");
  expect(destroyed.code, destroyed.stderr).toBe(0);
  expect(await stack("olden-pr-4")).toBeUndefined();

  const again = await berth("deploy", "-e", "pr-4", "--yes");
  expect(again.code, again.stderr).toBe(0);
  expect(Object.keys((await stack("olden-pr-4"))?.parameters ?? {})).toContain("Vpc");
}, 300_000);
