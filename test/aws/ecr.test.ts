import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appStackDeployer } from "../../src/deployers/app-stack.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { sdkEcrPort, type EcrPort } from "../../src/aws/ecr.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { instantClock } from "../../src/time/clock.js";
import { manifestOf } from "../render/helpers.js";
import { ecrDestination } from "../../src/images/destination.js";
import { startMoto, useDummyAwsCredentials, type MotoServer } from "../helpers/moto-server.js";

// ECR's token and repository calls against moto_server, a real AWS API emulator.

let moto: MotoServer;
let ecr: EcrPort;
const shop = manifestOf("app: shop\nservices:\n  web: { build: ., port: 80, http: {} }\n  worker: { build: . }\n");

beforeAll(async () => {
  useDummyAwsCredentials();
  moto = await startMoto();
  const settings = { region: "eu-west-1", endpoint: moto.endpoint };
  ecr = await sdkEcrPort(settings, appStackDeployer(shop, settings));
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

  test("a missing repository comes from the app stack, and is found the next time", async () => {
    const first = await ecr.ensureRepository("shop/web");
    const second = await ecr.ensureRepository("shop/web");
    expect(first).toMatchObject({ created: true, uri: expect.stringMatching(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/shop\/web$/) });
    expect(second).toEqual({ uri: first.uri, created: false });
    expect((await cloudFormationPort({ region: "eu-west-1", endpoint: moto.endpoint }).describeStack("shop-app"))?.status).toMatch(/_COMPLETE$/);
  });

  test("a deploy after a first push finds the app stack it created unchanged, with no repository in the way", async () => {
    const settings = { region: "eu-west-1", endpoint: moto.endpoint };
    const outcome = await deployEnvironment(shop, { cloudFormation: cloudFormationPort(settings), listenerRules: { describeRuleWeights: async () => ({}) }, pushImages: async () => ({ images: {} }) }, { execute: false, confirm: async () => false, clock: instantClock(), pollMs: 1 });
    expect(outcome.stacks[0]).toEqual({ result: "unchanged", stackName: "shop-app" });
  });

  test("the destination has one repository per built service, <app>/<service>, and logs the builder in with the token", async () => {
    const destination = await ecrDestination(ecr, "shop", ["web", "worker"]);
    expect(destination.repositories).toEqual({ web: "shop/web", worker: "shop/worker" });
    expect(destination.kind).toBe("ecr");
    expect(destination.builderLogin?.username).toBe("AWS");
    expect(destination.endpoint.host).toMatch(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com$/);
  });

  test("an unreachable endpoint is one clear line naming the operation, not a stack trace", async () => {
    const broken = await sdkEcrPort({ region: "eu-west-1", endpoint: "http://127.0.0.1:9" }, async () => {});
    await expect(broken.ensureRepository("shop/web")).rejects.toMatchObject({ name: "UserError", message: expect.stringMatching(/^could not reach AWS for ECR DescribeRepositories: /) });
  });
});
