import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { HELLO, render, resource, resources } from "./helpers.js";
import { useMotoServer } from "../helpers/moto-server.js";

// Each dead-letter queue admits its own source queue alone (RedriveAllowPolicy), set by a
// custom resource once both queues exist: templates/dead-letter-sources.yml.

const QUEUES = `${HELLO}queues:
  jobs: { deadLetter: { maxReceives: 3 } }
  mail: { deadLetter: { maxReceives: 5 } }
  events: {}
environments: { production: {}, staging: {} }
`;

test("each dead-letter queue gets a custom resource naming it and its source queue, with no reference cycle", () => {
  const rendered = render(QUEUES, { env: "production" });
  expect(resource(rendered, "JobsDeadLetterSource").Properties).toMatchObject({
    ServiceToken: { "Fn::GetAtt": ["DeadLetterSourcesFunction", "Arn"] },
    DeadLetterQueueUrl: { Ref: "JobsDeadLetterQueue" },
    SourceQueueArn: { "Fn::GetAtt": ["JobsQueue", "Arn"] },
  });
  expect(Object.keys(resources(rendered, "Custom::DeadLetterSource")).sort()).toEqual([
    "JobsDeadLetterSource",
    "MailDeadLetterSource",
  ]);
  // The dead-letter queue itself names no queue: the source's RedrivePolicy names it.
  expect(resource(rendered, "JobsDeadLetterQueue").Properties).not.toHaveProperty("RedriveAllowPolicy");
  // The function may set attributes of the dead-letter queues and of nothing else.
  const role = resource(rendered, "DeadLetterSourcesFunctionRole").Properties as {
    Policies: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } }[];
  };
  const statement = role.Policies[0]!.PolicyDocument.Statement.find((s) => s.Action === "sqs:SetQueueAttributes");
  expect(statement?.Resource).toEqual([
    { "Fn::GetAtt": ["JobsDeadLetterQueue", "Arn"] },
    { "Fn::GetAtt": ["MailDeadLetterQueue", "Arn"] },
  ]);
});

test("without a dead-letter queue there is no function", () => {
  const rendered = render(`${HELLO}queues:\n  events: {}\nenvironments: { production: {} }\n`, { env: "production" });
  expect(Object.keys(resources(rendered, "AWS::Lambda::Function"))).toEqual([]);
});

test("the settings digest follows the dead-letter queue's properties, so the attribute is set again after its update", () => {
  const production = resource(render(QUEUES, { env: "production" }), "JobsDeadLetterSource").Properties;
  const staging = resource(render(QUEUES, { env: "staging" }), "JobsDeadLetterSource").Properties;
  // Same properties (only the deletion policy differs, which updates nothing in the queue): same digest.
  expect(production.DeadLetterQueueSettings).toMatch(/^[0-9a-f]{16}$/);
  expect(staging.DeadLetterQueueSettings).toEqual(production.DeadLetterQueueSettings);
});

test("the scheduler's dead-letter queue admits no queue as a source", () => {
  const rendered = render(
    `${HELLO}schedules:\n  nightly: { service: web, cron: "0 3 * * *", command: ["true"] }\nenvironments: { production: {} }\n`,
    { env: "production" },
  );
  expect(resource(rendered, "ScheduleDeadLetterQueue").Properties.RedriveAllowPolicy).toEqual({
    redrivePermission: "denyAll",
  });
});

// The function's code, run with Python and boto3 against moto's SQS as Lambda would run it.

const moto = useMotoServer();
let responses: Server;
const received: Record<string, unknown>[] = [];

beforeAll(async () => {
  responses = createServer((request, reply) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      reply.end();
    });
  });
  await new Promise<void>((resolve) => responses.listen(0, "127.0.0.1", resolve));
});

afterAll(() => new Promise<void>((resolve) => responses.close(() => resolve())));

const RUN = `
import json, sys, boto3, index
sqs = boto3.client("sqs")
dead = sqs.create_queue(QueueName="jobs-dead-" + sys.argv[1])["QueueUrl"]
dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
redrive = json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": "3"})
source = sqs.create_queue(QueueName="jobs-" + sys.argv[1], Attributes={"RedrivePolicy": redrive})["QueueUrl"]
source_arn = sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
event = {"RequestType": sys.argv[1], "ResponseURL": sys.argv[2], "StackId": "stack", "RequestId": "1",
         "LogicalResourceId": "JobsDeadLetterSource",
         "ResourceProperties": {"DeadLetterQueueUrl": dead, "SourceQueueArn": source_arn}}
index.handler(event, None)
read = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["RedriveAllowPolicy"]).get("Attributes", {})
print(json.dumps({"source": source_arn, "policy": read.get("RedriveAllowPolicy")}))
`;

async function runFunction(requestType: string): Promise<{ source: string; policy: string | null }> {
  const dir = mkdtempSync(join(tmpdir(), "berth-dead-letter-sources-"));
  const fn = resource(render(QUEUES, { env: "production" }), "DeadLetterSourcesFunction").Properties as {
    Code: { ZipFile: string };
  };
  writeFileSync(join(dir, "index.py"), fn.Code.ZipFile);
  copyFileSync("test/fixtures/lambda/cfnresponse.py", join(dir, "cfnresponse.py"));
  writeFileSync(join(dir, "run.py"), RUN);
  const url = `http://127.0.0.1:${(responses.address() as AddressInfo).port}/response`;
  const env = {
    ...process.env,
    PYTHONPATH: dir,
    AWS_ENDPOINT_URL: moto.server().endpoint,
    AWS_DEFAULT_REGION: "us-east-1",
  };
  const { stdout } = await promisify(execFile)("python3", [join(dir, "run.py"), requestType, url], { env });
  return JSON.parse(stdout) as { source: string; policy: string | null };
}

test("the function sets the dead-letter queue's RedriveAllowPolicy to its source queue and reports success", async () => {
  const { source, policy } = await runFunction("Create");
  expect(JSON.parse(policy ?? "null")).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [source] });
  expect(received.at(-1)).toMatchObject({ Status: "SUCCESS", LogicalResourceId: "JobsDeadLetterSource" });
}, 30_000);

test("on Delete the function changes nothing and reports success", async () => {
  const { policy } = await runFunction("Delete");
  expect(policy).toBeNull();
  expect(received.at(-1)).toMatchObject({ Status: "SUCCESS" });
}, 30_000);
