import type * as CloudFormationSdk from "@aws-sdk/client-cloudformation";
import type {
  ChangeAction,
  CloudFormationPort,
  PropertyChange,
  Replacement,
  StackEvent,
} from "../deployers/infrastructure/cloudformation-port.js";
import { parseDeployedTemplate } from "./deployed-template.js";
import { withAwsFailures } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

// One operation on a large stack writes a few hundred events; more pages would only be old history.
const EVENT_PAGES = 3;

const EXISTING_STACK_STATUSES: CloudFormationSdk.StackStatus[] = [
  "CREATE_IN_PROGRESS",
  "CREATE_FAILED",
  "CREATE_COMPLETE",
  "ROLLBACK_IN_PROGRESS",
  "ROLLBACK_FAILED",
  "ROLLBACK_COMPLETE",
  "DELETE_IN_PROGRESS",
  "DELETE_FAILED",
  "UPDATE_IN_PROGRESS",
  "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
  "UPDATE_COMPLETE",
  "UPDATE_FAILED",
  "UPDATE_ROLLBACK_IN_PROGRESS",
  "UPDATE_ROLLBACK_FAILED",
  "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
  "UPDATE_ROLLBACK_COMPLETE",
  "REVIEW_IN_PROGRESS",
  "IMPORT_IN_PROGRESS",
  "IMPORT_COMPLETE",
  "IMPORT_ROLLBACK_IN_PROGRESS",
  "IMPORT_ROLLBACK_FAILED",
  "IMPORT_ROLLBACK_COMPLETE",
];

