import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import type {
  ChangeSetRequest,
  CloudFormationPort,
} from "../../../src/deployers/infrastructure/cloudformation-port.js";
import type { TemplateStorePort } from "../../../src/deployers/infrastructure/template-store-port.js";
import {
  INLINE_TEMPLATE_LIMIT,
  templateKey,
  withLargeTemplatesInS3,
} from "../../../src/deployers/infrastructure/template-upload.js";

const BUCKET = "shop-app-templatebucket-1a2b3c";

/** A CloudFormation port that records change sets and knows the app stack's outputs. */
function recordingCloudFormation(appOutputs: Record<string, string> = { TemplateBucket: BUCKET }) {
  const changeSets: ChangeSetRequest[] = [];
  let describes = 0;
  const port = {
    async describeStack(stackName: string) {
      describes += 1;
      return stackName === "shop-app" ? { stackId: "id", status: "CREATE_COMPLETE", outputs: appOutputs } : undefined;
    },
    async createChangeSet(request: ChangeSetRequest) {
      changeSets.push(request);
    },
  } as unknown as CloudFormationPort;
  return { port, changeSets, describes: () => describes };
}

/** A template store in memory, counting its writes. */
function memoryStore() {
  const objects = new Map<string, string>();
  const store: TemplateStorePort = {
    has: async (bucket, key) => objects.has(`${bucket}/${key}`),
    put: async (bucket, key, body) => void objects.set(`${bucket}/${key}`, body),
    region: async () => "eu-west-1",
  };
  return { store, objects };
}

const request = (templateBody: string): ChangeSetRequest => ({
  stackName: "shop-default",
  changeSetName: "berth-1",
  type: "UPDATE",
  templateBody,
});

const atLimit = "x".repeat(INLINE_TEMPLATE_LIMIT);
const overLimit = "x".repeat(INLINE_TEMPLATE_LIMIT + 1);

describe("templates too large to send inline go through the app's template bucket", () => {
  test("a template of exactly 51,200 bytes is sent inline without a call to S3 or the app stack", async () => {
    const cloudFormation = recordingCloudFormation();
    const { store, objects } = memoryStore();
    await withLargeTemplatesInS3(cloudFormation.port, store, { appStackName: "shop-app" }).createChangeSet(
      request(atLimit),
    );
    expect(cloudFormation.changeSets[0]?.templateUrl).toBeUndefined();
    expect(objects.size).toBe(0);
    expect(cloudFormation.describes()).toBe(0);
  });

  test("bytes are counted, not characters: 51,200 characters of which one is two bytes go through S3", async () => {
    const cloudFormation = recordingCloudFormation();
    await withLargeTemplatesInS3(cloudFormation.port, memoryStore().store, {
      appStackName: "shop-app",
    }).createChangeSet(request(`é${atLimit.slice(1)}`));
    expect(cloudFormation.changeSets[0]?.templateUrl).toMatch(/^https:\/\//);
  });

  test("a larger template is stored and its change set created from its URL in the bucket's region", async () => {
    const cloudFormation = recordingCloudFormation();
    const { store, objects } = memoryStore();
    await withLargeTemplatesInS3(cloudFormation.port, store, { appStackName: "shop-app" }).createChangeSet(
      request(overLimit),
    );
    const key = templateKey("shop-default", overLimit);
    expect(objects.get(`${BUCKET}/${key}`)).toBe(overLimit);
    expect(cloudFormation.changeSets[0]?.templateUrl).toBe(`https://${BUCKET}.s3.eu-west-1.amazonaws.com/${key}`);
  });

  test("a template's key is its stack's name and the sha256 of its body", () => {
    const sha = createHash("sha256").update(overLimit).digest("hex");
    expect(templateKey("shop-default", overLimit)).toBe(`shop-default/${sha}.yaml`);
  });

  test("the same body is stored once however often its change set is created", async () => {
    const cloudFormation = recordingCloudFormation();
    const { objects } = memoryStore();
    let puts = 0;
    const store: TemplateStorePort = {
      ...memoryStore().store,
      has: async (bucket, key) => objects.has(`${bucket}/${key}`),
      put: async (bucket, key, body) => void (puts++, objects.set(`${bucket}/${key}`, body)),
    };
    const port = withLargeTemplatesInS3(cloudFormation.port, store, { appStackName: "shop-app" });
    await port.createChangeSet(request(overLimit));
    await port.createChangeSet(request(overLimit));
    expect(puts).toBe(1);
    expect(cloudFormation.changeSets.map((c) => c.templateUrl)).toEqual([
      cloudFormation.changeSets[0]?.templateUrl,
      cloudFormation.changeSets[0]?.templateUrl,
    ]);
  });

  test("an app stack an earlier berth created is brought up to date for its template bucket", async () => {
    const outputs: Record<string, string> = {};
    const cloudFormation = recordingCloudFormation(outputs);
    const bringUp = async () => void (outputs.TemplateBucket = BUCKET);
    const port = withLargeTemplatesInS3(cloudFormation.port, memoryStore().store, {
      appStackName: "shop-app",
      bringUp,
    });
    await port.createChangeSet(request(overLimit));
    expect(cloudFormation.changeSets[0]?.templateUrl).toContain(`https://${BUCKET}.s3.`);
  });

  test("without leave to change the app stack (diff), a missing template bucket is reported with the command that adds it", async () => {
    const cloudFormation = recordingCloudFormation({});
    const port = withLargeTemplatesInS3(cloudFormation.port, memoryStore().store, { appStackName: "shop-app" });
    await expect(port.createChangeSet(request(overLimit))).rejects.toMatchObject({
      message: expect.stringContaining("the app stack shop-app has no template bucket"),
      hint: "run berth deploy, which adds it to the app stack",
    });
    expect(cloudFormation.changeSets).toEqual([]);
  });
});
