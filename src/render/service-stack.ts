import type { Template } from "./template.js";

/** The value of each parameter a service stack's template declares, from the environment stack's outputs. */
export function serviceStackParameters(
  template: Template,
  environmentOutputs: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(Object.keys(template.Parameters ?? {}).map((name) => [name, environmentOutputs[name] ?? ""]));
}
