import type { ServingPort } from "../deployers/plan/plan-port.js";
import { withAwsFailures } from "./aws-failure.js";
import { ecsReleasePort } from "./ecs-release.js";
import { lazyEcs } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** What serves, for `berth plan`: the release port's reads, and a task definition's content. */
export function servingReads(settings: AwsSettings): ServingPort {
  const release = ecsReleasePort(settings);
  const ecs = lazyEcs(clientConfig(settings));
  const reads = withAwsFailures("ECS", {
    async describeTaskDefinition(arn: string): ReturnType<ServingPort["describeTaskDefinition"]> {
      const { sdk, client } = await ecs();
      const { taskDefinition } = await client.send(new sdk.DescribeTaskDefinitionCommand({ taskDefinition: arn }));
      if (!taskDefinition) return undefined;
      return {
        containerDefinitions: taskDefinition.containerDefinitions ?? [],
        ...(taskDefinition.cpu ? { cpu: taskDefinition.cpu } : {}),
        ...(taskDefinition.memory ? { memory: taskDefinition.memory } : {}),
      };
    },
  });
  return {
    describeService: (cluster, service) => release.describeService(cluster, service),
    listDeployments: (cluster, service, filter) => release.listDeployments(cluster, service, filter),
    revisionTaskDefinition: (arn) => release.revisionTaskDefinition(arn),
    describeTaskDefinition: (arn) => reads.describeTaskDefinition(arn),
  };
}
