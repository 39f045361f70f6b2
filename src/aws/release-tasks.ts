import type { ReleaseTasksPort, ServiceTask } from "../deployers/release-tasks.js";
import { withAwsFailures } from "./aws-failure.js";
import { lazyEcs } from "./lazy-client.js";
import { clientConfig, type AwsSettings } from "./settings.js";

// DescribeTasks takes at most 100 tasks per call:
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
const DESCRIBE_BATCH = 100;

/** ECS ListTasks (running and stopped, every page) and DescribeTasks over the SDK. */
export function releaseTasksPort(settings: AwsSettings): ReleaseTasksPort {
  const ecs = lazyEcs(clientConfig(settings));
  return withAwsFailures("ECS", {
    async tasks(cluster, serviceName) {
      const { sdk, client } = await ecs();
      const arns: string[] = [];
      for (const desiredStatus of ["RUNNING", "STOPPED"] as const) {
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new sdk.ListTasksCommand({ cluster, serviceName, desiredStatus, ...(nextToken ? { nextToken } : {}) }),
          );
          arns.push(...(page.taskArns ?? []));
          nextToken = page.nextToken;
        } while (nextToken);
      }
      const tasks: ServiceTask[] = [];
      for (let i = 0; i < arns.length; i += DESCRIBE_BATCH) {
        const described = await client.send(
          new sdk.DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + DESCRIBE_BATCH) }),
        );
        for (const t of described.tasks ?? [])
          tasks.push({
            taskArn: t.taskArn ?? "",
            taskDefinition: t.taskDefinitionArn ?? "",
            containers: (t.containers ?? []).flatMap((c) => (c.name ? [c.name] : [])),
          });
      }
      return tasks;
    },
  });
}
