import accessLogs from "../../templates/access-logs.yml";
import type { Manifest } from "../manifest/types.js";
import type { TemplateBuilder } from "./template.js";

/**
 * The bucket the environment's load balancers write their access logs to. Elastic Load
 * Balancing's log delivery service writes them, granted by its service principal, which AWS
 * documents for every Region and recommends over the per-Region ELB accounts older Regions
 * also accept ("Enable access logs for your Application Load Balancer", step 2:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html),
 * so the template needs no Region and access logs need no `region` in the manifest.
 */
export function renderAccessLogs(retainPolicy: "Retain" | "Delete", t: TemplateBuilder): void {
  t.add(accessLogs, { retainPolicy });
}

/** Load balancer attributes that turn the logs on (the bucket policy must exist first). */
export const ACCESS_LOG_ATTRIBUTES = [
  { Key: "access_logs.s3.enabled", Value: "true" },
  { Key: "access_logs.s3.bucket", Value: { Ref: "AccessLogsBucket" } },
];

/** Whether the environment has its access-log bucket: asked for, with a load balancer to write to it. */
export function hasAccessLogsBucket(m: Manifest, loadBalancers: number): boolean {
  return m.accessLogs && loadBalancers > 0;
}

/** An app bucket's server access logs, to the access-log bucket under s3/<bucket>/ (S3 recommends another bucket). */
export function serverAccessLogging(name: string, enabled: boolean): Record<string, unknown> {
  if (!enabled) return { logging: undefined, loggingDependsOn: undefined };
  return {
    logging: { DestinationBucketName: { Ref: "AccessLogsBucket" }, LogFilePrefix: `s3/${name}/` },
    loggingDependsOn: "AccessLogsBucketPolicy",
  };
}
