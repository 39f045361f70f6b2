import { UserError } from "../../exit-codes.js";
import type { Manifest } from "../../manifest/types.js";
import { stackName, taskFamily } from "../../manifest/names.js";
import type { EnvironmentPorts } from "../environment-port.js";
import type { CloudFormationPort } from "../infrastructure/cloudformation-port.js";
import { templateHash, type KeptChangeSet } from "../infrastructure/kept-change-set.js";
import { stackRequest, type StackStep } from "../stack-step.js";
import type { EnvironmentPlan } from "./environment-plan.js";

/**
 * How closely apply holds to the plan. `exactly` (`berth apply` of a saved plan): anything
 * the plan did not hold is refused. `following` (`berth deploy`, which planned moments ago
 * under the same lock): where the run itself moved an input of a stack — the releases in
 * flight settled (listener weights), the environment stack's new outputs (parameters) —
 * that stack's planned change set is replaced by one made from the inputs as they are now.
 */
export type Adherence = "exactly" | "following";

export interface BoundPorts {
  ports: EnvironmentPorts;
  /** The plan's change sets not executed (yet): what a deploy deletes when it ends. */
  unexecuted(): KeptChangeSet[];
}

/**
 * The deployer's ports bound to a plan: each change set it would create is the plan's (the
 * same template, the same parameters), the images are the plan's, and — `exactly` — a task
 * definition is registered only when the plan names its fingerprint and a service removed
 * only when the plan removes it (docs/architecture.md, "Plan and apply").
 */
export function boundToPlan(
  plan: EnvironmentPlan,
  m: Manifest,
  ports: EnvironmentPorts,
  adherence: Adherence,
): BoundPorts {
  const changeSets = plannedChangeSets(plan, ports.cloudFormation, adherence);
  const bound: EnvironmentPorts = {
    ...ports,
    cloudFormation: changeSets.port,
    pushImages: async () => ({
      images: plan.images ?? {},
      ...(plan.pullCredentials ? { pullCredentials: plan.pullCredentials } : {}),
    }),
  };
  return {
    ports: adherence === "exactly" ? onlyPlannedReleases(plan, m, bound) : bound,
    unexecuted: changeSets.unexecuted,
  };
}

/**
 * Deploy's step around a planned one: a stack the plan found unchanged, asked for the very
 * template and parameters planned, is left alone without another change set.
 */
export function unchangedAsPlanned(plan: EnvironmentPlan, step: StackStep): StackStep {
  const unchanged = new Map(plan.stacks.filter((s) => s.atApply === "unchanged").map((s) => [s.stackName, s]));
  return (stack) => {
    const planned = unchanged.get(stack.stackName);
    if (planned && sameInputs(planned, stackRequest(stack)))
      return Promise.resolve({ result: "unchanged", stackName: stack.stackName });
    return step(stack);
  };
}

function onlyPlannedReleases(plan: EnvironmentPlan, m: Manifest, ports: EnvironmentPorts): EnvironmentPorts {
  const release = ports.release;
  return {
    ...ports,
    ...(ports.services
      ? {
          services: {
            ...ports.services,
            async removeService(cluster, service) {
              // A 0.1.0 environment's web services are recreated on their own stacks' target groups.
              const moved = plan.upgrading?.recreated ?? [];
              if (!plan.removing.includes(service) && !moved.includes(service))
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

function plannedChangeSets(
  plan: EnvironmentPlan,
  cloudFormation: CloudFormationPort,
  adherence: Adherence,
): { port: CloudFormationPort; unexecuted: () => KeptChangeSet[] } {
  const byStack = new Map(plan.stacks.map((s) => [s.stackName, s]));
  // The deployer's name for a change set → the plan's change set it stands for.
  const adopted = new Map<string, string>();
  const named = (stack: string, name: string) => adopted.get(`${stack}/${name}`) ?? name;
  // The plan's change sets executed, or deleted because the run replaced them.
  const done = new Set<string>();
  // Change sets of stacks the plan found unchanged: they must come back empty.
  const mustBeEmpty = new Set<string>();
  const port: CloudFormationPort = {
    ...cloudFormation,
    async createChangeSet(request) {
      const planned = byStack.get(request.stackName);
      const following = adherence === "following";
      if (!planned) {
        if (following) return cloudFormation.createChangeSet(request);
        throw notPlanned(`a change to the stack ${request.stackName}, which the plan leaves unchanged`);
      }
      const used = planned.changeSet !== undefined && done.has(`${planned.stackName}/${planned.changeSet.name}`);
      if (used && finishesUpgrade(request)) return cloudFormation.createChangeSet(request);
      const same = sameInputs(planned, request);
      // The deploy asks again for a stack whose planned change set already ran (a retried step): a new one.
      if (following && (!same || used)) {
        await replaced(planned);
        return cloudFormation.createChangeSet(request);
      }
      if (templateHash(request.templateBody) !== planned.templateHash)
        throw notPlanned(
          `another template for ${request.stackName} than the plan's (listener weights or the stack moved since)`,
        );
      if (planned.atApply === "unchanged" && !following)
        mustBeEmpty.add(`${request.stackName}/${request.changeSetName}`);
      if (!planned.changeSet) return cloudFormation.createChangeSet(request);
      if (!same)
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
    async executeChangeSet(stack, name) {
      done.add(`${stack}/${named(stack, name)}`);
      return cloudFormation.executeChangeSet(stack, named(stack, name));
    },
    async deleteChangeSet(stack, name) {
      done.add(`${stack}/${named(stack, name)}`);
      return cloudFormation.deleteChangeSet(stack, named(stack, name));
    },
  };
  // The environment stack's last update of a 0.1.0 move, made once its transition ran (upgrade/upgrade-plan.ts).
  function finishesUpgrade(request: { stackName: string; templateBody: string }): boolean {
    const finish = plan.upgrading?.finish;
    return finish?.stackName === request.stackName && finish.templateHash === templateHash(request.templateBody);
  }
  async function replaced(planned: KeptChangeSet): Promise<void> {
    if (!planned.changeSet || done.has(`${planned.stackName}/${planned.changeSet.name}`)) return;
    done.add(`${planned.stackName}/${planned.changeSet.name}`);
    await cloudFormation.deleteChangeSet(planned.stackName, planned.changeSet.name);
  }
  const unexecuted = () => plan.stacks.filter((s) => s.changeSet && !done.has(`${s.stackName}/${s.changeSet.name}`));
  return { port, unexecuted };
}

function sameInputs(planned: KeptChangeSet, request: { templateBody: string; parameters?: Record<string, string> }) {
  return (
    templateHash(request.templateBody) === planned.templateHash && sameParameters(planned, request.parameters ?? {})
  );
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
