import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deployAppStack } from "../../src/deployers/app-stack.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { sdkEcrPort } from "../../src/aws/ecr.js";
import type { InfrastructureEvent } from "../../src/deployers/infrastructure/events.js";
import { planEnvironment } from "../../src/deployers/plan/plan-environment.js";
import { instantClock } from "../helpers/instant-clock.js";
import { manifestOf } from "../render/helpers.js";
import { ecrDestination } from "../../src/images/destination.js";
import type { EcrPort } from "../../src/images/image-port.js";
import { startMoto, useDummyAwsCredentials, type MotoServer } from "../helpers/moto-server.js";

// ECR's token and repository calls against moto_server, a real AWS API emulator.

let moto: MotoServer;
let ecr: EcrPort;
const shop = manifestOf("app: shop\nservices:\n  web: { build: ., port: 80, http: {} }\n  worker: { build: . }\n");

beforeAll(async () => {
  useDummyAwsCredentials();
  moto = await startMoto();
  const settings = { region: "eu-west-1", endpoint: moto.endpoint };
  ecr = await sdkEcrPort(settings);
});

afterAll(async () => {
  await moto?.stop();
});

describe("ECR through the SDK adapter", () => {
  test("the authorization token is the registry host and a login for user AWS", async () => {
    const { host, credentials } = await ecr.authorization();
    expect(host).toMatch(/^\d{12}\.dkr\.ecr\.eu-west-1\.amazonaws\.com$/);
    expect(credentials.username).toBe("AWS");
    expect(credentials.password.length).toBeGreaterThan(0);
  });

  test("missing repositories come from one app stack deployment whose progress is shown, and are found the next time", async () => {
    const events: InfrastructureEvent[] = [];
    let deployments = 0;
    const deploy = () => (
      deployments++,
      deployAppStack(shop, cloudFormationPort({ region: "eu-west-1", endpoint: moto.endpoint }), (e) => events.push(e))
    );
    const first = await ecrDestination(ecr, "shop", ["web", "worker"], deploy);
    const second = await ecrDestination(ecr, "shop", ["web", "worker"], deploy);
    expect(first.repositories).toEqual({ web: "shop/web", worker: "shop/worker" });
    expect(second.repositories).toEqual(first.repositories);
    expect(deployments).toBe(1);
    expect(events.some((e) => e.type === "change-set-ready" && e.stackName === "shop-app")).toBe(true);
    expect(
      (await cloudFormationPort({ region: "eu-west-1", endpoint: moto.endpoint }).describeStack("shop-app"))?.status,
    ).toMatch(/_COMPLETE$/);
  });

  test("a deploy (planned) after a first push finds the app stack it created unchanged, with no repository in the way", async () => {
    const settings = { region: "eu-west-1", endpoint: moto.endpoint };
    const cloudFormation = cloudFormationPort(settings);
    const { outcome } = await planEnvironment(
      shop,
      {
        cloudFormation: { ...cloudFormation, deleteAbandonedReview: cloudFormation.deleteStack },
        listenerRules: { describeRuleWeights: async () => ({}) },
        identity: async () => ({ account: "123456789012", partition: "aws", region: "eu-west-1" }),
      },
      { keep: false, berthVersion: "test", clock: instantClock(), pollMs: 1 },
    );
    expect(outcome.stacks[0]).toEqual({ result: "unchanged", stackName: "shop-app" });
  });

  test("the destination has one repository per built service, <app>/<service>, and logs the builder in with the token", async () => {
    const destination = await ecrDestination(ecr, "shop", ["web", "worker"], async () =>
      expect.fail("the repositories exist"),
    );
    expect(destination.repositories).toEqual({ web: "shop/web", worker: "shop/worker" });
    expect(destination.kind).toBe("ecr");
    expect(destination.builderLogin?.username).toBe("AWS");
    expect(destination.endpoint.host).toMatch(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com$/);
  });

  test("an unreachable endpoint is one clear line naming the operation, not a stack trace", async () => {
    const broken = await sdkEcrPort({ region: "eu-west-1", endpoint: "http://127.0.0.1:9" });
    await expect(broken.repositoryUri("shop/web")).rejects.toMatchObject({
      name: "UserError",
      message: expect.stringMatching(/^could not reach AWS for ECR DescribeRepositories: /),
    });
  });
});
