import type { AwsRequest } from "./aws-request.js";
import { STAND_IN_TYPE, type SimulatedResource } from "./stand-ins.js";

// The CloudFormation reads that name resources by type: change sets, events, resources.
const READS = new Set([
  "DescribeChangeSet",
  "DescribeStackEvents",
  "ListStackResources",
  "DescribeStackResources",
  "DescribeStackResource",
]);
const STAND_IN_ELEMENT = new RegExp(
  `<LogicalResourceId>([^<]+)</LogicalResourceId>((?:(?!</member>)[\\s\\S])*?)<ResourceType>${STAND_IN_TYPE}</ResourceType>`,
  "g",
);

/**
 * moto reports a stand-in as the SSM parameter it is; berth must see the type it stands
 * for, or removing an Aurora cluster would not be flagged as data loss in the sandbox.
 * Remembers each stack's stand-ins, and puts their original type back into moto's XML
 * answers (in each element, LogicalResourceId comes before ResourceType, with no nested
 * member between them).
 */
export function standInTypes() {
  const byStack = new Map<string, Map<string, string>>();
  return {
    remember(stackName: string, simulated: SimulatedResource[]): void {
      const types = byStack.get(stackName) ?? new Map<string, string>();
      for (const resource of simulated)
        if (resource.resourceType !== "AWS::ElasticLoadBalancingV2::Listener")
          types.set(resource.logicalId, resource.resourceType);
      byStack.set(stackName, types);
    },
    restore(request: AwsRequest, xml: string): string {
      if (request.protocol !== "query" || !READS.has(request.action)) return xml;
      const types = byStack.get(request.params.get("StackName") ?? "");
      if (!types || types.size === 0) return xml;
      return xml.replace(STAND_IN_ELEMENT, (whole, logicalId: string, between: string) => {
        const original = types.get(logicalId);
        return original
          ? `<LogicalResourceId>${logicalId}</LogicalResourceId>${between}<ResourceType>${original}</ResourceType>`
          : whole;
      });
    },
  };
}
