import type { AwsRequest } from "./aws-request.js";
import { callMoto } from "./moto-call.js";

/**
 * moto 5.2.1 models EventBridge Scheduler's API (create, get, update and list schedules)
 * but cannot create AWS::Scheduler::Schedule from a template, so the schedule's stand-in
 * (stand-ins.ts) holds its properties as JSON, which moto's CloudFormation resolves
 * (Ref, Fn::GetAtt, Fn::Sub inside an Fn::Join); after each stack operation the sandbox
 * creates or updates the schedule in moto's Scheduler from it, and deletes the schedules a
 * stack no longer holds. Like CloudFormation, it
 * writes a schedule only when its template properties changed: the JSON it last wrote is
 * remembered, so a stack update that leaves the schedule alone leaves the target berth
 * set through UpdateSchedule alone too.
 */
export const SCHEDULE_STAND_IN_KEY = "BerthSandboxSchedule";

/** The stand-in parameter's value: the schedule's properties as JSON, references left for moto to resolve. */
export function scheduleStandInValue(properties: Record<string, unknown>): unknown {
  return { "Fn::Join": ["", jsonParts({ [SCHEDULE_STAND_IN_KEY]: properties })] };
}

function jsonParts(value: unknown): unknown[] {
  if (Array.isArray(value)) return ["[", ...join(value.map(jsonParts)), "]"];
  if (value === null || typeof value !== "object") return [JSON.stringify(value)];
  const keys = Object.keys(value);
  // Each reference in berth's schedules resolves to a string without quotes: an ID, an ARN, a name.
  if (keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"))) return ['"', value, '"'];
  const entries = Object.entries(value).map(([key, inner]) => [`${JSON.stringify(key)}:`, ...jsonParts(inner)]);
  return ["{", ...join(entries), "}"];
}

function join(parts: unknown[][]): unknown[] {
  return parts.flatMap((part, i) => (i === 0 ? part : [",", ...part]));
}

const STACK_ACTIONS = new Set(["CreateStack", "UpdateStack", "ExecuteChangeSet", "DeleteStack"]);

export function scheduleMirror(motoEndpoint: string) {
  const written = new Map<string, string>();
  const rest = (region: string, method: "GET" | "POST" | "PUT" | "DELETE", path: string, body: unknown = {}) =>
    callMoto(motoEndpoint, {
      region,
      service: "scheduler",
      method,
      path,
      headers: { "content-type": "application/json" },
      body: method === "GET" || method === "DELETE" ? "" : JSON.stringify(body),
    });

  /** The stack's schedule stand-ins; undefined when moto would not list them (then nothing is written or deleted). */
  async function standIns(region: string, stackName: string): Promise<{ name: string; value: string }[] | undefined> {
    const found: { name: string; value: string }[] = [];
    let next: string | undefined;
    do {
      const page = await parametersPage(region, stackName, next);
      if (!page) return undefined;
      for (const p of page.Parameters ?? [])
        if (p.Value.startsWith(`{"${SCHEDULE_STAND_IN_KEY}"`)) found.push({ name: p.Name, value: p.Value });
      next = page.NextToken;
    } while (next);
    return found;
  }

  async function parametersPage(region: string, stackName: string, next: string | undefined) {
    const answer = await callMoto(motoEndpoint, {
      region,
      service: "ssm",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParametersByPath" },
      body: JSON.stringify({ Path: `/berth-sandbox/${stackName}/`, ...(next ? { NextToken: next } : {}) }),
    });
    if (answer.status !== 200) return undefined;
    return JSON.parse(answer.text) as { Parameters?: { Name: string; Value: string }[]; NextToken?: string };
  }

  function parsed(value: string) {
    const properties = (JSON.parse(value) as Record<string, Record<string, unknown>>)[SCHEDULE_STAND_IN_KEY]!;
    const { Name, GroupName, ...schedule } = properties;
    return { name: encodeURIComponent(String(Name)), group: String(GroupName ?? "default"), schedule, Name };
  }

  async function write(region: string, value: string): Promise<void> {
    const { name, group, schedule, Name } = parsed(value);
    // The group is the environment stack's (a stand-in too): created with its first schedule.
    // Only when missing: moto's CreateScheduleGroup replaces a group, schedules and all.
    const groupPath = `/schedule-groups/${encodeURIComponent(group)}`;
    if ((await rest(region, "GET", groupPath)).status !== 200) await rest(region, "POST", groupPath);
    const exists = await rest(region, "GET", `/schedules/${name}?groupName=${encodeURIComponent(group)}`);
    const answer = await rest(region, exists.status === 200 ? "PUT" : "POST", `/schedules/${name}`, {
      ...schedule,
      GroupName: group,
    });
    if (answer.status !== 200) throw new Error(`moto refused schedule ${group}/${String(Name)}: ${answer.text}`);
  }

  return {
    /** After a stack operation moto (or the sandbox, for DeleteStack) answered: its schedules as its template has them. */
    async observe(request: AwsRequest, status: number): Promise<void> {
      if (request.protocol !== "query" || status !== 200 || !STACK_ACTIONS.has(request.action)) return;
      const stack = (request.params.get("StackName") ?? "").replace(/^arn:[^/]*:stack\/([^/]+)\/.*$/, "$1");
      const present = await standIns(request.region, stack);
      if (!present) return;
      for (const standIn of present) {
        if (written.get(standIn.name) === standIn.value) continue;
        await write(request.region, standIn.value);
        written.set(standIn.name, standIn.value);
      }
      // A schedule its stack no longer holds (removed from the template, or the stack deleted) is deleted.
      for (const [key, value] of written) {
        if (!key.startsWith(`/berth-sandbox/${stack}/`) || present.some((p) => p.name === key)) continue;
        const { name, group } = parsed(value);
        await rest(request.region, "DELETE", `/schedules/${name}?groupName=${encodeURIComponent(group)}`);
        written.delete(key);
      }
    },
  };
}
