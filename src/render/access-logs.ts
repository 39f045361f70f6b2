import accessLogs from "../../templates/access-logs.yml";
import type { Manifest } from "../manifest/types.js";
import type { TemplateBuilder } from "./template.js";

/**
 * Elastic Load Balancing's account per region, for regions that opened before August 2022;
 * newer regions grant the log delivery service instead. From "Enable access logs for your
 * Application Load Balancer", step 2:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
const ELB_ACCOUNTS: Record<string, string> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-south-1": "718504428378",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-south-1": "635631232127",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};

export function accessLogWriter(region: string): unknown {
  const account = ELB_ACCOUNTS[region];
  return account
    ? { AWS: `arn:aws:iam::${account}:root` }
    : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" };
}

export function renderAccessLogs(region: string, retainPolicy: "Retain" | "Delete", t: TemplateBuilder): void {
  const principal = accessLogWriter(region);
  const writer =
    "AWS" in (principal as object) ? "Elastic Load Balancing's account of the region" : "the log delivery service";
  t.add(accessLogs, { principal, writer, retainPolicy });
}

/** Load balancer attributes that turn the logs on (the bucket policy must exist first). */
export const ACCESS_LOG_ATTRIBUTES = [
  { Key: "access_logs.s3.enabled", Value: "true" },
  { Key: "access_logs.s3.bucket", Value: { Ref: "AccessLogsBucket" } },
];

/** Whether the environment has its access-log bucket: asked for, with the region that decides its writer. */
export function hasAccessLogsBucket(m: Manifest, loadBalancers: number): boolean {
  return m.accessLogs && m.region !== undefined && loadBalancers > 0;
}

/** An app bucket's server access logs, to the access-log bucket under s3/<bucket>/ (S3 recommends another bucket). */
export function serverAccessLogging(name: string, enabled: boolean): Record<string, unknown> {
  if (!enabled) return { logging: undefined, loggingDependsOn: undefined };
  return {
    logging: { DestinationBucketName: { Ref: "AccessLogsBucket" }, LogFilePrefix: `s3/${name}/` },
    loggingDependsOn: "AccessLogsBucketPolicy",
  };
}
