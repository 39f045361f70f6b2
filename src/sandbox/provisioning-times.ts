import type { AwsRequest } from "./aws-request.js";
import type { ProxyReply } from "./proxy-reply.js";
import { operationSchedule, type OperationSchedule, type StackState } from "./provisioning-schedule.js";
import { escapeXml, stackEventXml, type SandboxStackEvent } from "./stack-event-xml.js";
import { parseTemplate, type Template } from "./template-text.js";

export interface ProvisioningTimesOptions {
  /** Provisioning runs this many times faster than on AWS (the sandbox's --speed). */
  speed: number;
  wallClock?: () => number;
}

interface Operation {
  id: number;
  creating: boolean;
  /** Wall-clock milliseconds. */
  startedAt: number;
  schedule: OperationSchedule;
  /** moto's own events of the operation (it executes at once) fall in this wall-clock window and are hidden. */
  motoEvents: [number, number];
}

const STACK = "AWS::CloudFormation::Stack";
// moto's event timestamps and ours come from the same clock, moto's rounded to the millisecond.
const CLOCK_SLACK_MS = 2;

/**
 * `berth sandbox --provisioning-times`: moto creates every resource the moment a change set
 * executes, so a stack with an Aurora cluster is as quick as one with a queue. With this
 * model a stack's operation stays CREATE_IN_PROGRESS (or UPDATE_IN_PROGRESS, then
 * UPDATE_COMPLETE_CLEANUP_IN_PROGRESS) for as long as CloudFormation typically takes for
 * what it changes — each resource's duration (provisioning-durations.ts) along the
 * dependency graph's critical path (provisioning-schedule.ts) — divided by the sandbox's
 * speed, and DescribeStackEvents shows each resource's IN_PROGRESS and COMPLETE events as
 * their times come. Every stack is modelled alike. Meanwhile CreateChangeSet and
 * ExecuteChangeSet on the stack are refused as CloudFormation refuses them, and moto's own
 * events of the operation are hidden. Deletions (which forget a stack's operations) and
 * failed change sets (stack-failures.ts) are not held.
 */
export function provisioningTimes(options: ProvisioningTimesOptions) {
  const now = options.wallClock ?? Date.now;
  const msPerSecond = 1000 / options.speed;
  const pending = new Map<string, { state: StackState; creating: boolean }>();
  const deployed = new Map<string, StackState>();
  const operations = new Map<string, Operation[]>();
  const executing = new Map<string, number>();
  let operationCount = 0;

  const at = (operation: Operation, seconds: number) => operation.startedAt + seconds * msPerSecond;
  const inProgress = (stackName: string): Operation | undefined => {
    const operation = operations.get(stackName)?.at(-1);
    return operation && now() < at(operation, operation.schedule.end) ? operation : undefined;
  };
  const statusOf = (operation: Operation): string => {
    if (operation.creating) return "CREATE_IN_PROGRESS";
    return now() < at(operation, operation.schedule.cleanupStart)
      ? "UPDATE_IN_PROGRESS"
      : "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";
  };

  return {
    /** Refuses a change to a stack whose operation is in progress; notes when an execution arrives. */
    answer(request: AwsRequest): ProxyReply | undefined {
      if (request.protocol !== "query") return undefined;
      const stackName = request.params.get("StackName") ?? "";
      // Seen here, not in observe: the sandbox answers DeleteStack itself (stack-deletion.ts).
      // A stack of the same name created later starts with no operation of the deleted one.
      if (request.action === "DeleteStack") {
        operations.delete(stackName);
        deployed.delete(stackName);
        return undefined;
      }
      if (!["CreateChangeSet", "ExecuteChangeSet", "UpdateStack"].includes(request.action)) return undefined;
      const operation = inProgress(stackName);
      if (operation) return busy(stackName, statusOf(operation));
      if (request.action === "ExecuteChangeSet") executing.set(stackName, now());
      return undefined;
    },
    /** After moto answered: a change set's template, and an executed one's schedule. */
    observe(request: AwsRequest, status: number): void {
      if (request.protocol !== "query" || status !== 200) return;
      const stackName = request.params.get("StackName") ?? "";
      const key = changeSetKey(stackName, request.params.get("ChangeSetName") ?? "");
      if (request.action === "CreateChangeSet") {
        const previous = deployed.get(stackName);
        const state = {
          template: parsed(request.params.get("TemplateBody")),
          parameters: parametersOf(request.params, previous),
        };
        pending.set(key, { state, creating: request.params.get("ChangeSetType") === "CREATE" });
      } else if (request.action === "ExecuteChangeSet") {
        const change = pending.get(key);
        if (!change) return;
        pending.delete(key);
        const schedule = operationSchedule(change.creating ? undefined : deployed.get(stackName), change.state);
        deployed.set(stackName, change.state);
        const startedAt = executing.get(stackName) ?? now();
        const operation = {
          id: ++operationCount,
          creating: change.creating,
          startedAt,
          schedule,
          motoEvents: [startedAt, now()] as [number, number],
        };
        operations.set(stackName, [...(operations.get(stackName) ?? []), operation]);
      }
    },
    /** A stack in progress: its status in DescribeStacks and ListStacks, and its events so far. */
    rewrite(request: AwsRequest, body: string): string {
      if (request.protocol !== "query") return body;
      if (request.action === "DescribeStacks" || request.action === "ListStacks")
        return body.replace(
          /(<StackName>([^<]*)<\/StackName>[\s\S]*?<StackStatus>)([^<]*)(<\/StackStatus>)/g,
          (whole, head: string, stackName: string, _status: string, tail: string) => {
            const operation = inProgress(stackName);
            return operation ? `${head}${statusOf(operation)}${tail}` : whole;
          },
        );
      if (request.action !== "DescribeStackEvents" || request.params.get("NextToken")) return body;
      const stackName = request.params.get("StackName") ?? "";
      const stackOperations = operations.get(stackName);
      return stackOperations ? withOperationEvents(body, stackName, stackOperations, now(), at) : body;
    },
  };
}

