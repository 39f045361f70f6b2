import { UserError } from "../../exit-codes.js";
import type { Manifest } from "../../manifest/types.js";
import { stackName, taskFamily } from "../../manifest/names.js";
import type { EnvironmentPorts } from "../deploy-environment.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import { templateHash, type KeptChangeSet } from "../infrastructure/kept-change-set.js";
import type { EnvironmentPlan } from "./environment-plan.js";

/**
 * The deployer's ports bound to a saved plan, for `berth apply`: the deployer runs as for
 * deploy, but each change set it would create is the plan's (the same template, the same
 * parameters), the images are the plan's, and a task definition is registered only when the
 * plan names its fingerprint. Anything else the plan did not hold is refused, so apply does
 * that plan or stops (docs/architecture.md, "Plan and apply").
 */
export function boundToPlan(plan: EnvironmentPlan, m: Manifest, ports: EnvironmentPorts): EnvironmentPorts {
  const release = ports.release;
  return {
    ...ports,
    cloudFormation: plannedChangeSets(plan, ports.cloudFormation),
    pushImages: async () => ({
      images: plan.images ?? {},
      ...(plan.pullCredentials ? { pullCredentials: plan.pullCredentials } : {}),
    }),
    ...(ports.services
      ? {
          services: {
            ...ports.services,
            async removeService(cluster, service) {
              if (!plan.removing.includes(service))
                throw notPlanned(`removing the service ${service}, which the plan keeps`);
              return ports.services!.removeService(cluster, service);
            },
          },
        }
      : {}),
    ...(release
      ? {
          release: {
            ...release,
            checks: {
              ...release.checks,
              release: {
                ...release.checks.release,
                registerTaskDefinition(definition, fingerprint) {
                  if (!plannedDefinition(plan, m, definition.family, fingerprint))
                    throw notPlanned(
                      `a task definition of ${definition.family} the plan does not hold (${fingerprint})`,
                    );
                  return release.checks.release.registerTaskDefinition(definition, fingerprint);
                },
              },
            },
          },
        }
      : {}),
  };
}

/** The plan's fingerprint, or any for a service whose definitions the plan could not know yet. */
function plannedDefinition(plan: EnvironmentPlan, m: Manifest, family: string | undefined, fingerprint: string) {
  return plan.releases.some(
    (r) => r.to === fingerprint || (r.pending && family === taskFamily(stackName(m.app, m.environment), r.service)),
  );
}

function plannedChangeSets(plan: EnvironmentPlan, cloudFormation: CloudFormationPort): CloudFormationPort {
  const byStack = new Map(plan.stacks.map((s) => [s.stackName, s]));
  // The deployer's name for a change set → the plan's change set it stands for.
  const adopted = new Map<string, string>();
  const named = (stack: string, name: string) => adopted.get(`${stack}/${name}`) ?? name;
  // Change sets of stacks the plan found unchanged: they must come back empty.
  const mustBeEmpty = new Set<string>();
  return {
    ...cloudFormation,
    async createChangeSet(request) {
      const planned = byStack.get(request.stackName);
      if (!planned) throw notPlanned(`a change to the stack ${request.stackName}, which the plan leaves unchanged`);
      if (templateHash(request.templateBody) !== planned.templateHash)
        throw notPlanned(
          `another template for ${request.stackName} than the plan's (listener weights or the stack moved since)`,
        );
      if (planned.atApply === "unchanged") mustBeEmpty.add(`${request.stackName}/${request.changeSetName}`);
      if (!planned.changeSet) return cloudFormation.createChangeSet(request);
      if (!sameParameters(planned, request.parameters ?? {}))
        throw notPlanned(
          `other parameters for ${request.stackName}: the environment stack's outputs it reads changed when its change set ran`,
        );
      adopted.set(`${request.stackName}/${request.changeSetName}`, planned.changeSet.name);
    },
    async describeChangeSet(stack, name) {
      const state = await cloudFormation.describeChangeSet(stack, named(stack, name));
      if (mustBeEmpty.has(`${stack}/${name}`) && state.status === "CREATE_COMPLETE" && state.changes.length > 0) {
        await cloudFormation.deleteChangeSet(stack, name);
        throw notPlanned(`changing the stack ${stack}, which the plan found unchanged`);
      }
      return state;
    },
    executeChangeSet: (stack, name) => cloudFormation.executeChangeSet(stack, named(stack, name)),
    deleteChangeSet: (stack, name) => cloudFormation.deleteChangeSet(stack, named(stack, name)),
  };
}

function sameParameters(planned: KeptChangeSet, parameters: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(planned.parameters), ...Object.keys(parameters)]);
  return [...keys].every((k) => planned.parameters[k] === parameters[k]);
}

function notPlanned(what: string): UserError {
  return new UserError(
    `berth apply stopped before ${what}`,
    1,
    "the environment moved since the plan: run berth plan --out again, have it reviewed, and apply that",
  );
}
