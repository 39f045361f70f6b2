import type { AwsRequest } from "./aws-request.js";
import type { ProxyReply } from "./proxy-reply.js";
import { stackEventXml } from "./stack-event-xml.js";
import { parseTemplate } from "./template-text.js";

/** The resource Metadata key that makes a stack operation fail on that resource, with its value as the reason. */
export const FAIL_MARKER = "BerthSandboxFail";

interface Failure {
  logicalId: string;
  resourceType: string;
  reason: string;
}

interface MarkedChangeSet extends Failure {
  creating: boolean;
}

const XML = { "content-type": "text/xml" };

/**
 * A stack operation that fails in CloudFormation and rolls back, which moto cannot play (it
 * has no rollback). A change set whose template gives a resource `Metadata: {BerthSandboxFail:
 * reason}` (an override in berth.yml) fails on that resource when executed: the sandbox
 * answers ExecuteChangeSet itself, so moto keeps the stack as it was, which is what a rollback
 * leaves; until the stack's next operation, DescribeStacks says UPDATE_ROLLBACK_COMPLETE
 * (ROLLBACK_COMPLETE after a first creation) and DescribeStackEvents leads with the
 * operation's events, the failed resource's reason first among the failures
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html).
 */
export function stackFailures() {
  const failing = new Map<string, MarkedChangeSet>();
  const failed = new Map<string, { status: string; events: string[] }>();
  let eventCount = 0;

  const event = (stackName: string, logicalId: string, resourceType: string, status: string, reason?: string) =>
    stackEventXml({
      eventId: `berth-sandbox-failure-${++eventCount}`,
      timestamp: Date.now() + eventCount,
      stackName,
      logicalId,
      resourceType,
      status,
      ...(reason ? { reason } : {}),
    });

  /** The events of the failed operation, newest first as CloudFormation lists them. */
  const failureEvents = (stackName: string, failure: Failure, creating: boolean): string[] => {
    const [operation, rollback] = creating ? ["CREATE", "ROLLBACK"] : ["UPDATE", "UPDATE_ROLLBACK"];
    const stack = "AWS::CloudFormation::Stack";
    const oldestFirst = [
      event(stackName, stackName, stack, `${operation}_IN_PROGRESS`, "User Initiated"),
      event(stackName, failure.logicalId, failure.resourceType, `${operation}_IN_PROGRESS`),
      event(stackName, failure.logicalId, failure.resourceType, `${operation}_FAILED`, failure.reason),
      event(
        stackName,
        stackName,
        stack,
        `${rollback}_IN_PROGRESS`,
        `The following resource(s) failed to ${operation.toLowerCase()}: [${failure.logicalId}]. `,
      ),
      event(stackName, stackName, stack, `${rollback}_COMPLETE`),
    ];
    return oldestFirst.reverse();
  };

  return {
    /** Answers the execution of a change set marked to fail; forwards everything else. */
    answer(request: AwsRequest): ProxyReply | undefined {
      if (request.protocol !== "query") return undefined;
      const stackName = request.params.get("StackName") ?? "";
      const key = `${stackName}/${request.params.get("ChangeSetName")}`;
      if (request.action === "CreateChangeSet") {
        const failure = markedFailure(request.params.get("TemplateBody"));
        const creating = request.params.get("ChangeSetType") === "CREATE";
        if (failure) failing.set(key, { ...failure, creating });
        return undefined;
      }
      if (request.action !== "ExecuteChangeSet" && request.action !== "DeleteStack") return undefined;
      failed.delete(stackName);
      const failure = request.action === "ExecuteChangeSet" ? failing.get(key) : undefined;
      if (!failure) return undefined;
      failing.delete(key);
      const events = failureEvents(stackName, failure, failure.creating);
      failed.set(stackName, { status: failure.creating ? "ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_COMPLETE", events });
      const body = `<ExecuteChangeSetResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ExecuteChangeSetResult/><ResponseMetadata><RequestId>berth-sandbox</RequestId></ResponseMetadata></ExecuteChangeSetResponse>`;
      return { status: 200, headers: XML, body };
    },
    /** A failed stack's status and events, over moto's answer for the stack as it was. */
    rewrite(request: AwsRequest, body: string): string {
      if (request.protocol !== "query") return body;
      const overlay = failed.get(request.params.get("StackName") ?? "");
      if (!overlay) return body;
      if (request.action === "DescribeStacks")
        return body.replace(/<StackStatus>[^<]*<\/StackStatus>/, `<StackStatus>${overlay.status}</StackStatus>`);
      if (request.action === "DescribeStackEvents" && !request.params.get("NextToken"))
        return body.replace(/<StackEvents>/, `<StackEvents>${overlay.events.join("")}`);
      return body;
    },
  };
}

function markedFailure(templateBody: string | null): Failure | undefined {
  if (!templateBody) return undefined;
  let template;
  try {
    template = parseTemplate(templateBody);
  } catch {
    return undefined;
  }
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const reason = (resource.Metadata as Record<string, unknown> | undefined)?.[FAIL_MARKER];
    if (typeof reason === "string") return { logicalId, resourceType: resource.Type, reason };
  }
  return undefined;
}
