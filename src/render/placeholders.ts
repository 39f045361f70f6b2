/**
 * Release definitions (task and service definitions) are rendered before the stack
 * exists, so they name what the stack and the image build will provide; the release
 * path fills these in from stack outputs and pushed image digests.
 */
export const stackOutput = (name: string) => `{{stack:${name}}}`;
export const imageOf = (service: string) => `{{image:${service}}}`;
export const REGION = "{{region}}";
export const ACCOUNT = "{{account}}";
export const PARTITION = "{{partition}}";
export const TASK_DEFINITION = "{{taskDefinition}}";
/** The release's version (from git, or `untagged`): what the application's telemetry says it runs. */
export const VERSION = "{{version}}";
/** The ARN of the registry credentials secret, for images in a registry other than ECR. */
export const PULL_CREDENTIALS = "{{pullCredentials}}";

const PLACEHOLDER =
  /\{\{(stack:[A-Za-z0-9]+|image:[a-z0-9-]+|region|account|partition|taskDefinition|pullCredentials|version)\}\}/g;

/** Every placeholder a rendered definition uses, so the release path can check it has them all. */
export function placeholdersIn(definition: unknown): string[] {
  return [...new Set([...JSON.stringify(definition).matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}
