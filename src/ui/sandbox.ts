import type { SimulatedResource } from "../sandbox/stand-ins.js";
import { UNMODELLED_TYPES } from "../sandbox/unmodelled-types.js";
import { REGISTRY_INSTALL_HINT } from "../sandbox/sandbox-registry.js";
import { paint, type Output } from "./output.js";

export interface SandboxSummary {
  endpoint: string;
  region: string;
  environment: Record<string, string>;
  speed: number;
  /** Whether stack operations take modelled provisioning times (--provisioning-times). */
  provisioningTimes?: boolean;
  /** BERTH_SANDBOX_FAIL's value and what it does. */
  fault?: { name: string; effect: string };
  /** The registry standing in for ECR, or absent when docker-registry is not installed. */
  registry?: string;
}

/** What the sandbox is, where it listens, and what to export: the exports on stdout, the rest on stderr. */
export function reportSandboxStarted(summary: SandboxSummary, out: Output): void {
  if (out.json) {
    const registry = summary.registry ?? null;
    const fault = summary.fault?.name ?? null;
    out.line(
      JSON.stringify({
        endpoint: summary.endpoint,
        region: summary.region,
        environment: summary.environment,
        speed: summary.speed,
        provisioningTimes: summary.provisioningTimes === true,
        fault,
        registry,
      }),
    );
    return;
  }
  out.note(paint.bold(out, `berth sandbox: a local AWS on ${summary.endpoint} (region ${summary.region})`));
  out.note(
    "  real, by moto: CloudFormation, ECS clusters/services/task definitions, ELBv2, ECR, SQS, S3, IAM, EC2, Logs, Secrets Manager, SSM, STS",
  );
  out.note(
    "  simulated by berth: ECS service deployments (blue/green, canary, linear, rolling; pause hooks, bake time, alarms, circuit breaker), their tasks, target health and listener weights",
  );
  out.note(
    `  stood in when a template creates them (moto cannot): ${[...UNMODELLED_TYPES].map((t) => t.replace(/^AWS::/, "")).join(", ")}, Aurora RDS::DBInstance`,
  );
  out.note("  not run: containers; tasks are simulated, no image is pulled or started");
  out.note(
    "  load balancers: the LoadBalancerDns output reads as a loopback address that answers as the simulated tasks would",
  );
  if (summary.registry)
    out.note(`  container registry (ECR's endpoint): ${summary.registry}, so deploy can build and push`);
  else
    out.note(
      paint.yellow(
        out,
        `  no container registry: builds cannot be pushed (prebuilt image: references still work); install one: ${REGISTRY_INSTALL_HINT}`,
      ),
    );
  if (summary.speed !== 1) out.note(`  simulated ECS time runs ${summary.speed}x faster than the clock`);
  if (summary.provisioningTimes)
    out.note(
      `  stack operations take as long as CloudFormation typically takes for their resources${summary.speed !== 1 ? `, ${summary.speed}x faster` : ""}`,
    );
  if (summary.fault) out.note(paint.yellow(out, `  BERTH_SANDBOX_FAIL=${summary.fault.name}: ${summary.fault.effect}`));
  out.note("in another shell, export:");
  for (const [name, value] of Object.entries(summary.environment)) out.line(`export ${name}=${value}`);
  out.note("Ctrl-C stops the sandbox (and moto with it).");
}

/**
 * Says which resources of a stack are stand-ins: once per stack while the sandbox runs, and
 * again only when the list changes (every change set of a stack stands the same ones in).
 */
export function simulatedReporter(out: Output): (stackName: string, simulated: SimulatedResource[]) => void {
  const said = new Map<string, string>();
  return (stackName, simulated) => {
    const list = simulated
      .map((r) => `${r.logicalId} (${r.resourceType}${r.detail ? `: ${r.detail}` : ""})`)
      .join(", ");
    if (said.get(stackName) === list) return;
    said.set(stackName, list);
    out.note(`sandbox: stack ${stackName}: simulated with stand-ins: ${list}`);
  };
}
