import {
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  type Change,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";

/** One poll's worth of stack history: the status DescribeStacks returns, and the events it brought. */
export interface Step {
  status: string | undefined;
  events?: [logicalId: string, status: string, reason?: string][];
}

/**
 * CloudFormation as aws-sdk-client-mock plays it: a stack whose status and events follow
 * a script, one step per DescribeStacks call after an operation starts. For what moto
 * cannot produce: failures, rollbacks, stuck and busy stacks.
 */
export function scriptedStack(
  stackName: string,
  initial: Step,
  changes: Change[] = [modify("Jobs", "AWS::SQS::Queue")],
) {
  const mock = mockClient(CloudFormationClient);
  let status = initial.status;
  const events: StackEvent[] = [];
  const pending: Step[] = [];
  const resources: {
    LogicalResourceId: string;
    ResourceType: string;
    ResourceStatus: string;
    ResourceStatusReason?: string;
  }[] = [];
  const record = (step: Step) => {
    status = step.status;
    for (const [logicalId, eventStatus, reason] of step.events ?? []) {
      events.push({
        StackId: stackName,
        StackName: stackName,
        EventId: `e${events.length + 1}`,
        Timestamp: new Date(events.length * 1000),
        LogicalResourceId: logicalId,
        ResourceType: logicalId === stackName ? "AWS::CloudFormation::Stack" : "AWS::SQS::Queue",
        ResourceStatus: eventStatus as never,
        ResourceStatusReason: reason,
      });
    }
  };
  record(initial);
  const play = (steps: Step[]) => () => {
    pending.push(...steps);
    return {};
  };
  const script = { execute: [] as Step[], delete: [] as Step[], continueRollback: [] as Step[] };

  mock.on(DescribeStacksCommand).callsFake(() => {
    const next = pending.shift();
    if (next) record(next);
    if (status === undefined)
      throw Object.assign(new Error(`Stack with id ${stackName} does not exist`), { name: "ValidationError" });
    return {
      Stacks: [
        { StackName: stackName, StackId: `arn:stack/${stackName}`, StackStatus: status, CreationTime: new Date(0) },
      ],
    };
  });
  mock.on(DescribeStackEventsCommand).callsFake(() => ({ StackEvents: [...events].reverse() }));
  mock
    .on(ListStackResourcesCommand)
    .callsFake(() => ({ StackResourceSummaries: resources.map((r) => ({ ...r, LastUpdatedTimestamp: new Date(0) })) }));
  mock.on(CreateChangeSetCommand).callsFake(() => {
    if (status === undefined)
      record({ status: "REVIEW_IN_PROGRESS", events: [[stackName, "REVIEW_IN_PROGRESS", "User Initiated"]] });
    return {};
  });
  mock
    .on(DescribeChangeSetCommand)
    .resolves({ Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE", Changes: changes });
  mock.on(DeleteChangeSetCommand).resolves({});
  mock.on(ExecuteChangeSetCommand).callsFake(() => play(script.execute)());
  mock.on(DeleteStackCommand).callsFake(() => play(script.delete)());
  mock.on(ContinueUpdateRollbackCommand).callsFake(() => play(script.continueRollback)());
  /** Steps the stack goes through on its own (someone else's operation), one per DescribeStacks. */
  const meanwhile = (...steps: Step[]) => void pending.push(...steps);
  return { mock, script, resources, meanwhile };
}

export function modify(logicalId: string, resourceType: string): Change {
  return {
    Type: "Resource",
    ResourceChange: {
      Action: "Modify",
      LogicalResourceId: logicalId,
      ResourceType: resourceType,
      Replacement: "False",
    },
  };
}
