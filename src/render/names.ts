/** CloudFormation logical ids from manifest names: `api-v2` → `ApiV2`. */
export function logicalId(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** The environment stack: one per environment, `app-env`. */
export function stackName(app: string, environment: string): string {
  return `${app}-${environment}`;
}

/** The app stack: shared by every environment (image repositories). */
export function appStackName(app: string): string {
  return `${app}-app`;
}

/** Environment variable names for injected settings: `uploads` → `UPLOADS`. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, "_");
}
