import type { Manifest, Service } from "../../manifest/types.js";
import { logicalId, servingLoadBalancer } from "../../manifest/names.js";
import { TEST_HEADER } from "../../render/routing.js";
import type { ListenerRulePort } from "../live-traffic.js";
import { healthVerdict } from "./decide.js";
import type { ReleasePort } from "./release-port.js";

/** One HTTP request through the load balancer; the release path's only network call outside AWS. */
export interface SmokePort {
  /** Over HTTPS, `serverName` is the name the load balancer's certificate must hold. */
  get(url: string, headers: Record<string, string>, serverName?: string): Promise<{ status: number; body: string }>;
}

export interface CheckPorts {
  release: ReleasePort;
  rules: ListenerRulePort;
  smoke: SmokePort;
  /**
   * This run's value of a test listener rule's header: set to a fresh random value in the rule
   * on the first call for it, so a value known before this release reaches nothing of it
   * (docs/architecture.md, "The test header"); never printed.
   */
  testHeader?: (testRuleArn: string) => Promise<string>;
  /** The domain name of an ACM certificate (DescribeCertificate), for a service without a host. */
  certificateName?: (certificateArn: string) => Promise<string | undefined>;
}

/**
 * The name the load balancer's certificate must hold for the smoke checks of a service: its
 * own host, or else the certificate's domain name (a wildcard's with a label of berth's).
 * Undefined without a certificate (plain HTTP, where the per-release value is the guard).
 */
async function serverNameOf(m: Manifest, s: Service, ports: CheckPorts): Promise<string | undefined> {
  if (!m.certificate) return undefined;
  const host = s.http?.host;
  if (host && !host.includes("*")) return host;
  const domain = await ports.certificateName?.(m.certificate);
  return domain?.replace(/^\*\./, "berth-smoke.");
}

/**
 * Before a release sends test traffic to the new version: the service's test rule takes this
 * run's value, so whoever learned an earlier one (DescribeRules, a capture of plain HTTP)
 * cannot reach the new version before berth has checked it.
 */
export async function renewTestHeader(s: Service, outputs: Record<string, string>, ports: CheckPorts): Promise<void> {
  const testRule = outputs[`${logicalId(s.name)}TestListenerRule`];
  if (s.http && testRule && ports.testHeader) await ports.testHeader(testRule);
}

/**
 * At the pause after test traffic reached the new version: its targets must all be
 * healthy, and every smoke check of the manifest must pass through the test listener
 * rule (the X-Berth-Test header). Returns why not, or undefined when it may go live.
 */
export async function checkNewVersion(
  m: Manifest,
  s: Service,
  outputs: Record<string, string>,
  ports: CheckPorts,
): Promise<string | undefined> {
  const id = logicalId(s.name);
  const testRule = outputs[`${id}TestListenerRule`];
  if (!testRule) return `the stack has no test listener rule for ${s.name}`;
  const weights = (await ports.rules.describeRuleWeights([testRule]))[testRule] ?? [];
  // After TEST_TRAFFIC_SHIFT the test rule forwards to the new version's target group.
  const green = [...weights].sort((a, b) => b.weight - a.weight)[0]?.targetGroupArn;
  if (!green) return `the test listener rule of ${s.name} forwards nowhere`;
  const verdict = healthVerdict(await ports.release.targetHealth(green));
  if (!verdict.ok) return verdict.reason;
  // Through the service's own load balancer: another one has no rule for it.
  const base = `${m.certificate ? "https" : "http"}://${outputs[servingLoadBalancer(s).dnsOutput] ?? ""}`;
  if (s.deploy.smoke.length > 0 && !ports.testHeader)
    return `berth cannot set the test header for the smoke checks of ${s.name}`;
  const testValue = s.deploy.smoke.length > 0 ? await ports.testHeader!(testRule) : "";
  const serverName = s.deploy.smoke.length > 0 ? await serverNameOf(m, s, ports) : undefined;
  if (m.certificate && s.deploy.smoke.length > 0 && !serverName)
    return `berth cannot tell which name the certificate of ${s.name}'s load balancer holds: no smoke check is sent`;
  for (const check of s.deploy.smoke) {
    const headers: Record<string, string> = {
      [TEST_HEADER]: testValue,
      ...(s.http?.host ? { host: s.http.host } : serverName ? { host: serverName } : {}),
    };
    let answer;
    try {
      answer = await ports.smoke.get(`${base}${check.path}`, headers, serverName);
    } catch (error) {
      return `smoke check ${check.path} could not reach the load balancer: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (answer.status !== check.status)
      return `smoke check ${check.path} answered ${answer.status}, expected ${check.status}`;
    if (check.contains !== undefined && !answer.body.includes(check.contains))
      return `smoke check ${check.path} answered without "${check.contains}"`;
  }
  return undefined;
}
