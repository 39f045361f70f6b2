import type * as S3Sdk from "@aws-sdk/client-s3";
import type { BucketsPort, ReleaseLeftoversPort, ServicesPort } from "../deployers/destroy-environment.js";
import { withAwsFailures } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** ECS: every service of a cluster scaled to zero, deleted, and waited on until inactive. */
export function ecsServices(settings: AwsSettings, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): ServicesPort {
  return withAwsFailures("ECS", {
    async removeServices(cluster) {
      const sdk = await import("@aws-sdk/client-ecs");
      const ecs = new sdk.ECSClient(clientConfig(settings));
      const arns: string[] = [];
      let token: string | undefined;
      do {
        const page = await ecs.send(new sdk.ListServicesCommand({ cluster, nextToken: token }));
        arns.push(...(page.serviceArns ?? []));
        token = page.nextToken;
      } while (token);
      const names = arns.map((arn) => arn.split("/").pop() ?? arn);
      for (const service of names) await ecs.send(new sdk.DeleteServiceCommand({ cluster, service, force: true }));
      // CloudFormation cannot delete the cluster while services are still draining.
      for (let attempt = 0; attempt < 60 && names.length > 0; attempt++) {
        const { services = [] } = await ecs.send(new sdk.DescribeServicesCommand({ cluster, services: names }));
        if (services.every((s) => s.status === "INACTIVE")) break;
        await sleep(5_000);
      }
      return names;
    },
  });
}

/** S3: every version and delete marker of a bucket removed, a thousand at a time. */
export function s3Buckets(settings: AwsSettings): BucketsPort {
  // One client for every bucket of the environment, made on first use.
  let client: Promise<{ sdk: typeof S3Sdk; s3: S3Sdk.S3Client }> | undefined;
  const connect = () => (client ??= import("@aws-sdk/client-s3").then((sdk) => ({ sdk, s3: new sdk.S3Client(clientConfig(settings)) })));
  return withAwsFailures("S3", {
    async empty(bucket) {
      const { sdk, s3 } = await connect();
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      for (;;) {
        const page = await s3.send(new sdk.ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
        const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((o) => ({ Key: o.Key ?? "", ...(o.VersionId ? { VersionId: o.VersionId } : {}) }));
        if (objects.length > 0) await s3.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
        if (!page.IsTruncated) return;
        keyMarker = page.NextKeyMarker;
        versionMarker = page.NextVersionIdMarker;
      }
    },
  });
}

/** Application Auto Scaling, CloudWatch and ECS: what releases created beside the stack. SDKs load on first use. */
export function releaseLeftovers(settings: AwsSettings): ReleaseLeftoversPort {
  const config = clientConfig(settings);
  return withAwsFailures("AWS", {
    async removeScaling(resourceId) {
      const sdk = await import("@aws-sdk/client-application-auto-scaling");
      const client = new sdk.ApplicationAutoScalingClient(config);
      const target = { ServiceNamespace: "ecs" as const, ScalableDimension: "ecs:service:DesiredCount" as const };
      const found = await client.send(new sdk.DescribeScalableTargetsCommand({ ...target, ResourceIds: [resourceId] }));
      if ((found.ScalableTargets ?? []).length === 0) return;
      // Deregistering a scalable target deletes its scaling policies too (DeregisterScalableTarget).
      await client.send(new sdk.DeregisterScalableTargetCommand({ ...target, ResourceId: resourceId }));
    },
    async deleteAlarms(names) {
      if (names.length === 0) return;
      const sdk = await import("@aws-sdk/client-cloudwatch");
      // DeleteAlarms takes up to 100 names, and names that do not exist are not an error.
      for (let i = 0; i < names.length; i += 100) await new sdk.CloudWatchClient(config).send(new sdk.DeleteAlarmsCommand({ AlarmNames: names.slice(i, i + 100) }));
    },
    async deregisterFamily(family) {
      const sdk = await import("@aws-sdk/client-ecs");
      const ecs = new sdk.ECSClient(config);
      const arns: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await ecs.send(new sdk.ListTaskDefinitionsCommand({ familyPrefix: family, status: "ACTIVE", nextToken }));
        // familyPrefix matches `family` and longer names (`web` and `web-2`): keep the exact family.
        arns.push(...(page.taskDefinitionArns ?? []).filter((arn) => arn.split("/").pop()?.replace(/:\d+$/, "") === family));
        nextToken = page.nextToken;
      } while (nextToken);
      for (const taskDefinition of arns) await ecs.send(new sdk.DeregisterTaskDefinitionCommand({ taskDefinition }));
      return arns.length;
    },
  });
}
