import { str } from "./schema-dsl.js";

// The names and references the manifest's schema checks in more than one place.

const NAME_PATTERN = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
const NAME_WORDS = "lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen";

// Names end up inside AWS resource names (stack `app-env`, task family `app-env-service`,
// log group, ECR repository `app/service`); these lengths keep every one within AWS limits.
export const NAME_LIMITS = { app: 24, environment: 24, resource: 32, loadBalancer: 16 } as const;

export const name = (maxLength: number, description?: string) =>
  str({ pattern: NAME_PATTERN, expected: NAME_WORDS, maxLength, ...(description ? { description } : {}) });
export const resourceName = name(NAME_LIMITS.resource);
export const ENV_VAR_NAME = str({
  pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
  expected: "letters, digits and underscores, not starting with a digit",
});

// `${app}` and `${environment}` may stand anywhere in a name (src/manifest/secret-names.ts).
export const SECRET_REFERENCE =
  /^(?:secretsmanager:(?:[A-Za-z0-9/_+=.@:-]|\$\{(?:app|environment)\})+(?:#[A-Za-z0-9_.-]+)?|ssm:(?:[A-Za-z0-9/_.-]|\$\{(?:app|environment)\})+)$/;
