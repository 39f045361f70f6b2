import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sdkEcrPort, type EcrPort } from "../../src/aws/ecr.js";
import { ecrDestination } from "../../src/images/destination.js";
import { startMoto, useDummyAwsCredentials, type MotoServer } from "../helpers/moto-server.js";

// ECR's token and repository calls against moto_server, a real AWS API emulator.

let moto: MotoServer;
let ecr: EcrPort;

beforeAll(async () => {
  useDummyAwsCredentials();
  moto = await startMoto();
  ecr = await sdkEcrPort({ region: "eu-west-1", endpoint: moto.endpoint });
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

  test("a missing repository is created, and found the next time", async () => {
    const first = await ecr.ensureRepository("shop/web", { "berth:app": "shop" });
    const second = await ecr.ensureRepository("shop/web", { "berth:app": "shop" });
    expect(first).toMatchObject({ created: true, uri: expect.stringMatching(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/shop\/web$/) });
    expect(second).toEqual({ uri: first.uri, created: false });
  });

  test("the destination has one repository per built service, <app>/<service>, and logs the builder in with the token", async () => {
    const destination = await ecrDestination(ecr, "shop", ["web", "worker"]);
    expect(destination.repositories).toEqual({ web: "shop/web", worker: "shop/worker" });
    expect(destination.kind).toBe("ecr");
    expect(destination.builderLogin?.username).toBe("AWS");
    expect(destination.endpoint.host).toMatch(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com$/);
  });

  test("an AWS refusal is one clear line, not a stack trace", async () => {
    const broken = await sdkEcrPort({ region: "eu-west-1", endpoint: "http://127.0.0.1:9" });
    await expect(broken.ensureRepository("shop/web", {})).rejects.toMatchObject({ name: "UserError", message: expect.stringMatching(/^ECR DescribeRepositories failed: /) });
  });
});
