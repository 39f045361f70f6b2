import { parse } from "yaml";
import type { CloudFormationPort, StackEvent } from "../../../src/deployers/infrastructure/cloudformation-port.js";
import type { Template } from "../../../src/render/template.js";

interface FakeStack {
  status: string;
  outputs: Record<string, string>;
  parameters: Record<string, string>;
  tags: Record<string, string>;
  body?: string;
  events: StackEvent[];
}

/**
 * CloudFormation as plain objects, for decisions over many stacks: change sets apply at the
 * next DescribeStacks, a stack named in `failing` rolls back with a resource's reason, and
 * every call is counted by operation and stack. Stacks in flight are counted too.
 */
export function fakeStacks() {
  const stacks = new Map<string, FakeStack>();
  const calls: [operation: string, stack: string][] = [];
  const failing = new Map<string, string>();
  const pending = new Map<string, { body: string; parameters: Record<string, string>; tags: Record<string, string> }>();
  const finishing = new Map<string, () => void>();
  let inFlight = 0;
  let maxInFlight = 0;
  let eventId = 0;
  const event = (stack: string, logicalId: string, status: string, reason?: string): StackEvent => ({
    eventId: `e${++eventId}`,
    timestamp: new Date(eventId * 1000),
    logicalId,
    resourceType: logicalId === stack ? "AWS::CloudFormation::Stack" : "AWS::EC2::SecurityGroup",
    status,
    ...(reason ? { reason } : {}),
  });

  const port: CloudFormationPort = {
    async describeStack(name) {
      calls.push(["DescribeStacks", name]);
      finishing.get(name)?.();
      const s = stacks.get(name);
      return s
        ? { stackId: name, status: s.status, outputs: s.outputs, parameters: s.parameters, tags: s.tags }
        : undefined;
    },
    async createChangeSet(request) {
      calls.push(["CreateChangeSet", request.stackName]);
      pending.set(request.stackName, {
        body: request.templateBody,
        parameters: request.parameters ?? {},
        tags: request.tags ?? {},
      });
      if (!stacks.has(request.stackName))
        stacks.set(request.stackName, {
          status: "REVIEW_IN_PROGRESS",
          outputs: {},
          parameters: {},
          tags: request.tags ?? {},
          events: [],
        });
    },
    async describeChangeSet(name) {
      calls.push(["DescribeChangeSet", name]);
      const change = pending.get(name);
      const s = stacks.get(name);
      const same =
        change && s?.body === change.body && JSON.stringify(s.parameters) === JSON.stringify(change.parameters);
      const changes = same
        ? []
        : [{ action: "Modify" as const, logicalId: "Thing", resourceType: "AWS::EC2::SecurityGroup" }];
      return { status: "CREATE_COMPLETE", changes };
    },
    async executeChangeSet(name) {
      calls.push(["ExecuteChangeSet", name]);
      const s = stacks.get(name)!;
      const change = pending.get(name)!;
      const creating = s.status === "REVIEW_IN_PROGRESS";
      s.status = creating ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS";
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // The operation ends at the stack's second DescribeStacks, so several overlap in time.
      let polls = 0;
      finishing.set(name, () => {
        if (++polls < 2) return;
        finishing.delete(name);
        inFlight--;
        const reason = failing.get(name);
        if (reason) {
          s.events.unshift(event(name, "ServiceSecurityGroup", creating ? "CREATE_FAILED" : "UPDATE_FAILED", reason));
          s.events.unshift(event(name, name, "UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed"));
          s.status = creating ? "ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_COMPLETE";
          return;
        }
        const template = parse(change.body) as Template;
        s.body = change.body;
        s.parameters = change.parameters;
        s.tags = change.tags;
        s.outputs = Object.fromEntries(Object.entries(template.Outputs ?? {}).map(([k, o]) => [k, String(o.Value)]));
        s.status = creating ? "CREATE_COMPLETE" : "UPDATE_COMPLETE";
      });
    },
    async deleteChangeSet(name) {
      calls.push(["DeleteChangeSet", name]);
      pending.delete(name);
    },
    async deleteStack(name) {
      calls.push(["DeleteStack", name]);
      stacks.delete(name);
    },
    async continueUpdateRollback() {},
    async describeStackEvents(name) {
      calls.push(["DescribeStackEvents", name]);
      return [...(stacks.get(name)?.events ?? [])];
    },
    async listStackResources() {
      return [];
    },
    async listStackNames(prefix) {
      calls.push(["ListStacks", prefix]);
      return [...stacks.keys()].filter((n) => n.startsWith(prefix)).sort();
    },
    async getTemplate(name) {
      calls.push(["GetTemplate", name]);
      const body = stacks.get(name)?.body;
      return body ? (parse(body) as Template) : undefined;
    },
  };

  return {
    port,
    calls,
    /** Stack names in the order of their first call of `operation`. */
    called: (operation: string) => calls.filter(([op]) => op === operation).map(([, stack]) => stack),
    maxInFlight: () => maxInFlight,
    /** The next operation on this stack fails on a resource with `reason`, then rolls back. */
    fail: (name: string, reason: string) => void failing.set(name, reason),
    put(name: string, stack: Partial<FakeStack>) {
      stacks.set(name, { status: "CREATE_COMPLETE", outputs: {}, parameters: {}, tags: {}, events: [], ...stack });
    },
    get: (name: string) => stacks.get(name),
  };
}
