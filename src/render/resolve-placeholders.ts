import { placeholdersIn } from "./placeholders.js";

/** What the release path knows once the stack is up and the images are pushed. */
export interface PlaceholderValues {
  outputs: Record<string, string>;
  /** Service → image reference pinned by digest (`repo@sha256:…`). */
  images: Record<string, string>;
  region: string;
  account: string;
  partition: string;
  taskDefinition?: string;
  /** What `push` returned for a registry other than ECR. */
  pullCredentials?: string;
  /** The release's version; `untagged` when it has none (images outside git), as the history says. */
  version?: string;
}

export type Resolution<T> = { ok: true; value: T } | { ok: false; missing: string[] };

/**
 * CloudWatch names load balancers and target groups by the tail of their ARNs
 * (`app/name/id`, `targetgroup/name/id`); these are derived from the ARN outputs rather
 * than output by the stack, which keeps the template's outputs to what only AWS knows.
 */
export function withDerivedOutputs(outputs: Record<string, string>): Record<string, string> {
  const derived: Record<string, string> = {};
  for (const name of Object.keys(outputs)) {
    // `LoadBalancerArn` (the main one) or `<Name>LoadBalancerArn` (src/manifest/names.ts loadBalancerIds).
    const fullName = name.endsWith("LoadBalancerArn")
      ? `${name.slice(0, -"Arn".length)}FullName`
      : /TargetGroup[AB]$/.test(name)
        ? `${name}FullName`
        : undefined;
    if (fullName) derived[fullName] = outputNamed(outputs, fullName)!;
  }
  return { ...outputs, ...derived };
}

/**
 * One output by name, a derived one (`withDerivedOutputs`) included, without deriving them all:
 * a release resolves each service's definitions against the environment's every output.
 */
function outputNamed(outputs: Record<string, string>, name: string): string | undefined {
  const base = name.slice(0, -"FullName".length);
  if (name.endsWith("LoadBalancerFullName")) {
    const arn = outputs[`${base}Arn`];
    if (arn !== undefined) return arn.split(":loadbalancer/").pop() ?? arn;
  }
  if (/TargetGroup[AB]FullName$/.test(name)) {
    const arn = outputs[base];
    if (arn !== undefined) return arn.split(":").pop() ?? arn;
  }
  return outputs[name];
}

/** Whether an output name is one `withDerivedOutputs` adds, which no stack outputs. */
export function isDerivedOutput(name: string): boolean {
  return /(?:LoadBalancer|TargetGroup[AB])FullName$/.test(name);
}

/**
 * Fills a rendered definition's placeholders. A missing value means the stack or the
 * image build did not provide what the definition needs; it is reported by name rather
 * than left as `{{…}}` for ECS to reject.
 */
export function resolvePlaceholders<T>(definition: T, values: PlaceholderValues): Resolution<T> {
  const lookup = (name: string): string | undefined => {
    if (name.startsWith("stack:")) return outputNamed(values.outputs, name.slice(6));
    if (name.startsWith("image:")) return values.images[name.slice(6)];
    if (name === "region") return values.region;
    if (name === "account") return values.account;
    if (name === "partition") return values.partition;
    if (name === "taskDefinition") return values.taskDefinition;
    if (name === "pullCredentials") return values.pullCredentials;
    if (name === "version") return values.version ?? "untagged";
    return undefined;
  };
  const missing = placeholdersIn(definition).filter((name) => lookup(name) === undefined);
  if (missing.length > 0) return { ok: false, missing };
  const text = JSON.stringify(definition).replace(/\{\{([a-zA-Z]+(?::[A-Za-z0-9-]+)?)\}\}/g, (whole, name: string) => {
    const value = lookup(name);
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
  return { ok: true, value: JSON.parse(text) as T };
}
