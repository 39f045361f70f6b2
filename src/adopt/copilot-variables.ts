import type { AdoptionReport, ManifestData } from "./report.js";

const APP = "${COPILOT_APPLICATION_NAME}";
const ENV = "${COPILOT_ENVIRONMENT_NAME}";
const BERTH_ENV = "${environment}";

/**
 * Copilot fills `${COPILOT_APPLICATION_NAME}` and `${COPILOT_ENVIRONMENT_NAME}` in itself —
 * `copilot secret init` writes secrets as `/copilot/${COPILOT_APPLICATION_NAME}/${COPILOT_ENVIRONMENT_NAME}/secrets/NAME`
 * (https://aws.github.io/copilot-cli/docs/commands/secret-init/). berth would read them from
 * the environment it runs in, so they are written out: the application's name in place; in a
 * secret reference the environment's becomes berth's own `${environment}` (docs/manifest.md,
 * "Secrets stay in their environment"), and elsewhere a value naming the environment is
 * written once per environment, the base taking the first.
 */
export function resolveCopilotVariables(manifest: ManifestData, copilotApp: string, report: AdoptionReport): void {
  const services = manifest.services as Record<string, Record<string, unknown>>;
  const environments = (manifest.environments ?? {}) as Record<
    string,
    { services?: Record<string, Record<string, unknown>> }
  >;
  const names = Object.keys(environments);
  for (const [service, berth] of Object.entries(services)) {
    for (const section of ["env", "secrets"] as const) {
      const values = berth[section] as Record<string, string> | undefined;
      for (const [key, value] of Object.entries(values ?? {})) {
        const withApp = value.split(APP).join(copilotApp);
        values![key] = withApp;
        if (!withApp.includes(ENV)) continue;
        if (section === "secrets") {
          values![key] = withApp.split(ENV).join(BERTH_ENV);
          report.assumed.push(
            `services.${service}.secrets.${key}: \${COPILOT_ENVIRONMENT_NAME} is berth's \${environment}, each environment reading its own`,
          );
          continue;
        }
        if (names.length === 0) {
          report.left.push({
            item: `services.${service}.${section}.${key}`,
            why: "it names Copilot's environment (${COPILOT_ENVIRONMENT_NAME}), and the workspace names none",
            todo: "write the environment's name in its place",
          });
          values![key] = withApp.split(ENV).join("ENV");
          continue;
        }
        values![key] = withApp.split(ENV).join(names[0]!);
        for (const env of names) {
          const overrides = (environments[env]!.services ??= {});
          const over = (overrides[service] ??= {});
          over[section] = {
            ...(over[section] as Record<string, string> | undefined),
            [key]: withApp.split(ENV).join(env),
          };
        }
        report.assumed.push(
          `services.${service}.${section}.${key}: \${COPILOT_ENVIRONMENT_NAME} written out in each environment (${names.join(", ")}); the base takes ${names[0]}`,
        );
      }
    }
  }
}
