import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateServiceCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { HeadBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, test } from "vitest";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { listenerRules } from "../../src/aws/listener-rules.js";
import { ecsServices, releaseLeftovers, s3Buckets } from "../../src/aws/teardown-ports.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { destroyEnvironment } from "../../src/deployers/destroy-environment.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";

const sandboxNow = useSandbox();

const aws = () => ({ region: sandboxNow().region, endpoint: sandboxNow().endpoint });
const options = { confirm: async () => true, clock: simulatedClock(sandboxNow), pollMs: 1, releasePollMs: 5_000 };

async function deployWithDataAndService(app: string) {
  const m = manifestOf(
    `app: ${app}\nservices:\n  worker: { image: "${IMAGE}", uses: [files] }\nbuckets: { files: {} }\n`,
  );
  expect(
    (
      await deployEnvironment(
        m,
        awsEnvironmentPorts(awsImageRequest(m, aws()), () => {}),
        options,
      )
    ).ok,
  ).toBe(true);
  const outputs = (await cloudFormationPort(aws()).describeStack(`${app}-default`))?.outputs ?? {};
  const ecs = new ECSClient(aws());
  const task = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${app}-worker`,
      containerDefinitions: [{ name: "worker", image: IMAGE, memory: 512 }],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: outputs.ClusterName,
      serviceName: "worker",
      taskDefinition: task.taskDefinition?.taskDefinitionArn,
      desiredCount: 1,
    }),
  );
  const bucket = outputs.FilesBucketName ?? "";
  await new S3Client({ ...aws(), forcePathStyle: true }).send(
    new PutObjectCommand({ Bucket: bucket, Key: "report.csv", Body: "a,b\n" }),
  );
  return { m, bucket };
}

const bucketExists = async (bucket: string) =>
  new S3Client({ ...aws(), forcePathStyle: true }).send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  );

function ports() {
  const settings = aws();
  return {
    cloudFormation: cloudFormationPort(settings),
    listenerRules: listenerRules(settings),
    services: ecsServices(settings, async () => {}),
    buckets: s3Buckets({ ...settings }),
    leftovers: releaseLeftovers(settings),
  };
}

describe("destroying an environment", () => {
  test("removes its services and its stack, and keeps its buckets", async () => {
    const { m, bucket } = await deployWithDataAndService("keep");
    expect(await cloudFormationPort(aws()).describeStack("keep-default--dashboard")).toBeDefined();
    const outcome = await destroyEnvironment(m, ports(), { ...options, deleteData: false });
    expect(outcome).toMatchObject({ result: "destroyed", services: ["worker"], kept: [`bucket files: ${bucket}`] });
    expect(await cloudFormationPort(aws()).describeStack("keep-default")).toBeUndefined();
    expect(await cloudFormationPort(aws()).describeStack("keep-default--dashboard")).toBeUndefined();
    expect(await bucketExists(bucket)).toBe(true);
  });

  test("keeps a dead-letter queue, with the failed jobs in it, and says where it is", async () => {
    const m = manifestOf(
      `app: dlq\nservices:\n  worker: { image: "${IMAGE}", queue: jobs }\nqueues: { jobs: { deadLetter: { maxReceives: 3 } } }\n`,
    );
    expect(
      (
        await deployEnvironment(
          m,
          awsEnvironmentPorts(awsImageRequest(m, aws()), () => {}),
          options,
        )
      ).ok,
    ).toBe(true);
    const url = (await cloudFormationPort(aws()).describeStack("dlq-default"))?.outputs?.JobsDeadLetterQueueUrl;
    expect(url).toBeTruthy();
    const outcome = await destroyEnvironment(m, ports(), { ...options, deleteData: false });
    expect(outcome).toMatchObject({ result: "destroyed", kept: [`dead-letter queue of jobs: ${url}`] });
  });

  test("with --delete-data empties and deletes the buckets too", async () => {
    const { m, bucket } = await deployWithDataAndService("drop");
    expect(await destroyEnvironment(m, ports(), { ...options, deleteData: true })).toMatchObject({
      result: "destroyed",
      kept: [],
    });
    expect(await bucketExists(bucket)).toBe(false);
  });

  test("removes what releases created beside the stack: scaling, the wake alarm, the task definitions", async () => {
    const m = manifestOf(
      `app: tidy\nservices:\n  worker: { image: "${IMAGE}", queue: jobs, count: { min: 0, max: 3 } }\nqueues: { jobs: {} }\n`,
    );
    expect(
      (
        await deployEnvironment(
          m,
          awsEnvironmentPorts(awsImageRequest(m, aws()), () => {}),
          options,
        )
      ).ok,
    ).toBe(true);
    const targets = async () =>
      (
        await new ApplicationAutoScalingClient(aws()).send(
          new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs" }),
        )
      ).ScalableTargets?.filter((t) => t.ResourceId === "service/tidy-default/worker") ?? [];
    const alarms = async () =>
      (await new CloudWatchClient(aws()).send(new DescribeAlarmsCommand({ AlarmNames: ["tidy-default-worker-wake"] })))
        .MetricAlarms ?? [];
    const active = async () =>
      (
        await new ECSClient(aws()).send(
          new ListTaskDefinitionsCommand({ familyPrefix: "tidy-default-worker", status: "ACTIVE" }),
        )
      ).taskDefinitionArns ?? [];
    expect([(await targets()).length, (await alarms()).length, (await active()).length]).toEqual([1, 1, 1]);

    expect(await destroyEnvironment(m, ports(), { ...options, deleteData: false })).toMatchObject({
      result: "destroyed",
    });
    expect([(await targets()).length, (await alarms()).length, (await active()).length]).toEqual([0, 0, 0]);
  });

  test("an environment that does not exist is nothing to do", async () => {
    expect(
      await destroyEnvironment(manifestOf("app: ghost\nservices: { w: { image: x } }\n"), ports(), {
        ...options,
        deleteData: false,
      }),
    ).toEqual({ result: "absent", stackName: "ghost-default" });
  });
});
