import { DEFAULT_ENVIRONMENT } from "../../manifest/load.js";

/** How a hint names the environment on the command line: ` -e production`, or nothing for the base. */
export function environmentFlag(environment: string): string {
  return environment === DEFAULT_ENVIRONMENT ? "" : ` -e ${environment}`;
}
