import { berthTable } from "../aws/berth-table.js";
import { cloudFormationPort } from "../aws/cloudformation.js";
import { diagnosisPort } from "../aws/diagnosis.js";
import { ecsReleasePort } from "../aws/ecs-release.js";
import { oneOffTaskPort } from "../aws/one-off-tasks.js";
import { schedulePort } from "../aws/schedules.js";
import type { AwsSettings } from "../aws/settings.js";
import type { RunPorts } from "../deployers/one-off/run-in-environment.js";

/** `berth run`'s ports over AWS (or whatever AWS_ENDPOINT_URL points at). */
export function runPorts(aws: AwsSettings, app: string): RunPorts {
  return {
    cloudFormation: cloudFormationPort(aws),
    release: ecsReleasePort(aws),
    containerLogs: (taskDefinition) => diagnosisPort(aws).containerLogs(taskDefinition),
    tasks: oneOffTaskPort(aws),
    history: berthTable(aws, app).history,
    schedules: schedulePort(aws),
  };
}
