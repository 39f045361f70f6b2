import {
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { describe, expect, test } from "vitest";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { awsEnvironmentPorts, planPorts } from "../../src/commands/environment-ports.js";
import { planEnvironment } from "../../src/deployers/plan/plan-environment.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import type { ReleaseEvent } from "../../src/deployers/release/release-service.js";
import type { Manifest } from "../../src/manifest/types.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";
import { readEnvironmentOutputs } from "../../src/deployers/service-stacks/environment-stacks.js";
import type { EnvironmentOutcome } from "../../src/deployers/deploy-environment.js";

/** Each stack's result by name. */
const results = (outcome: EnvironmentOutcome) => Object.fromEntries(outcome.stacks.map((s) => [s.stackName, s.result]));

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const shop = (interval: number, release: string, extra = "") =>
  manifestOf(
    `app: shop\nservices:\n  web: { image: "${IMAGE}", port: 80, http: { healthcheck: { interval: ${interval} } }, deploy: { bake: 5m }, env: { RELEASE: "${release}" } }\n  worker: { image: "${IMAGE}" }\n${extra}`,
  );

const sandboxNow = useSandbox();
const aws = () => ({ region: sandboxNow().region, endpoint: sandboxNow().endpoint });

/** berth plan without --out: change sets made and deleted, nothing pushed. */
async function plan(m: Manifest): Promise<EnvironmentOutcome> {
  const request = awsImageRequest(m, aws());
  const ports = planPorts(
    request,
    awsEnvironmentPorts(request, () => {}, { readOnly: true }),
  );
  const planned = await planEnvironment(m, ports, {
    keep: false,
    berthVersion: "test",
    clock: simulatedClock(sandboxNow),
    pollMs: 1,
  });
  return planned.outcome;
}

function deploy(m: Manifest, events: ReleaseEvent[] = []) {
  const ports = awsEnvironmentPorts(awsImageRequest(m, aws()), () => {});
  return deployEnvironment(m, ports, {
    confirm: async () => true,
    clock: simulatedClock(sandboxNow),
    pollMs: 1,
    releasePollMs: 5_000,
    onRelease: (e) => events.push(e),
  });
}

/** Where production goes; a group the rule does not name gets nothing. */
async function productionWeights(): Promise<{ a: number; b: number }> {
  const { outputs } = await readEnvironmentOutputs(
    manifestOf("app: shop\nservices:\n  web: { image: nginx }\n"),
    cloudFormationPort(aws()),
  );
  const rule = (
    await new ElasticLoadBalancingV2Client(aws()).send(
      new DescribeRulesCommand({ RuleArns: [outputs.WebListenerRule!] }),
    )
  ).Rules?.[0];
  const weights = Object.fromEntries(
    (rule?.Actions?.[0]?.ForwardConfig?.TargetGroups ?? []).map((t) => [
      t.TargetGroupArn === outputs.WebTargetGroupA ? "a" : "b",
      t.Weight ?? 0,
    ]),
  );
  return { a: weights.a ?? 0, b: weights.b ?? 0 };
}

describe("deploying an environment", () => {
  test("from nothing: the app stack (berth's table), the environment stack and each service's stack are created and every service released", async () => {
    const outcome = await deploy(shop(5, "1"));
    expect(outcome.stacks.map((s) => [s.stackName, s.result])).toEqual([
      ["shop-app", "created"],
      ["shop-default", "created"],
      ["shop-default-web", "created"],
      ["shop-default-worker", "created"],
      // The dashboard graphs the service stacks' target groups: it comes after them.
      ["shop-default--dashboard", "created"],
    ]);
    expect(outcome.releases?.map((r) => [r.service, r.result])).toEqual([
      ["web", "released"],
      ["worker", "released"],
    ]);
    expect(outcome.ok).toBe(true);
  });

  test("nothing changed: no infrastructure work and no service touched", async () => {
    const outcome = await deploy(shop(5, "1"));
    expect(outcome.stacks.map((s) => s.result)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(outcome.releases?.map((r) => r.result)).toEqual(["unchanged", "unchanged"]);
  });

  test("diff shows an update without making it", async () => {
    const planned = await plan(shop(7, "1"));
    expect(results(planned)).toEqual({
      "shop-app": "unchanged",
      "shop-default": "unchanged",
      "shop-default-web": "planned",
      "shop-default-worker": "unchanged",
      "shop-default--dashboard": "unchanged",
    });
    expect(planned.stacks[2]).toMatchObject({
      result: "planned",
      summary: { modified: expect.arrayContaining([expect.objectContaining({ logicalId: "WebTargetGroupA" })]) },
    });
    expect(planned.releases).toBeUndefined();
    expect((await plan(shop(5, "1"))).stacks.map((s) => s.result)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
  });

  test("a new version goes out blue/green, checked at berth's pause hook", async () => {
    const events: ReleaseEvent[] = [];
    const outcome = await deploy(shop(5, "2"), events);
    expect(outcome.releases?.map((r) => [r.service, r.result])).toEqual([
      ["web", "released"],
      ["worker", "unchanged"],
    ]);
    expect(events).toContainEqual({
      type: "checked",
      service: "web",
      passed: true,
      detail: "new targets healthy; no smoke checks (services.web.deploy.smoke)",
    });
    expect(await productionWeights()).toEqual({ a: 0, b: 100 });
  });

  test("nothing changed right after a blue/green release: no change set is executed and nothing released", async () => {
    const outcome = await deploy(shop(5, "2"));
    expect(outcome.stacks.map((s) => s.result)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(outcome.releases?.map((r) => r.result)).toEqual(["unchanged", "unchanged"]);
  });

  test("a deploy while an earlier one's release waits at the pause finishes that release before updating the stack", async () => {
    // The dead deploy's release never answered its pause hook: the deployment still waits there.
    expect((await deployKilledAtPause(shop(5, "3"))).releases?.[0]).toMatchObject({
      service: "web",
      result: "failed",
      reason: "killed at the pause",
    });
    const outcome = await deploy(shop(5, "3"));
    expect(outcome.stacks.map((s) => s.result)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    expect(outcome.releases?.find((r) => r.service === "web")).toMatchObject({
      result: "released",
      reason: expect.stringMatching(/earlier deploy/),
    });
    expect(await productionWeights()).toEqual({ a: 100, b: 0 });
  });
  test("an infrastructure update after that release keeps production on the new target group", async () => {
    const outcome = await deploy(shop(5, "3", "queues: { jobs: {} }\n"));
    expect(results(outcome)).toMatchObject({ "shop-default": "updated" });
    expect(outcome.ok).toBe(true);
    expect(await productionWeights()).toEqual({ a: 100, b: 0 });
  });

  test("a change of the target groups' health-check interval keeps production on its target group", async () => {
    const before = (await cloudFormationPort(aws()).describeStack("shop-default-web"))?.outputs ?? {};
    const outcome = await deploy(shop(7, "3", "queues: { jobs: {} }\n"));
    expect(results(outcome)).toEqual({
      "shop-app": "unchanged",
      "shop-default": "unchanged",
      "shop-default-web": "updated",
      "shop-default-worker": "unchanged",
      "shop-default--dashboard": "unchanged",
    });
    const after = (await cloudFormationPort(aws()).describeStack("shop-default-web"))?.outputs ?? {};
    expect([after.WebTargetGroupA, after.WebTargetGroupB]).toEqual([before.WebTargetGroupA, before.WebTargetGroupB]);
    const groups = await new ElasticLoadBalancingV2Client(aws()).send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [after.WebTargetGroupA!, after.WebTargetGroupB!] }),
    );
    expect(groups.TargetGroups?.map((g) => g.HealthCheckIntervalSeconds)).toEqual([7, 7]);
    expect(await productionWeights()).toEqual({ a: 100, b: 0 });
  });

  test("a service removed from the manifest is not removed without confirmation, and nothing else changes", async () => {
    const withoutWorker = manifestOf(
      `app: shop\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { RELEASE: "3" } }\n`,
    );
    const ports = awsEnvironmentPorts(awsImageRequest(withoutWorker, aws()), () => {});
    const outcome = await deployEnvironment(withoutWorker, ports, {
      confirm: async () => false,
      clock: simulatedClock(sandboxNow),
      pollMs: 1,
    });
    expect(outcome).toMatchObject({
      ok: false,
      releases: [{ service: "worker", result: "failed", reason: expect.stringMatching(/not confirmed/) }],
    });
    expect(await ports.services!.listServices("shop-default")).toContain("worker");
  });

  test("a service removed from the manifest is scaled down and deleted, then its stack, before the stack update", async () => {
    const withoutWorker = manifestOf(
      `app: shop\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { RELEASE: "3" } }\n`,
    );
    const ports = awsEnvironmentPorts(awsImageRequest(withoutWorker, aws()), () => {});
    const outcome = await deploy(withoutWorker);
    expect(outcome.releases?.find((r) => r.service === "worker")).toEqual({ service: "worker", result: "removed" });
    expect(outcome.stacks.map((s) => [s.stackName, s.result])).toEqual([
      ["shop-app", "unchanged"],
      ["shop-default-worker", "deleted"],
      ["shop-default", "updated"],
      // The queue is gone and the health check is back to its default: web's wiring changes too.
      ["shop-default-web", "updated"],
      // The worker's graphs leave the dashboard.
      ["shop-default--dashboard", "updated"],
    ]);
    expect(await ports.services!.listServices("shop-default")).not.toContain("worker");
    expect(await cloudFormationPort(aws()).describeStack("shop-default-worker")).toBeUndefined();
  });
});

/** A deploy whose berth dies when its release reaches the pause hook. */
function deployKilledAtPause(m: Manifest) {
  const ports = awsEnvironmentPorts(awsImageRequest(m, aws()), () => {});
  const release = ports.release!.checks.release;
  ports.release!.checks.release = {
    ...release,
    async describeDeployment(arn) {
      const state = await release.describeDeployment(arn);
      if (state?.hooks.some((h) => h.status === "AWAITING_ACTION")) throw new Error("killed at the pause");
      return state;
    },
  };
  return deployEnvironment(m, ports, {
    confirm: async () => true,
    clock: simulatedClock(sandboxNow),
    pollMs: 1,
    releasePollMs: 5_000,
  });
}

describe("diff of an environment that does not exist yet", () => {
  test("lists the whole template as additions and leaves no stack behind", async () => {
    const m = manifestOf(`app: fresh\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {} }\n`);
    const planned = await plan(m);
    expect(planned.stacks[1]).toMatchObject({ result: "planned", stackName: "fresh-default" });
    expect(planned.stacks[2]).toMatchObject({
      result: "planned",
      stackName: "fresh-default-web",
      summary: { added: expect.arrayContaining([expect.objectContaining({ logicalId: "WebListenerRule" })]) },
    });
    expect(await cloudFormationPort(aws()).describeStack("fresh-default")).toBeUndefined();
    expect(await cloudFormationPort(aws()).describeStack("fresh-default-web")).toBeUndefined();
  });
});

describe("pre-flight against the sandbox", () => {
  const vault = manifestOf(
    `app: vault\nservices:\n  worker: { image: "${IMAGE}", secrets: { STRIPE: "secretsmanager:prod/stripe#key", TOKEN: "ssm:/vault/token" } }\n`,
  );

  test("a secret or parameter that does not exist stops the deploy before the environment stack exists", async () => {
    const outcome = await deploy(vault);
    expect(outcome.ok).toBe(false);
    expect(outcome.preflight?.problems.map((p) => p.reference)).toEqual([
      "STRIPE (secretsmanager:prod/stripe)",
      "TOKEN (ssm:/vault/token)",
    ]);
    expect(await cloudFormationPort(aws()).describeStack("vault-default")).toBeUndefined();
  });

  test("once they exist, the same deploy goes through", async () => {
    await new SecretsManagerClient(aws()).send(
      new CreateSecretCommand({ Name: "prod/stripe", SecretString: '{"key":"sk_test"}' }),
    );
    await new SSMClient(aws()).send(
      new PutParameterCommand({ Name: "/vault/token", Value: "t", Type: "SecureString" }),
    );
    const outcome = await deploy(vault);
    expect(outcome.preflight).toBeUndefined();
    expect(outcome.ok).toBe(true);
  });
});
