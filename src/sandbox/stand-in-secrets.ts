import { createHash } from "node:crypto";
import type { AwsRequest } from "./aws-request.js";
import type { ProxyReply } from "./proxy-reply.js";

/**
 * Secrets Manager secrets that a template creates are stood in (moto's CloudFormation has no
 * AWS::SecretsManager::Secret), and moto leaves `{{resolve:secretsmanager:…}}` references in
 * resource properties unresolved. The environment's test header secret is both: the test
 * listener rule's header condition resolves it, and berth reads it for its smoke checks. So
 * every stood-in secret has one value (a stand-in's name may be an intrinsic the sandbox never
 * resolves), which GetSecretValue answers and the sandbox's load balancer matches wherever a
 * rule resolves a secret.
 */
export const STAND_IN_SECRET_VALUE = createHash("sha256")
  .update("berth sandbox stand-in secret")
  .digest("hex")
  .slice(0, 48);

const RESOLVE = /^\{\{resolve:secretsmanager:[^}]+\}\}$/;

/** A rule condition's value as AWS would have resolved it. */
export function resolveStandInReference(value: string): string {
  return RESOLVE.test(value) ? STAND_IN_SECRET_VALUE : value;
}

// Stand-in secret ARNs end in this suffix (stand-in-values.ts); AWS's random suffix has six characters too.
const STAND_IN_ARN = /^arn:aws[\w-]*:secretsmanager:[^:]+:\d{12}:secret:(.+)-Sandbx$/;
const GET_SECRET_VALUE = "secretsmanager.GetSecretValue";

/** GetSecretValue of a stood-in secret, answered as Secrets Manager would; anything else goes to moto. */
export function standInSecretReads(request: AwsRequest): ProxyReply | undefined {
  if (request.protocol !== "json" || request.target !== GET_SECRET_VALUE) return undefined;
  const id = (request.body as { SecretId?: string }).SecretId ?? "";
  const name = STAND_IN_ARN.exec(id)?.[1];
  if (!name) return undefined;
  const body = {
    ARN: id,
    Name: name,
    SecretString: STAND_IN_SECRET_VALUE,
    VersionId: "sandbox",
    VersionStages: ["AWSCURRENT"],
  };
  return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify(body) };
}

// A property whose whole value is a secret's dynamic reference built by Fn::Sub from a
// parameter or a resource: `{{resolve:secretsmanager:${TestHeaderSecret}:SecretString}}`.
const SUB_REFERENCE = /^\{\{resolve:secretsmanager:\$\{[^}]+\}:SecretString\}\}$/;

/**
 * CloudFormation resolves `{{resolve:secretsmanager:…}}` before a resource sees the value
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html);
 * moto leaves it as text, and a service stack's reference by the secret's ARN (a parameter)
 * is longer than the 128 characters of a listener rule's header condition. Every secret the
 * sandbox stands in has one value, so such a reference is that value, as AWS would resolve it.
 * Returns the logical ids whose properties changed, and the template (the same object when none).
 */
export function resolveSecretReferences<T extends { Resources?: Record<string, unknown> }>(
  template: T,
): { template: T; resolved: string[] } {
  const resolved: string[] = [];
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const map = node as Record<string, unknown>;
    const sub = map["Fn::Sub"];
    if (Object.keys(map).length === 1 && typeof sub === "string" && SUB_REFERENCE.test(sub)) {
      return STAND_IN_SECRET_VALUE;
    }
    return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, walk(value)]));
  };
  const resources: Record<string, unknown> = {};
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const text = JSON.stringify(resource);
    resources[id] = walk(resource);
    if (JSON.stringify(resources[id]) !== text) resolved.push(id);
  }
  return resolved.length === 0 ? { template, resolved } : { template: { ...template, Resources: resources }, resolved };
}
