import { EXIT, UserError } from "../exit-codes.js";
import type { Manifest } from "../manifest/types.js";
import { logicalId, stackName } from "../manifest/names.js";
import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import { readEnvironmentOutputs } from "./service-stacks/environment-stacks.js";
import type { ServiceLogGroup } from "./service-logs.js";

/**
 * Each service's log group, read from its stack's `<Service>LogGroup` output (the stack
 * owns the group; its name is CloudFormation's answer, not a guess).
 */
export async function logGroupsOf(
  m: Manifest,
  services: string[],
  cloudFormation: Pick<CloudFormationPort, "describeStack">,
  note: (message: string) => void,
): Promise<ServiceLogGroup[]> {
  const stack = stackName(m.app, m.environment);
  const fix = `deploy it first: berth deploy -e ${m.environment}`;
  const { environment, outputs } = await readEnvironmentOutputs(m, cloudFormation, services);
  if (!environment)
    throw new UserError(`environment ${m.environment} is not deployed: there is no stack ${stack}`, EXIT.failure, fix);
  const groups: ServiceLogGroup[] = [];
  for (const service of services) {
    const logGroupName = outputs[`${logicalId(service)}LogGroup`];
    if (logGroupName) groups.push({ service, logGroupName });
    else note(`${service}: stack ${stack} has no log group for it yet; deploy to create it`);
  }
  if (groups.length === 0)
    throw new UserError(`stack ${stack} has no log group for ${services.join(", ")}`, EXIT.failure, fix);
  return groups;
}
