import { describe, expect, test } from "vitest";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { readEnvironmentOutputs } from "../../src/deployers/service-stacks/environment-stacks.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import type { Manifest } from "../../src/manifest/types.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";
import { DescribeRulesCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const version = (release: string) =>
  manifestOf(
    `app: shop\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, env: { RELEASE: "${release}" } }\n`,
  );

// Every revision after a service's first fails its health checks (BERTH_SANDBOX_FAIL=health).
const sandboxNow = useSandbox({ newTaskFault: "unhealthy" });
const aws = () => ({ region: sandboxNow().region, endpoint: sandboxNow().endpoint });

function deploy(m: Manifest) {
  return deployEnvironment(
    m,
    awsEnvironmentPorts(awsImageRequest(m, aws()), () => {}),
    { confirm: async () => true, clock: simulatedClock(sandboxNow), pollMs: 1, releasePollMs: 5_000 },
  );
}

describe("a release whose new tasks fail their health checks", () => {
  test("is rolled back, says why, and production stays on the old version", async () => {
    expect((await deploy(version("1"))).ok).toBe(true);
    const outcome = await deploy(version("2"));
    expect(outcome.ok).toBe(false);
    expect(outcome.releases?.[0]).toMatchObject({
      service: "web",
      result: "rolled-back",
      reason: expect.stringMatching(/health check/),
    });
    // The deploy's own outcome carries the diagnosis: why the new tasks stopped.
    expect(outcome.releases?.[0]?.diagnosis?.stoppedTasks[0]?.stoppedReason).toMatch(/health checks/);
    const { outputs } = await readEnvironmentOutputs(version("1"), cloudFormationPort(aws()));
    const rule = (
      await new ElasticLoadBalancingV2Client(aws()).send(
        new DescribeRulesCommand({ RuleArns: [outputs.WebListenerRule!] }),
      )
    ).Rules?.[0];
    const live = rule?.Actions?.[0]?.ForwardConfig?.TargetGroups?.find((t) => (t.Weight ?? 0) > 0)?.TargetGroupArn;
    expect(live).toBe(outputs.WebTargetGroupA);
  });
});
