import { stackName } from "../../manifest/names.js";
import type { Manifest } from "../../manifest/types.js";
import type { ExecPort } from "./exec-port.js";

/**
 * What turning ECS Exec on or off means for the services that exist: only tasks started after
 * the change have it, so a deploy releases each of them (its fingerprint changes:
 * src/deployers/release/prepare-release.ts). Said by `diff`, which would otherwise show only the
 * task roles' change.
 */
export async function execChanges(m: Manifest, port: Pick<ExecPort, "service">): Promise<string | undefined> {
  const cluster = stackName(m.app, m.environment);
  const live = await Promise.all(
    Object.keys(m.services).map(async (name) => [name, await port.service(cluster, name)] as const),
  );
  const flipping = live.filter(([, facts]) => facts && facts.enableExecuteCommand !== m.exec).map(([name]) => name);
  if (flipping.length === 0) return undefined;
  return (
    `exec: ECS Exec turns ${m.exec ? "on" : "off"} for ${flipping.join(", ")}; ` +
    "deploy releases them (only tasks started after the change have it)"
  );
}
