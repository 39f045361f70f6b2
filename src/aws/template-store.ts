import type { TemplateStorePort } from "../deployers/infrastructure/template-store-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyS3 } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** The template bucket over S3; the SDK loads on the first template too large to send inline. */
export function templateStore(settings: AwsSettings): TemplateStorePort {
  const s3 = lazyS3(clientConfig(settings));
  return withAwsFailures("S3", {
    async has(bucket, key) {
      const { sdk, client } = await s3();
      try {
        await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        // HeadObject answers a missing object with 404 and no body, which the SDK names NotFound.
        if (error instanceof Error && (error.name === "NotFound" || error.name === "NoSuchKey")) return false;
        throw error;
      }
    },
    async put(bucket, key, body) {
      const { sdk, client } = await s3();
      await client.send(
        new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/x-yaml" }),
      );
    },
    async region() {
      const { client } = await s3();
      return client.config.region();
    },
  });
}
