import { serviceStackName, stackName } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import type { QuotaBreach } from "./quota-breach.js";
import type { RenderedStacks } from "./stacks.js";

// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html (StackName)
export const STACK_NAME_LENGTH = 128;
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Path)
export const IAM_PATH_LENGTH = 512;
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (logGroupName)
export const LOG_GROUP_NAME_LENGTH = 512;
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (AlarmName)
export const ALARM_NAME_LENGTH = 255;
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html (Name),
// and the same for CreateTargetGroup.
export const LOAD_BALANCER_NAME_LENGTH = 32;

const SHORTER = "choose shorter names for the app, the environment or this key";

/** Names in the stacks that a manifest's names make, each checked against the length AWS allows. */
const NAMED: Record<string, { property: string; what: string; limit: number }> = {
  "AWS::IAM::Role": { property: "Path", what: "IAM role path", limit: IAM_PATH_LENGTH },
  "AWS::Logs::LogGroup": { property: "LogGroupName", what: "log group name", limit: LOG_GROUP_NAME_LENGTH },
  "AWS::CloudWatch::Alarm": { property: "AlarmName", what: "alarm name", limit: ALARM_NAME_LENGTH },
  "AWS::ElasticLoadBalancingV2::LoadBalancer": {
    property: "Name",
    what: "load balancer name",
    limit: LOAD_BALANCER_NAME_LENGTH,
  },
  "AWS::ElasticLoadBalancingV2::TargetGroup": {
    property: "Name",
    what: "target group name",
    limit: LOAD_BALANCER_NAME_LENGTH,
  },
};

/**
 * Every name longer than AWS accepts: stack names, and the names berth writes into the
 * templates (only literal ones: a name CloudFormation generates is within bounds).
 */
export function checkNameLengths(
  m: Manifest,
  stacks: RenderedStacks,
  environmentOwner: (id: string) => string,
): QuotaBreach[] {
  const breaches: QuotaBreach[] = [];
  const environmentStack = stackName(m.app, m.environment);
  if (environmentStack.length > STACK_NAME_LENGTH)
    breaches.push({ path: "app", message: tooLong("stack name", environmentStack, STACK_NAME_LENGTH), hint: SHORTER });
  for (const name of Object.keys(stacks.services)) {
    const stack = serviceStackName(m.app, m.environment, name);
    if (stack.length > STACK_NAME_LENGTH && environmentStack.length <= STACK_NAME_LENGTH)
      breaches.push({
        path: `services.${name}`,
        message: tooLong("stack name", stack, STACK_NAME_LENGTH),
        hint: SHORTER,
      });
  }
  const templates = [
    [environmentOwner, stacks.environment] as const,
    ...Object.entries(stacks.services).map(([name, template]) => [() => `services.${name}`, template] as const),
  ];
  for (const [ownerOf, template] of templates) {
    for (const [id, resource] of Object.entries(template.Resources)) {
      const { Type = "", Properties = {} } = resource as { Type?: string; Properties?: Record<string, unknown> };
      const named = NAMED[Type];
      const value = named && Properties[named.property];
      if (named && typeof value === "string" && value.length > named.limit)
        breaches.push({ path: ownerOf(id), message: tooLong(named.what, value, named.limit), hint: SHORTER });
    }
  }
  return breaches;
}

function tooLong(what: string, value: string, limit: number): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return `the ${what} ${shown} would be ${value.length} characters; AWS allows ${limit}`;
}
