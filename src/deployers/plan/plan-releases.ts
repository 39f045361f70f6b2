import { serviceStackName, stackName } from "../../manifest/names.js";
import type { Manifest, Service } from "../../manifest/types.js";
import type { Rendered } from "../../render/render.js";
import type { PushedImages } from "../environment-port.js";
import { servingRevision } from "../release/deployment-lookup.js";
import { prepare } from "../release/prepare-release.js";
import type { PlannedRelease } from "./environment-plan.js";
import type { ServingPort } from "./plan-port.js";
import { taskDefinitionChanges, type TaskDefinitionContent } from "./task-definition-changes.js";

/** Stands for an image a plan that pushes nothing has not resolved. */
const NOT_PUSHED = "(built and pushed by the deploy)";

/**
 * Each service whose release would change what serves: its strategy, the task definition
 * serving now, the fingerprint of what would, and what differs (task-definition-changes.ts).
 * Without pushed images a plan compares everything but the image: each service stands in
 * with the image it serves.
 */
export async function planReleases(
  m: Manifest,
  rendered: Rendered,
  pushed: PushedImages | undefined,
  outputs: Record<string, string>,
  identity: { account: string; partition: string; region: string },
  port: ServingPort | undefined,
  stacks: { changing: ReadonlySet<string> } = { changing: new Set() },
): Promise<PlannedRelease[]> {
  const environmentChanges = stacks.changing.has(stackName(m.app, m.environment));
  const planned = await Promise.all(
    Object.values(m.services).map(async (s): Promise<PlannedRelease | undefined> => {
      const serving = await servingNow(s, outputs.ClusterName, port);
      const images = pushed?.images ?? { [s.name]: servingImage(s, serving?.content) };
      const values = {
        outputs,
        images,
        ...identity,
        ...(pushed?.pullCredentials ? { pullCredentials: pushed.pullCredentials } : {}),
      };
      const base = { service: s.name, strategy: s.deploy.strategy, releaseTask: s.release !== undefined };
      const from = serving ? { from: serving.taskDefinition } : {};
      const prepared = prepare(s, rendered, values);
      if ("missing" in prepared)
        return {
          ...base,
          ...from,
          pending: "its definitions name outputs of stacks this plan creates: apply works them out once those exist",
          changes: [],
        };
      // A stack this plan changes may give its outputs new values (a security group, a role):
      // the definitions are then only known once apply has changed it.
      const outputsMove = environmentChanges || stacks.changing.has(serviceStackName(m.app, m.environment, s.name));
      if (serving?.fingerprint === prepared.fingerprint && !outputsMove) return undefined;
      const changes = taskDefinitionChanges(serving?.content, prepared.task, { imagesKnown: pushed !== undefined });
      if (outputsMove)
        return {
          ...base,
          ...from,
          pending: "its stack changes in this plan: apply works its definitions out from the stack's new outputs",
          changes,
        };
      return { ...base, ...from, to: prepared.fingerprint, changes };
    }),
  );
  return planned.filter((r): r is PlannedRelease => r !== undefined);
}

async function servingNow(s: Service, cluster: string | undefined, port: ServingPort | undefined) {
  if (!cluster || !port) return undefined;
  const live = await port.describeService(cluster, s.name);
  const serving = live ? await servingRevision(port, cluster, s.name, live.createdAt) : undefined;
  if (!serving) return undefined;
  return { ...serving, content: await port.describeTaskDefinition(serving.taskDefinition) };
}

function servingImage(s: Service, content: TaskDefinitionContent | undefined): string {
  return content?.containerDefinitions?.find((c) => c.name === s.name)?.image ?? NOT_PUSHED;
}
