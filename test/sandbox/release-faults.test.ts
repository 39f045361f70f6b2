import { describe, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { readEnvironmentOutputs } from "../../src/deployers/service-stacks/environment-stacks.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { diagnosisPort } from "../../src/aws/diagnosis.js";
import { loadBalancerRequests } from "../../src/aws/load-balancer-requests.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { diagnoseFailedRelease } from "../../src/deployers/release/diagnose.js";
import { diagnosisLines } from "../../src/ui/diagnosis-lines.js";
import type { Manifest } from "../../src/manifest/types.js";
import { alarmNames } from "../../src/render/service-definition.js";
import type { SandboxOptions } from "../../src/sandbox/sandbox.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const CERTIFICATE = "arn:aws:acm:us-east-1:210987654321:certificate/11111111-2222-3333-4444-555555555555";
const version = (release: string, fault = "", certificate = "") =>
  manifestOf(
    `app: shop\n${certificate ? `certificate: ${certificate}\n` : ""}services:\n  web:\n    image: "${IMAGE}"\n    port: 80\n    http: { healthcheck: { path: /healthz } }\n` +
      `    deploy: { bake: 3m, smoke: [ { path: /healthz, status: 200 } ] }\n    env: { RELEASE: "${release}"${fault ? `, BERTH_SANDBOX_FAIL: ${fault}` : ""} }\n`,
  );

/** A sandbox for one describe block, and deploys into it that wait in simulated time. */
function sandboxWith(options: SandboxOptions) {
  const sandbox = useSandbox(options);
  const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
  const deploy = (m: Manifest) =>
    deployEnvironment(
      m,
      awsEnvironmentPorts(awsImageRequest(m, aws()), () => {}),
      { confirm: async () => true, clock: simulatedClock(sandbox), pollMs: 1, releasePollMs: 5_000 },
    );
  // The environment stack's outputs with the service stacks' (web's target groups are in shop-default-web).
  const outputs = async () => (await readEnvironmentOutputs(version("1"), cloudFormationPort(aws()))).outputs;
  const diagnose = async (taskDefinition: string, failedCheck?: string) => {
    const o = await outputs();
    return diagnoseFailedRelease(diagnosisPort(aws()), {
      cluster: o.ClusterName ?? "",
      service: "web",
      taskDefinition,
      targetGroupArns: [o.WebTargetGroupA ?? "", o.WebTargetGroupB ?? ""],
      alarmNames: alarmNames(version("1"), version("1").services.web!),
      ...(failedCheck ? { failedCheck } : {}),
    });
  };
  return { sandbox, deploy, outputs, diagnose };
}

describe("a release whose containers crash", () => {
  const { deploy, diagnose } = sandboxWith({ newTaskFault: "crash" });

  test("is rolled back, and its diagnosis has the stopped reason, the exit code and the crash's last log lines", async () => {
    expect((await deploy(version("1"))).ok).toBe(true);
    const outcome = await deploy(version("2"));
    const web = outcome.releases?.[0];
    expect(web).toMatchObject({ result: "rolled-back" });
    const d = await diagnose(web?.taskDefinition ?? "");
    expect(d.stoppedTasks[0]).toMatchObject({
      stoppedReason: "Essential container in task exited",
      containers: [{ name: "web", exitCode: 1 }],
    });
    expect(d.logs[0]?.container).toBe("web");
    expect(d.logs[0]?.lines.at(-1)).toMatch(/exiting with code 1/);
    expect(diagnosisLines(d).join("\n")).toMatch(/crashes on start/);
  });
});

describe("a release whose tasks fail their health checks", () => {
  const { deploy, diagnose } = sandboxWith({ newTaskFault: "unhealthy" });

  test("is rolled back, and its diagnosis says the tasks failed ELB health checks and shows the failing checks in the log", async () => {
    expect((await deploy(version("1"))).ok).toBe(true);
    const web = (await deploy(version("2"))).releases?.[0];
    expect(web).toMatchObject({ result: "rolled-back" });
    const d = await diagnose(web?.taskDefinition ?? "");
    expect(d.stoppedTasks.map((t) => t.stoppedReason)).toContainEqual(
      expect.stringMatching(/^Task failed ELB health checks in \(target-group /),
    );
    expect(d.logs.flatMap((l) => l.lines)).toContainEqual(
      expect.stringMatching(/health check -> 500 Internal Server Error/),
    );
  });
});

describe("smoke checks through the sandbox's load balancer", () => {
  const { deploy, outputs } = sandboxWith({});

  test("reach the new version through the test rule while paused, and a good release goes live", async () => {
    expect((await deploy(version("1"))).ok).toBe(true);
    const outcome = await deploy(version("2"));
    expect(outcome.releases?.[0]).toMatchObject({ result: "released" });
  });

  test("the environment's LoadBalancerDns output answers HTTP and HTTPS on loopback as the serving version", async () => {
    const dns = (await outputs()).LoadBalancerDns ?? "";
    expect(dns).toMatch(/^127\.0\.0\.1:\d+$/);
    const answer = await loadBalancerRequests({ emulated: true }).get(`http://${dns}/healthz`, {});
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("answered GET /healthz");
    const secure = await loadBalancerRequests({ emulated: true }).get(`https://${dns}/healthz`, {});
    expect(secure.status).toBe(200);
  });

  test("a task definition with BERTH_SANDBOX_FAIL in its environment fails that release alone", async () => {
    expect((await deploy(version("3", "crash"))).releases?.[0]).toMatchObject({ result: "rolled-back" });
    expect((await deploy(version("4"))).releases?.[0]).toMatchObject({ result: "released" });
  });
});

describe("an app with a certificate in the sandbox", () => {
  const { deploy } = sandboxWith({});

  test("passes the certificate pre-flight and runs its smoke checks over HTTPS through the sandbox's load balancer", async () => {
    expect((await deploy(version("1", "", CERTIFICATE))).ok).toBe(true);
    const web = (await deploy(version("2", "", CERTIFICATE))).releases?.[0];
    expect(web).toMatchObject({ result: "released" });
  });
});

describe("a release that answers 500 (BERTH_SANDBOX_FAIL=smoke)", () => {
  const { deploy, diagnose } = sandboxWith({ newTaskFault: "smoke" });

  test("passes its health checks, fails its smoke check, and is rolled back with the check as the reason", async () => {
    expect((await deploy(version("1"))).ok).toBe(true);
    const web = (await deploy(version("2"))).releases?.[0];
    expect(web).toMatchObject({ result: "rolled-back", reason: "smoke check /healthz answered 500, expected 200" });
    const d = await diagnose(web?.taskDefinition ?? "", web?.reason);
    expect(diagnosisLines(d)[0]).toBe("failed check: smoke check /healthz answered 500, expected 200");
  });
});

describe("a release during whose bake time an alarm fires (BERTH_SANDBOX_FAIL=alarm)", () => {
  const { deploy, diagnose } = sandboxWith({ newTaskFault: "alarm" });

  test("is rolled back by ECS, and the diagnosis names the alarm in ALARM", async () => {
    expect((await deploy(version("1"))).ok).toBe(true);
    const web = (await deploy(version("2"))).releases?.[0];
    expect(web).toMatchObject({ result: "rolled-back", reason: expect.stringMatching(/shop-default-web\/5xx-rate/) });
    const d = await diagnose(web?.taskDefinition ?? "");
    expect(d.alarms).toContainEqual(expect.objectContaining({ name: "shop-default-web/5xx-rate", state: "ALARM" }));
  });
});

describe("a sandbox that throttles a share of AWS calls (BERTH_SANDBOX_FAIL=throttle)", () => {
  const { sandbox, deploy } = sandboxWith({ throttleShare: 0.1 });

  // The SDK waits about half a second before retrying a throttled call: this takes real time.
  test(
    "a first deploy and a blue/green release still succeed: the SDK retries throttling with backoff",
    { timeout: 120_000 },
    async () => {
      expect((await deploy(version("1"))).ok).toBe(true);
      expect((await deploy(version("2"))).releases?.[0]).toMatchObject({ result: "released" });
      expect(sandbox().throttledCalls()).toBeGreaterThan(3);
    },
  );
});