/** The properties a resource change names (Target Attribute Properties), when the endpoint gives any. */
function propertyChanges(details: CloudFormationSdk.ResourceChangeDetail[] | undefined): {
  properties?: PropertyChange[];
} {
  const properties = (details ?? []).flatMap((d): PropertyChange[] => {
    const t = d.Target;
    if (t?.Attribute !== "Properties" || !t.Name) return [];
    return [
      {
        name: t.Path ? t.Path.replace(/^\/Properties\//, "").replace(/\//g, ".") : t.Name,
        ...(t.BeforeValue !== undefined ? { before: t.BeforeValue } : {}),
        ...(t.AfterValue !== undefined ? { after: t.AfterValue } : {}),
        ...(t.RequiresRecreation ? { requiresRecreation: t.RequiresRecreation } : {}),
      },
    ];
  });
  return properties.length > 0 ? { properties } : {};
}

/** The CloudFormation port over the AWS SDK. The SDK is loaded on first use, never by validate/render. */
export function cloudFormationPort(settings: AwsSettings): CloudFormationPort {
  let client: Promise<{ sdk: typeof CloudFormationSdk; client: CloudFormationSdk.CloudFormationClient }> | undefined;
  const connect = () =>
    (client ??= import("@aws-sdk/client-cloudformation").then((sdk) => ({
      sdk,
      client: new sdk.CloudFormationClient(clientConfig(settings)),
    })));

  return withAwsFailures("CloudFormation", {
    async describeStack(stackName) {
      const { sdk, client: cf } = await connect();
      try {
        const stack = (await cf.send(new sdk.DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
        if (!stack?.StackStatus) return undefined;
        const outputs = Object.fromEntries(
          (stack.Outputs ?? []).flatMap((o) => (o.OutputKey ? [[o.OutputKey, o.OutputValue ?? ""]] : [])),
        );
        const parameters = Object.fromEntries(
          (stack.Parameters ?? []).flatMap((p) => (p.ParameterKey ? [[p.ParameterKey, p.ParameterValue ?? ""]] : [])),
        );
        const tags = Object.fromEntries((stack.Tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? ""]] : [])));
        return {
          stackId: stack.StackId ?? stackName,
          status: stack.StackStatus,
          outputs,
          parameters,
          tags,
          ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
          ...(stack.LastUpdatedTime ? { lastUpdated: stack.LastUpdatedTime.toISOString() } : {}),
        };
      } catch (error) {
        // DescribeStacks answers a missing stack with ValidationError "Stack with id X does not exist".
        if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
        throw error;
      }
    },
    async listStackNames(prefix) {
      const { sdk, client: cf } = await connect();
      const names: string[] = [];
      let token: string | undefined;
      do {
        // ListStacks has no name filter; every status but DELETE_COMPLETE is a stack that exists.
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStacks.html
        const out = await cf.send(
          new sdk.ListStacksCommand({ NextToken: token, StackStatusFilter: EXISTING_STACK_STATUSES }),
        );
        for (const s of out.StackSummaries ?? []) if (s.StackName?.startsWith(prefix)) names.push(s.StackName);
        token = out.NextToken;
      } while (token);
      return [...new Set(names)].sort();
    },
    async getTemplate(stackName) {
      const { sdk, client: cf } = await connect();
      const body = (await cf.send(new sdk.GetTemplateCommand({ StackName: stackName, TemplateStage: "Original" })))
        .TemplateBody;
      return body ? parseDeployedTemplate(stackName, body) : undefined;
    },
    async createChangeSet(request) {
      const { sdk, client: cf } = await connect();
      await cf.send(
        new sdk.CreateChangeSetCommand({
          StackName: request.stackName,
          ChangeSetName: request.changeSetName,
          ChangeSetType: request.type,
          ...(request.templateUrl ? { TemplateURL: request.templateUrl } : { TemplateBody: request.templateBody }),
          Capabilities: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
          Parameters: Object.entries(request.parameters ?? {}).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
          Tags: Object.entries(request.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
          // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/import-resources-automatically.html
          ...(request.importExistingResources && request.type === "CREATE" ? { ImportExistingResources: true } : {}),
        }),
      );
    },
    async describeChangeSet(stackName, changeSetName) {
      const { sdk, client: cf } = await connect();
      const changes = [];
      let token: string | undefined;
      let out;
      do {
        out = await cf.send(
          // IncludePropertyValues: each property's before and after, which a plan shows
          // (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeChangeSet.html).
          new sdk.DescribeChangeSetCommand({
            StackName: stackName,
            ChangeSetName: changeSetName,
            NextToken: token,
            IncludePropertyValues: true,
          }),
        );
        for (const change of out.Changes ?? []) {
          const rc = change.ResourceChange;
          if (!rc?.Action || !rc.LogicalResourceId) continue;
          changes.push({
            action: rc.Action as ChangeAction,
            logicalId: rc.LogicalResourceId,
            resourceType: rc.ResourceType ?? "unknown",
            ...(rc.Replacement ? { replacement: rc.Replacement as Replacement } : {}),
            ...propertyChanges(rc.Details),
          });
        }
        token = out.NextToken;
      } while (token);
      return {
        ...(out.ChangeSetId ? { id: out.ChangeSetId } : {}),
        status: out.Status ?? "UNKNOWN",
        changes,
        ...(out.ExecutionStatus ? { executionStatus: out.ExecutionStatus } : {}),
        ...(out.StatusReason ? { statusReason: out.StatusReason } : {}),
      };
    },
    async executeChangeSet(stackName, changeSetName) {
      const { sdk, client: cf } = await connect();
      await cf.send(new sdk.ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
    },
    async deleteChangeSet(stackName, changeSetName) {
      const { sdk, client: cf } = await connect();
      await cf.send(new sdk.DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
    },
    async deleteStack(stackName) {
      const { sdk, client: cf } = await connect();
      await cf.send(new sdk.DeleteStackCommand({ StackName: stackName }));
    },
    async continueUpdateRollback(stackName, resourcesToSkip) {
      const { sdk, client: cf } = await connect();
      await cf.send(new sdk.ContinueUpdateRollbackCommand({ StackName: stackName, ResourcesToSkip: resourcesToSkip }));
    },
    async describeStackEvents(stackName) {
      const { sdk, client: cf } = await connect();
      const events: StackEvent[] = [];
      let token: string | undefined;
      for (let page = 0; page < EVENT_PAGES; page++) {
        const out = await cf.send(new sdk.DescribeStackEventsCommand({ StackName: stackName, NextToken: token }));
        for (const e of out.StackEvents ?? []) {
          events.push({
            eventId: e.EventId ?? "",
            timestamp: e.Timestamp ?? new Date(0),
            logicalId: e.LogicalResourceId ?? "",
            resourceType: e.ResourceType ?? "",
            status: e.ResourceStatus ?? "",
            ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
          });
        }
        token = out.NextToken;
        if (!token) break;
      }
      return events;
    },
    async listStackResources(stackName) {
      const { sdk, client: cf } = await connect();
      const resources = [];
      let token: string | undefined;
      do {
        const out = await cf.send(new sdk.ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
        for (const r of out.StackResourceSummaries ?? []) {
          resources.push({
            logicalId: r.LogicalResourceId ?? "",
            resourceType: r.ResourceType ?? "",
            status: r.ResourceStatus ?? "",
            ...(r.ResourceStatusReason ? { reason: r.ResourceStatusReason } : {}),
          });
        }
        token = out.NextToken;
      } while (token);
      return resources;
    },
  });
}
