import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, test } from "vitest";
import { berthTable } from "../../src/aws/berth-table.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { appStackBootstrap } from "../../src/deployers/app-stack.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { destroyEnvironment } from "../../src/deployers/destroy-environment.js";
import { listenerRules } from "../../src/aws/listener-rules.js";
import { ecsServices, releaseLeftovers, s3Buckets } from "../../src/aws/teardown-ports.js";
import { templateStore } from "../../src/aws/template-store.js";
import { guardedRelease } from "../../src/deployers/guarded-release.js";
import {
  INLINE_TEMPLATE_LIMIT,
  templateKey,
  withLargeTemplatesInS3,
} from "../../src/deployers/infrastructure/template-upload.js";
import { loadManifest } from "../../src/manifest/load.js";
import { renderApplication } from "../../src/render/render.js";
import { toYaml } from "../../src/render/template-yaml.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const QUEUES = 70;
const sandbox = useSandbox();
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const dir = mkdtempSync(join(tmpdir(), "berth-template-url-"));
const file = join(dir, "berth.yml");

async function manifest() {
  const queues = Array.from({ length: QUEUES }, (_, i) => `  q${i + 1}: {}`);
  writeFileSync(
    file,
    [
      "app: vast",
      "services:",
      `  worker: { image: "${IMAGE}" }`,
      "buckets: { files: {} }",
      "queues:",
      ...queues,
      "",
    ].join("\n"),
  );
  const loaded = await loadManifest(file);
  if (!loaded.ok) throw new Error("fixture manifest has problems");
  return loaded.manifest;
}

/** A deploy as `berth deploy` runs it (app stack, lock, history), on the sandbox's simulated clock. */
async function deploy(version: string) {
  const m = await manifest();
  const ports = awsEnvironmentPorts(awsImageRequest(m, aws(), { manifestDir: dir }), () => {});
  const guard = { ...berthTable(aws(), "vast"), bootstrapAppStack: appStackBootstrap(m, cloudFormationPort(aws())) };
  const release = {
    app: "vast",
    environment: "default",
    kind: "deploy" as const,
    command: "deploy",
    version,
    strategies: { worker: "rolling" },
    lockWaitMs: 0,
    actor: { user: "ana", host: "ana-laptop" },
  };
  return guardedRelease(guard, release, () =>
    deployEnvironment(m, ports, { confirm: async () => true, clock: simulatedClock(sandbox), pollMs: 1 }),
  );
}

async function storedTemplates(): Promise<string[]> {
  const app = await cloudFormationPort(aws()).describeStack("vast-app");
  const s3 = new S3Client({ ...aws(), forcePathStyle: true });
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: app?.outputs?.TemplateBucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? "");
}

async function environmentTemplate(): Promise<string> {
  const rendered = renderApplication(await manifest());
  if (!rendered.ok) throw new Error("fixture manifest does not render");
  return toYaml(rendered.rendered.template);
}

let first: Awaited<ReturnType<typeof deploy>>;
beforeAll(async () => {
  first = await deploy("v1");
});

describe("a stack whose template is too large to send inline, deployed to the sandbox", () => {
  test("the environment template of this manifest is over CloudFormation's inline limit", async () => {
    expect(Buffer.byteLength(await environmentTemplate())).toBeGreaterThan(INLINE_TEMPLATE_LIMIT);
  });

  test("the environment stack is created from the template stored in the app's template bucket", async () => {
    expect(first.record.outcome).toBe("succeeded");
    const stack = await cloudFormationPort(aws()).describeStack("vast-default");
    expect(stack?.status).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    expect(Object.keys(stack?.outputs ?? {})).toContain(`Q${QUEUES}QueueUrl`);
    expect(await storedTemplates()).toEqual([templateKey("vast-default", await environmentTemplate())]);
  });

  test("a second deploy of the same template stores nothing new", async () => {
    const second = await deploy("v2");
    expect(second.record.outcome).toBe("succeeded");
    expect(await storedTemplates()).toHaveLength(1);
  });

  test("the environment is destroyed with its data, the update that lets its data go sent through the bucket too", async () => {
    const settings = aws();
    const ports = {
      cloudFormation: withLargeTemplatesInS3(cloudFormationPort(settings), templateStore(settings), {
        appStackName: "vast-app",
      }),
      listenerRules: listenerRules(settings),
      services: ecsServices(settings, async () => {}),
      buckets: s3Buckets(settings),
      leftovers: releaseLeftovers(settings),
    };
    const outcome = await destroyEnvironment(await manifest(), ports, {
      confirm: async () => true,
      clock: simulatedClock(sandbox),
      pollMs: 1,
      deleteData: true,
    });
    expect(outcome).toMatchObject({ result: "destroyed" });
    expect(await cloudFormationPort(settings).describeStack("vast-default")).toBeUndefined();
    expect(await storedTemplates()).toHaveLength(2);
  });
});
