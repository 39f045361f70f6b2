import cache from "../../templates/cache.yml";
import type { Manifest } from "../manifest/types.js";
import { logicalId } from "../manifest/names.js";
import type { NetworkRefs } from "./network.js";
import { stackUuid } from "./routing.js";
import type { TemplateBuilder } from "./template.js";

/** Valkey's and Redis's port; ElastiCache's default. */
export const CACHE_PORT = 6379;

/**
 * The Valkey major.minor berth renders; ElastiCache applies its patch releases itself.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html
 */
export const VALKEY_VERSION = "8.0";

/** Each `caches:` entry: a Valkey replication group (templates/cache.yml). */
export function renderCaches(m: Manifest, stack: string, network: NetworkRefs, t: TemplateBuilder): void {
  for (const [name, c] of Object.entries(m.caches)) {
    t.add(cache, {
      Id: logicalId(name),
      name,
      stackName: stack,
      vpcId: network.vpcId,
      privateSubnets: network.privateSubnets,
      engineVersion: VALKEY_VERSION,
      nodeType: c.nodeType,
      nodes: 1 + c.replicas,
      // ElastiCache refuses automatic failover and Multi-AZ without a replica to promote.
      failover: c.replicas > 0,
      port: CACHE_PORT,
      // Named under the stack's name, as the deploy roles' secrets are scoped (examples/github/iam-roles.yml).
      authSecretName: { "Fn::Sub": [`\${AWS::StackName}-cache-${name}-\${Uuid}`, { Uuid: stackUuid }] },
    });
  }
}
