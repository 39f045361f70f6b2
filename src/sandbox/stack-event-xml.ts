/** Text escaped for an XML element or attribute. */
export const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export interface SandboxStackEvent {
  eventId: string;
  timestamp: number;
  stackName: string;
  logicalId: string;
  resourceType: string;
  status: string;
  reason?: string;
}

/** One `<member>` of DescribeStackEvents' StackEvents, in CloudFormation's query-protocol XML. */
export function stackEventXml(event: SandboxStackEvent): string {
  return [
    "<member>",
    `<Timestamp>${new Date(event.timestamp).toISOString()}</Timestamp>`,
    `<ResourceStatus>${event.status}</ResourceStatus>`,
    `<StackId>${escapeXml(event.stackName)}</StackId>`,
    `<EventId>${escapeXml(event.eventId)}</EventId>`,
    `<LogicalResourceId>${escapeXml(event.logicalId)}</LogicalResourceId>`,
    event.reason ? `<ResourceStatusReason>${escapeXml(event.reason)}</ResourceStatusReason>` : "",
    `<StackName>${escapeXml(event.stackName)}</StackName>`,
    `<ResourceType>${escapeXml(event.resourceType)}</ResourceType>`,
    "</member>",
  ].join("");
}