/** moto's events with the operations' own in place of moto's, those whose time has come, newest first. */
function withOperationEvents(
  body: string,
  stackName: string,
  stackOperations: Operation[],
  now: number,
  at: (operation: Operation, seconds: number) => number,
): string {
  const list = /<StackEvents>([\s\S]*?)<\/StackEvents>|<StackEvents\/>/.exec(body);
  if (!list) return body;
  const hidden = (time: number) =>
    stackOperations.some(({ motoEvents: [from, to] }) => time >= from - CLOCK_SLACK_MS && time <= to + CLOCK_SLACK_MS);
  const motoEvents = [...(list[1] ?? "").matchAll(/<member>[\s\S]*?<\/member>/g)]
    .map(([xml]) => ({ xml, time: Date.parse(/<Timestamp>([^<]+)<\/Timestamp>/.exec(xml)?.[1] ?? "") }))
    .filter(({ time }) => !hidden(time));
  const ours = stackOperations
    .flatMap((operation) => operationEvents(stackName, operation, at))
    .filter((event) => event.timestamp <= now)
    .map((event) => ({ xml: stackEventXml(event), time: event.timestamp }));
  // A stable sort keeps each operation's events in the order they were made when their times are equal.
  const newestFirst = [...motoEvents.reverse(), ...ours].sort((a, b) => a.time - b.time).reverse();
  return body.replace(list[0], `<StackEvents>${newestFirst.map((event) => event.xml).join("")}</StackEvents>`);
}

/** Every event of one operation, oldest first, at its modelled time. */
function operationEvents(
  stackName: string,
  operation: Operation,
  at: (operation: Operation, seconds: number) => number,
): SandboxStackEvent[] {
  const verb = operation.creating ? "CREATE" : "UPDATE";
  let count = 0;
  const event = (seconds: number, logicalId: string, resourceType: string, status: string, reason?: string) => ({
    eventId: `berth-sandbox-provisioning-${operation.id}-${++count}`,
    timestamp: at(operation, seconds),
    stackName,
    logicalId,
    resourceType,
    status,
    ...(reason ? { reason } : {}),
  });
  const { resources, cleanupStart, end } = operation.schedule;
  const events = [event(0, stackName, STACK, `${verb}_IN_PROGRESS`, "User Initiated")];
  for (const resource of resources) {
    const action = resource.action.toUpperCase();
    events.push(event(resource.start, resource.logicalId, resource.resourceType, `${action}_IN_PROGRESS`));
    events.push(event(resource.end, resource.logicalId, resource.resourceType, `${action}_COMPLETE`));
  }
  if (!operation.creating && resources.some((resource) => resource.action === "delete"))
    events.push(event(cleanupStart, stackName, STACK, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));
  events.push(event(end, stackName, STACK, `${verb}_COMPLETE`));
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** CloudFormation's refusal of a change to a stack whose operation is in progress. */
function busy(stackName: string, status: string): ProxyReply {
  const message = `Stack:${stackName} is in ${status} state and can not be updated.`;
  return {
    status: 400,
    headers: { "content-type": "text/xml" },
    body: `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>${escapeXml(message)}</Message></Error><RequestId>berth-sandbox</RequestId></ErrorResponse>`,
  };
}

/** A change set's parameters: the values it gives, or the stack's previous ones where it says UsePreviousValue. */
function parametersOf(params: URLSearchParams, previous: StackState | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (let n = 1; params.has(`Parameters.member.${n}.ParameterKey`); n++) {
    const name = params.get(`Parameters.member.${n}.ParameterKey`)!;
    const value =
      params.get(`Parameters.member.${n}.UsePreviousValue`) === "true"
        ? previous?.parameters[name]
        : params.get(`Parameters.member.${n}.ParameterValue`);
    values[name] = value ?? "";
  }
  return values;
}

function changeSetKey(stackName: string, changeSet: string): string {
  return `${stackName}\n${changeSet.replace(/^arn:.*:changeSet\/([^/]+)\/.*$/, "$1")}`;
}

function parsed(body: string | null): Template {
  try {
    return body ? parseTemplate(body) : { Resources: {} };
  } catch {
    return { Resources: {} };
  }
}
