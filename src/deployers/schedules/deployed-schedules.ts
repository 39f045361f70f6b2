import type { Template } from "../../render/template.js";
import type { SchedulePort } from "./schedule-port.js";

const SCHEDULE_TYPE = "AWS::Scheduler::Schedule";

interface ScheduleResource {
  Type: string;
  Properties: { Name?: unknown; GroupName?: unknown; Target?: { EcsParameters?: { TaskDefinitionArn?: unknown } } };
}

/**
 * berth, not CloudFormation, moves a schedule's target revision (follow-serving.ts), and
 * CloudFormation updates only resources whose template properties change
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html).
 * So the rendered task definition (the family) never reaches a live schedule: a schedule
 * rendered as deployed but for its target revision keeps its deployed resource, and
 * CloudFormation leaves it alone; one that changes in anything else (its cron, its command)
 * is sent with the revision it runs now (`live`, by schedule name), so the update keeps it.
 */
export function keepScheduleTargets(
  rendered: Template,
  deployed: Template | undefined,
  live: Record<string, string | undefined>,
): Template {
  const resources = { ...rendered.Resources };
  for (const [id, resource] of Object.entries(resources)) {
    if (!isSchedule(resource)) continue;
    const before = deployed?.Resources[id];
    if (isSchedule(before) && sameBesidesRevision(resource, before)) resources[id] = before;
    else {
      const now = typeof resource.Properties.Name === "string" ? live[resource.Properties.Name] : undefined;
      if (now) resources[id] = withRevision(resource, now);
    }
  }
  return { ...rendered, Resources: resources };
}

/** The names of the schedules a template holds, so only they are read. */
export function scheduleNames(template: Template): string[] {
  return Object.values(template.Resources).flatMap((r) =>
    isSchedule(r) && typeof r.Properties.Name === "string" ? [r.Properties.Name] : [],
  );
}

/** The template of a stack about to update, with its schedules' revisions kept (one GetSchedule each). */
export async function withScheduleTargets(
  rendered: Template,
  deployed: Template | undefined,
  group: string,
  port: Pick<SchedulePort, "target">,
): Promise<Template> {
  const names = scheduleNames(rendered);
  if (names.length === 0) return rendered;
  const live = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await port.target(group, n)] as const)));
  return keepScheduleTargets(rendered, deployed, live);
}

function isSchedule(resource: unknown): resource is ScheduleResource {
  const r = resource as Partial<ScheduleResource> | undefined;
  return r?.Type === SCHEDULE_TYPE && typeof r.Properties === "object" && r.Properties !== null;
}

function sameBesidesRevision(a: ScheduleResource, b: ScheduleResource): boolean {
  return JSON.stringify(sorted(withRevision(a, ""))) === JSON.stringify(sorted(withRevision(b, "")));
}

/** Keys in one order: the deployed template comes back from GetTemplate, which need not keep berth's. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([key, inner]) => [key, sorted(inner)]),
  );
}

function withRevision(resource: ScheduleResource, taskDefinition: string): ScheduleResource {
  const target = resource.Properties.Target ?? {};
  return {
    ...resource,
    Properties: {
      ...resource.Properties,
      Target: { ...target, EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: taskDefinition } },
    },
  };
}
