// The few CloudFormation operations the infrastructure deployer needs. The SDK adapter
// (src/aws/cloudformation.ts) implements it against AWS or the sandbox; tests may
// implement it with plain objects.

import type { Template } from "../../render/template.js";

export interface StackState {
  stackId: string;
  status: string;
  statusReason?: string;
  /** The stack's outputs, read in the same call (absent from test doubles that do not need them). */
  outputs?: Record<string, string>;
  /** The parameters it was last deployed with, read in the same call. */
  parameters?: Record<string, string>;
  /** Its stack-level tags (berth:app, berth:environment, berth:service), read in the same call. */
  tags?: Record<string, string>;
  /** When its last update ended (ISO 8601); absent for a stack never updated, and where the endpoint does not say. */
  lastUpdated?: string;
}

export type ChangeAction = "Add" | "Modify" | "Remove" | "Import" | "Dynamic";
export type Replacement = "True" | "False" | "Conditional";

export interface ResourceChange {
  action: ChangeAction;
  logicalId: string;
  resourceType: string;
  /** Only for Modify; CloudFormation leaves it out otherwise (and moto always does). */
  replacement?: Replacement;
  /**
   * The properties that change, with before and after where CloudFormation gives them
   * (DescribeChangeSet with IncludePropertyValues); absent when the endpoint gives no details.
   */
  properties?: PropertyChange[];
}

export interface PropertyChange {
  /** The property's path, as CloudFormation names it (`Engine`, `ContainerDefinitions`). */
  name: string;
  before?: string;
  after?: string;
  /** Whether changing it recreates the resource: Never, Conditionally or Always. */
  requiresRecreation?: string;
}

export interface ChangeSetState {
  /** The change set's ARN, which names it across stacks; absent from test doubles that do not need it. */
  id?: string;
  status: string;
  executionStatus?: string;
  statusReason?: string;
  changes: ResourceChange[];
}

export interface StackEvent {
  eventId: string;
  timestamp: Date;
  logicalId: string;
  resourceType: string;
  status: string;
  reason?: string;
}

export interface StackResourceState {
  logicalId: string;
  resourceType: string;
  status: string;
  reason?: string;
}

export interface ChangeSetRequest {
  stackName: string;
  changeSetName: string;
  type: "CREATE" | "UPDATE";
  templateBody: string;
  /**
   * Where a copy of templateBody too large to send inline is stored (template-upload.ts);
   * the change set is then created from it.
   */
  templateUrl?: string;
  parameters?: Record<string, string>;
  tags?: Record<string, string>;
  /** Import retained resources of the same names, on CREATE (InfrastructureRequest). */
  importExistingResources?: boolean;
}

export interface CloudFormationPort {
  /** undefined when no stack of that name exists. */
  describeStack(stackName: string): Promise<StackState | undefined>;
  createChangeSet(request: ChangeSetRequest): Promise<void>;
  describeChangeSet(stackName: string, changeSetName: string): Promise<ChangeSetState>;
  executeChangeSet(stackName: string, changeSetName: string): Promise<void>;
  deleteChangeSet(stackName: string, changeSetName: string): Promise<void>;
  deleteStack(stackName: string): Promise<void>;
  continueUpdateRollback(stackName: string, resourcesToSkip: string[]): Promise<void>;
  /** Newest first, as CloudFormation returns them; enough pages to cover one operation. */
  describeStackEvents(stackName: string): Promise<StackEvent[]>;
  listStackResources(stackName: string): Promise<StackResourceState[]>;
  /** Names of the stacks that exist (not deleted) and start with `prefix`. */
  listStackNames(prefix: string): Promise<string[]>;
  /** The template the stack was last deployed with, parsed (a template that cannot be read is a UserError). */
  getTemplate?(stackName: string): Promise<Template | undefined>;
}
