import type { BucketsPort, ServicesPort } from "../deployers/destroy-environment.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyClient } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** ECS (and the services' scaling): services scaled to zero, deleted, and waited on until inactive. */
export function ecsServices(settings: AwsSettings, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): ServicesPort {
  const config = clientConfig(settings);
  const ecs = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-ecs");
    return { sdk, client: new sdk.ECSClient(config) };
  });
  const scaling = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-application-auto-scaling");
    return { sdk, client: new sdk.ApplicationAutoScalingClient(config) };
  });
  const cloudwatch = lazyClient(async () => {
    const sdk = await import("@aws-sdk/client-cloudwatch");
    return { sdk, client: new sdk.CloudWatchClient(config) };
  });
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
        const { services = [] } = await client.send(new sdk.DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10) }));
        live.push(...services.filter((s) => s.status !== "INACTIVE").map((s) => s.serviceName ?? ""));
      }
      return live;
    },
    async removeService(cluster, service) {
      const { sdk, client } = await ecs();
      // Deregistering the scalable target deletes its scaling policies too
      // (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DeregisterScalableTarget.html).
      const autoscaling = await scaling();
      await autoscaling.client
        .send(new autoscaling.sdk.DeregisterScalableTargetCommand({ ServiceNamespace: "ecs", ResourceId: `service/${cluster}/${service}`, ScalableDimension: "ecs:service:DesiredCount" }))
        .catch(ignoreMissingTarget);
      // The worker's wake alarm (src/render/scaling.ts names it); deleting a missing alarm is no error.
      const cw = await cloudwatch();
      await cw.client.send(new cw.sdk.DeleteAlarmsCommand({ AlarmNames: [`${cluster}-${service}-wake`] }));
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

/** A service that never scaled has no scalable target: AWS says ObjectNotFoundException (moto, a ValidationException). */
function ignoreMissingTarget(error: unknown): undefined {
  const e = error as { name?: string; message?: string };
  if (e.name === "ObjectNotFoundException" || /no scalable target found/i.test(e.message ?? "")) return undefined;
  throw error;
}

/** S3: every version and delete marker of a bucket removed, a thousand at a time. */
export function s3Buckets(settings: AwsSettings): BucketsPort {
  return withAwsFailures("S3", {
    async empty(bucket) {
      const sdk = await import("@aws-sdk/client-s3");
      const s3 = new sdk.S3Client(clientConfig(settings));
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
