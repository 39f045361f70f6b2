import type { Manifest, Service } from "../../manifest/types.js";
import { logicalId, servingLoadBalancer } from "../../manifest/names.js";
import { TEST_HEADER } from "../../render/routing.js";
import type { ListenerRulePort } from "../live-traffic.js";
import { healthVerdict } from "./decide.js";
import type { ReleasePort } from "./release-port.js";

/** One HTTP request through the load balancer; the release path's only network call outside AWS. */
export interface SmokePort {
  get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }>;
}

export interface CheckPorts {
  release: ReleasePort;
  rules: ListenerRulePort;
  smoke: SmokePort;
  /** The test header's value, from the secret the stack outputs as TestHeaderSecretArn; never printed. */
  testHeader?: (secretArn: string) => Promise<string>;
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
  const secretArn = outputs.TestHeaderSecretArn;
  if (s.deploy.smoke.length > 0 && (!secretArn || !ports.testHeader))
    return `the stack has no test header secret for the smoke checks of ${s.name}`;
  const testValue = s.deploy.smoke.length > 0 ? await ports.testHeader!(secretArn!) : "";
  for (const check of s.deploy.smoke) {
    const headers: Record<string, string> = {
      [TEST_HEADER]: testValue,
      ...(s.http?.host ? { host: s.http.host } : {}),
    };
    let answer;
    try {
      answer = await ports.smoke.get(`${base}${check.path}`, headers);
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
