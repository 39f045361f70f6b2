import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { describeAwsFailure, type AwsFailureFacts } from "../../src/aws/aws-error-hints.js";
import { asAwsFailure, profileExists, withAwsFailures } from "../../src/aws/aws-failure.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { callerIdentity } from "../../src/aws/identity.js";
import { UserError } from "../../src/exit-codes.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";

const call = { service: "CloudFormation", operation: "CreateChangeSet" };
const denied =
  "User: arn:aws:sts::123456789012:assumed-role/deployer/ci-run is not authorized to perform: cloudformation:CreateChangeSet on resource: arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/*";

describe("an AWS failure's hint fits its error code", () => {
  const cases: [string, Partial<AwsFailureFacts>, RegExp, RegExp][] = [
    [
      "AccessDenied names the missing permission and the role",
      { code: "AccessDenied", message: denied },
      /CloudFormation CreateChangeSet failed: AccessDenied/,
      /^grant cloudformation:CreateChangeSet on arn:\S+stack\/shop\/\* to role deployer$/,
    ],
    [
      "an explicit deny is named as one",
      { code: "AccessDeniedException", message: `${denied} with an explicit deny in a service control policy` },
      /AccessDeniedException/,
      /role deployer and remove the explicit deny/,
    ],
    [
      "AccessDenied without a principal in the message names the operation",
      { code: "AccessDenied", message: "Access Denied" },
      /AccessDenied: Access Denied/,
      /may not call CloudFormation CreateChangeSet/,
    ],
    [
      "NoSuchEntity says the IAM entity is missing",
      { code: "NoSuchEntity", message: "The role with name deployer cannot be found." },
      /NoSuchEntity: The role/,
      /does not exist in this account/,
    ],
    [
      "ValidationError points at the manifest",
      { code: "ValidationError", message: "Template format error: Unresolved resource dependencies [Vpc]" },
      /ValidationError: Template format error/,
      /fix it in berth.yml/,
    ],
    [
      "Throttling says to wait",
      { code: "Throttling", message: "Rate exceeded" },
      /Throttling: Rate exceeded/,
      /throttled .* wait a minute/,
    ],
    [
      "an expired token says to renew the credentials",
      { code: "ExpiredToken", message: "The security token included in the request is expired" },
      /ExpiredToken/,
      /expired: renew them/,
    ],
    [
      "unknown credentials are named as such",
      { code: "InvalidClientTokenId", message: "The security token included in the request is invalid." },
      /InvalidClientTokenId/,
      /does not recognise these credentials/,
    ],
    [
      "an unknown --profile is named, not reported as missing credentials",
      {
        code: "CredentialsProviderError",
        message: "Could not load credentials from any providers",
        missingProfile: "prod",
      },
      /^AWS profile prod does not exist/,
      /--profile or AWS_PROFILE/,
    ],
    [
      "an unknown --profile without a region is still the profile",
      { code: "Error", message: "Region is missing", missingProfile: "prod" },
      /^AWS profile prod does not exist/,
      /list-profiles/,
    ],
    [
      "no credentials at all says how to configure them",
      { code: "CredentialsProviderError", message: "Could not load credentials from any providers" },
      /^no AWS credentials for CloudFormation CreateChangeSet/,
      /aws configure/,
    ],
    ["no region says where to set one", { code: "Error", message: "Region is missing" }, /^no AWS region/, /--region/],
    [
      "an unreachable endpoint names the network",
      { code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:9" },
      /^could not reach AWS/,
      /--endpoint-url/,
    ],
    [
      "AWS's own failure says to run again",
      { code: "InternalFailure", message: "oops", fault: "server" },
      /InternalFailure/,
      /on its side/,
    ],
    [
      "any other refusal keeps AWS's words",
      { code: "AlreadyExistsException", message: "Stack [shop] already exists", fault: "client" },
      /AlreadyExistsException: Stack \[shop\] already exists/,
      /fix what it names/,
    ],
  ];
  test.each(cases)("%s", (_name, facts, message, hint) => {
    const text = describeAwsFailure({ ...call, code: "", message: "", ...facts });
    expect(text.message).toMatch(message);
    expect(text.hint).toMatch(hint);
  });
});

describe("which errors become AWS failures", () => {
  test("berth's own errors pass through with their own hint", async () => {
    const own = new UserError("the template is too large", 1, "split the environment");
    const port = withAwsFailures("CloudFormation", { createChangeSet: async () => Promise.reject(own) });
    await expect(port.createChangeSet()).rejects.toBe(own);
  });

  test("a programming error stays one, for the CLI to report as an internal error", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'Stacks')");
    expect(asAwsFailure(bug, call)).toBe(bug);
  });

  test("a profile is found under [profile NAME] in the config file and [NAME] in the credentials file", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-profiles-"));
    writeFileSync(join(dir, "config"), "[default]\nregion = eu-west-1\n[profile staging]\nregion = eu-west-1\n");
    writeFileSync(join(dir, "credentials"), "[ci]\naws_access_key_id = x\n");
    const env = { AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") };
    expect([profileExists("staging", env), profileExists("ci", env), profileExists("prod", env)]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe("AWS failures through the SDK", () => {
  // An endpoint that answers every request as AWS's query APIs answer a refusal.
  let server: Server;
  let endpoint = "";
  beforeAll(async () => {
    useDummyAwsCredentials();
    server = createServer((_req, res) => {
      res.writeHead(403, { "content-type": "text/xml" });
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${denied.replace("cloudformation:CreateChangeSet", "cloudformation:DescribeStacks")}</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("a refused call names the AWS operation, not the port's method, and the permission to grant", async () => {
    const failure = await cloudFormationPort({ region: "eu-west-1", endpoint })
      .describeStack("shop")
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toMatch(/^CloudFormation DescribeStacks failed: AccessDenied: User: /);
    expect((failure as UserError).hint).toBe(
      "grant cloudformation:DescribeStacks on arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/* to role deployer",
    );
  });

  test("a call with an unknown --profile says the profile does not exist", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-profiles-"));
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
    });
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const failure = await callerIdentity({ region: "eu-west-1", endpoint, profile: "nope" }).catch((e: unknown) => e);
      expect(failure).toMatchObject({
        name: "UserError",
        message: "AWS profile nope does not exist (STS GetCallerIdentity)",
      });
    } finally {
      process.env = saved;
    }
  });
});
