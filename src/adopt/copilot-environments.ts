import { berthName } from "./names.js";
import type { AdoptionReport } from "./report.js";

/**
 * An environment manifest (https://aws.github.io/copilot-cli/docs/manifest/environment/): an
 * imported VPC and its subnets → `network:`, the first public certificate → `certificate:`,
 * `observability.container_insights` → `observability.containerInsights`.
 * What berth has no key for is reported.
 */
export function mapEnvironmentManifest(
  name: string,
  m: Record<string, unknown>,
  report: AdoptionReport,
): Record<string, unknown> {
  const where = `copilot/environments/${name}/manifest.yml`;
  const out: Record<string, unknown> = {};
  const vpc = ((m.network as Record<string, unknown> | undefined)?.vpc ?? {}) as Record<string, unknown>;
  if (typeof vpc.id === "string") {
    const subnets = (vpc.subnets ?? {}) as Record<string, Record<string, unknown>[]>;
    const ids = (list: Record<string, unknown>[] | undefined) =>
      (list ?? []).map((s) => String(s.id)).filter((id) => id.startsWith("subnet-"));
    out.network = { vpc: vpc.id, publicSubnets: ids(subnets.public), privateSubnets: ids(subnets.private) };
    report.mapped.push(
      `${where}: network.vpc ${vpc.id} → network: the same VPC and subnets (yours, not Copilot's: deleting Copilot leaves them)`,
    );
  } else if (Object.keys(vpc).length > 0) {
    report.assumed.push(
      `${where}: network.vpc (Copilot's own VPC settings) dropped: berth creates a VPC of its own, as Copilot's goes with its environment stack`,
    );
  }
  const publicHttp = ((m.http as Record<string, unknown> | undefined)?.public ?? {}) as Record<string, unknown>;
  const certificates = Array.isArray(publicHttp.certificates) ? publicHttp.certificates.map(String) : [];
  if (certificates[0]) {
    out.certificate = certificates[0];
    report.mapped.push(`${where}: http.public.certificates → certificate: ${certificates[0]}`);
  }
  for (const extra of certificates.slice(1))
    report.left.push({
      item: `${where}: certificate ${extra}`,
      why: "berth's load balancer takes one certificate",
      todo: "request one certificate that covers every name (subject alternative names)",
    });
  if (publicHttp.access_logs) {
    out.accessLogs = true;
    report.mapped.push(`${where}: http.public.access_logs → accessLogs: true (a bucket of the environment's, 90 days)`);
    if (typeof publicHttp.access_logs === "object" && "bucket_name" in publicHttp.access_logs)
      report.left.push({
        item: `${where}: http.public.access_logs.bucket_name`,
        why: "berth's load balancer writes its access logs to a bucket of the environment's own",
        todo: "read them there (the AccessLogsBucketName output), or replicate that bucket to yours",
      });
  }
  const insights = (m.observability as Record<string, unknown> | undefined)?.container_insights;
  if (typeof insights === "boolean") {
    out.observability = { containerInsights: insights };
    report.mapped.push(`${where}: observability.container_insights → observability.containerInsights: ${insights}`);
  }
  const read = new Set([
    "name",
    "type",
    "network",
    "http",
    ...(typeof insights === "boolean" ? ["observability"] : []),
  ]);
  for (const key of Object.keys(publicHttp).filter((k) => !["certificates", "access_logs"].includes(k)))
    report.left.push({
      item: `${where}: http.public.${key}`,
      why: "berth's load balancer is public, open to all",
      todo: "restrict it with overrides: on its security group",
    });
  for (const key of Object.keys((m.http ?? {}) as object).filter((k) => k !== "public"))
    report.left.push({
      item: `${where}: http.${key}`,
      why: "berth has no internal load balancer",
      todo: "serve those services on the public one, with their own path or host",
    });
  for (const key of Object.keys(vpc).filter((k) => !["id", "subnets"].includes(k) && typeof vpc.id === "string"))
    report.left.push({
      item: `${where}: network.vpc.${key}`,
      why: "berth uses the VPC as it is",
      todo: "nothing, unless it mattered",
    });
  for (const key of Object.keys(m).filter((k) => !read.has(k)))
    report.left.push({
      item: `${where}: ${key}`,
      why: key === "cdn" ? "berth has no CloudFront distribution" : "berth.yml has no equivalent",
      todo: "keep it outside berth",
    });
  return out;
}

/** An environment name berth accepts, and a note when berth's `production` defaults would be expected. */
export function berthEnvironmentName(name: string, report: AdoptionReport): string {
  const berth = berthName(name, 24);
  if (/^prod/.test(berth) && berth !== "production")
    report.assumed.push(
      `environment ${name}: berth gives the environment named production a database reader and deletion protection; rename ${berth} to production in berth.yml if it is your production`,
    );
  return berth;
}
