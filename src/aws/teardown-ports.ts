import type * as S3Sdk from "@aws-sdk/client-s3";
import type { BucketsPort, ReleaseLeftoversPort, ServicesPort } from "../deployers/destroy-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { scalingResourceId, wakeAlarmName } from "../manifest/names.js";
import { lazyCloudWatch, lazyEcs, lazyScaling } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** ECS (and the services' scaling): services scaled to zero, deleted, and waited on until inactive. */
export function ecsServices(
  settings: AwsSettings,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  leftovers = releaseLeftovers(settings),
): ServicesPort {
  const ecs = lazyEcs(clientConfig(settings));
  const port: ServicesPort = {
    async listServices(cluster) {
      const { sdk, client } = await ecs();
      const arns: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new sdk.ListServicesCommand({ cluster, nextToken: token }));
        arns.push(...(page.serviceArns ?? []));
        token = page.nextToken;
      } while (token);
      // A deleted service may still be listed for a while (and by moto for good): keep the live ones.
      const live: string[] = [];
      for (let i = 0; i < arns.length; i += 10) {
        const { services = [] } = await client.send(
          new sdk.DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10) }),
        );
        live.push(...services.filter((s) => s.status !== "INACTIVE").map((s) => s.serviceName ?? ""));
      }
      return live;
    },
    async removeService(cluster, service) {
      const { sdk, client } = await ecs();
      await leftovers.removeScaling(scalingResourceId(cluster, service));
      await leftovers.deleteAlarms([wakeAlarmName(cluster, service)]);
      await client.send(new sdk.UpdateServiceCommand({ cluster, service, desiredCount: 0 }));
      await client.send(new sdk.DeleteServiceCommand({ cluster, service, force: true }));
      await waitInactive(cluster, [service]);
    },
    async removeServices(cluster) {
      const names = await port.listServices(cluster);
      const { sdk, client } = await ecs();
      for (const service of names) await client.send(new sdk.DeleteServiceCommand({ cluster, service, force: true }));
      await waitInactive(cluster, names);
      return names;
    },
  };

  // CloudFormation cannot delete a cluster, or a security group, while services still drain.
  async function waitInactive(cluster: string, names: string[]) {
    const { sdk, client } = await ecs();
    for (let attempt = 0; attempt < 60 && names.length > 0; attempt++) {
      const { services = [] } = await client.send(new sdk.DescribeServicesCommand({ cluster, services: names }));
      if (services.every((s) => s.status === "INACTIVE")) return;
      await sleep(5_000);
    }
  }
  return withAwsFailures("ECS", port);
}

/** S3: every version and delete marker of a bucket removed, a thousand at a time. */
export function s3Buckets(settings: AwsSettings): BucketsPort {
  // One client for every bucket of the environment, made on first use.
  let client: Promise<{ sdk: typeof S3Sdk; s3: S3Sdk.S3Client }> | undefined;
  const connect = () =>
    (client ??= import("@aws-sdk/client-s3").then((sdk) => ({ sdk, s3: new sdk.S3Client(clientConfig(settings)) })));
  return withAwsFailures("S3", {
    async empty(bucket) {
      const { sdk, s3 } = await connect();
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      for (;;) {
        const page = await s3.send(
          new sdk.ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker }),
        );
        const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((o) => ({
          Key: o.Key ?? "",
          ...(o.VersionId ? { VersionId: o.VersionId } : {}),
        }));
        if (objects.length > 0)
          await s3.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
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
  const scaling = lazyScaling(config);
  const cloudwatch = lazyCloudWatch(config);
  const ecs = lazyEcs(config);
  return withAwsFailures("AWS", {
    async removeScaling(resourceId) {
      const { sdk, client } = await scaling();
      const target = { ServiceNamespace: "ecs" as const, ScalableDimension: "ecs:service:DesiredCount" as const };
      const found = await client.send(new sdk.DescribeScalableTargetsCommand({ ...target, ResourceIds: [resourceId] }));
      if ((found.ScalableTargets ?? []).length === 0) return;
      // Deregistering a scalable target deletes its scaling policies too
      // (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DeregisterScalableTarget.html).
      await client.send(new sdk.DeregisterScalableTargetCommand({ ...target, ResourceId: resourceId }));
    },
    async deleteAlarms(names) {
      const { sdk, client } = await cloudwatch();
      // DeleteAlarms takes up to 100 names, and names that do not exist are not an error.
      for (let i = 0; i < names.length; i += 100)
        await client.send(new sdk.DeleteAlarmsCommand({ AlarmNames: names.slice(i, i + 100) }));
    },
    async deregisterFamily(family) {
      const { sdk, client } = await ecs();
      const arns: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new sdk.ListTaskDefinitionsCommand({ familyPrefix: family, status: "ACTIVE", nextToken }),
        );
        // familyPrefix matches `family` and longer names (`web` and `web-2`): keep the exact family.
        arns.push(
          ...(page.taskDefinitionArns ?? []).filter((arn) => arn.split("/").pop()?.replace(/:\d+$/, "") === family),
        );
        nextToken = page.nextToken;
      } while (nextToken);
      for (const taskDefinition of arns) await client.send(new sdk.DeregisterTaskDefinitionCommand({ taskDefinition }));
      return arns.length;
    },
  });
}
