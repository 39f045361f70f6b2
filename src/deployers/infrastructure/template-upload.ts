import { createHash } from "node:crypto";
import { UserError } from "../../exit-codes.js";
import type { CloudFormationPort } from "./cloudformation-port.js";
import type { TemplateStorePort } from "./template-store-port.js";

/**
 * CreateChangeSet takes a template body of at most 51,200 bytes; a larger one is read from
 * S3 (TemplateURL, up to 1 MB).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
 */
export const INLINE_TEMPLATE_LIMIT = 51_200;

/** The app stack's output naming its template bucket (templates/template-bucket.yml). */
export const TEMPLATE_BUCKET_OUTPUT = "TemplateBucket";

export function sendsInline(templateBody: string): boolean {
  return Buffer.byteLength(templateBody) <= INLINE_TEMPLATE_LIMIT;
}

/** One object per stack and body: the same template is stored once, however often it is deployed. */
export function templateKey(stackName: string, templateBody: string): string {
  return `${stackName}/${createHash("sha256").update(templateBody).digest("hex")}.yaml`;
}

/** The URL form CloudFormation reads a template from. */
export function templateUrl(bucket: string, region: string, key: string): string {
  return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
}

/** Where the template bucket's name is read: the app stack's outputs. */
export interface TemplateBucketSource {
  appStackName: string;
  /**
   * Brings the app stack up to date when it has no template bucket yet (created by an
   * earlier berth); absent for `berth diff`, which changes nothing.
   */
  bringUp?: () => Promise<void>;
}

/**
 * The CloudFormation port, with every change set whose template is too large to send inline
 * created from a copy in the app stack's template bucket. Smaller templates (the app stack's
 * own among them: it creates the bucket) go inline as before, with no extra call.
 */
export function withLargeTemplatesInS3(
  cloudFormation: CloudFormationPort,
  store: TemplateStorePort,
  source: TemplateBucketSource,
): CloudFormationPort {
  let bucket: Promise<string> | undefined;
  const read = async () => (await cloudFormation.describeStack(source.appStackName))?.outputs?.[TEMPLATE_BUCKET_OUTPUT];
  const templateBucket = async () => {
    let name = await read();
    if (!name && source.bringUp) {
      await source.bringUp();
      name = await read();
    }
    if (!name)
      throw new UserError(
        `the app stack ${source.appStackName} has no template bucket, which a template over ${INLINE_TEMPLATE_LIMIT} bytes needs`,
        1,
        source.bringUp
          ? `check the app stack's ${TEMPLATE_BUCKET_OUTPUT} resource in the CloudFormation console`
          : "run berth deploy, which adds it to the app stack",
      );
    return name;
  };
  return {
    ...cloudFormation,
    async createChangeSet(request) {
      if (sendsInline(request.templateBody)) return cloudFormation.createChangeSet(request);
      const name = await (bucket ??= templateBucket());
      const key = templateKey(request.stackName, request.templateBody);
      if (!(await store.has(name, key))) await store.put(name, key, request.templateBody);
      return cloudFormation.createChangeSet({ ...request, templateUrl: templateUrl(name, await store.region(), key) });
    },
  };
}
