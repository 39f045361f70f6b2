import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sdkPullCredentialsPort } from "../../src/aws/pull-credentials.js";
import { pullSecretName } from "../../src/manifest/names.js";
import { localImagePorts } from "../../src/adapters/image-ports.js";
import type { PullCredentialsPort } from "../../src/images/image-port.js";
import { ensurePullCredentials } from "../../src/images/images.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { manifest } from "../manifest/helpers.js";
import { startMoto, useDummyAwsCredentials, type MotoServer } from "../helpers/moto-server.js";

// Repository credentials for ECS, in Secrets Manager, against moto_server.

let moto: MotoServer;
let port: PullCredentialsPort;
const aws = () => ({ region: "eu-west-1", endpoint: moto.endpoint });

beforeAll(async () => {
  useDummyAwsCredentials();
  moto = await startMoto();
  port = await sdkPullCredentialsPort(aws());
});

afterAll(async () => {
  await moto?.stop();
});

async function secretValue(name: string): Promise<unknown> {
  const client = new SecretsManagerClient({ region: "eu-west-1", endpoint: moto.endpoint });
  return JSON.parse((await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString ?? "null");
}

describe("registry pull credentials", () => {
  test("the secret name says whose and which registry it is, in characters AWS accepts", () => {
    expect(pullSecretName("shop", "127.0.0.1:5000")).toBe("berth/shop/registry/127.0.0.1-5000");
  });

  test("the first time, a secret with username and password is created, as ECS expects", async () => {
    const result = await port.putCredentials("berth/shop/registry/ghcr.io", { username: "bot", password: "pw1" }, {});
    expect(result).toMatchObject({
      arn: expect.stringMatching(/^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:berth\/shop\/registry\/ghcr\.io/),
      changed: true,
    });
    expect(await secretValue("berth/shop/registry/ghcr.io")).toEqual({ username: "bot", password: "pw1" });
  });

  test("the same credentials again change nothing; new ones replace the value", async () => {
    const first = await port.putCredentials("berth/shop/registry/quay.io", { username: "bot", password: "pw1" }, {});
    expect(await port.putCredentials("berth/shop/registry/quay.io", { username: "bot", password: "pw1" }, {})).toEqual({
      arn: first.arn,
      changed: false,
    });
    expect(
      (await port.putCredentials("berth/shop/registry/quay.io", { username: "bot", password: "pw2" }, {})).changed,
    ).toBe(true);
    expect(await secretValue("berth/shop/registry/quay.io")).toEqual({ username: "bot", password: "pw2" });
  });

  test("deploy gets the secret for a registry: manifest, and none for ECR", async () => {
    const local = localImagePorts({
      env: {
        BERTH_REGISTRY_USERNAME: "ci",
        BERTH_REGISTRY_PASSWORD: "pw3",
        DOCKER_CONFIG: "/nonexistent",
        XDG_CONFIG_HOME: "/nonexistent",
      },
    });
    const withRegistry = manifest("app: shop\nregistry: registry.example.com/acme\nservices:\n  web: { build: . }\n");
    expect(await ensurePullCredentials(awsImageRequest(withRegistry, aws(), { manifestDir: "/", local }))).toMatch(
      /:secret:berth\/shop\/registry\/registry\.example\.com/,
    );
    expect(await secretValue("berth/shop/registry/registry.example.com")).toEqual({ username: "ci", password: "pw3" });
    const ecr = manifest("app: shop\nservices:\n  web: { build: . }\n");
    expect(await ensurePullCredentials(awsImageRequest(ecr, aws(), { manifestDir: "/", local }))).toBeUndefined();
  });
});
