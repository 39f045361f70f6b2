import type { Deployment } from "./model.js";
import type { World } from "./world.js";

export interface AlarmChange {
  name: string;
  state: "OK" | "ALARM";
  reason: string;
}

type SetAlarm = (name: string, state: "OK" | "ALARM", reason: string) => void;

const MINUTE = 60_000;
// How long the alarm stays in ALARM once the faulty version is gone: its metric needs a
// few evaluation periods of good data (templates/web-service.yml: 1-minute periods).
const RECOVERY_MS = 2 * MINUTE;

/**
 * The "alarm" fault: the first alarm a release of a faulty revision watches goes to ALARM
 * during bake time (at once for a rolling deployment, once a new task runs), as a 5xx rate
 * would; ECS then rolls the deployment back
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html).
 * The alarm returns to OK a little after the deployment ended.
 */
export function alarmFault(): (world: World, now: number, set: SetAlarm) => void {
  const fired = new Map<string, Deployment>();
  return (world, now, set) => {
    for (const deployment of world.deployments) {
      const name = deployment.configuration.alarms?.enable ? deployment.configuration.alarms.alarmNames[0] : undefined;
      if (
        !name ||
        fired.has(name) ||
        deployment.status !== "IN_PROGRESS" ||
        world.faultFor(deployment.targetRevision) !== "alarm"
      )
        continue;
      if (!underWatch(world, deployment)) continue;
      fired.set(name, deployment);
      set(
        name,
        "ALARM",
        'Threshold Crossed: 2 out of the last 2 datapoints were greater than the threshold (5.0) (the berth sandbox\'s "alarm" fault)',
      );
    }
    for (const [name, deployment] of fired) {
      if (deployment.finishedAt === undefined || now - deployment.finishedAt < RECOVERY_MS) continue;
      fired.delete(name);
      set(name, "OK", "Threshold Crossed: no datapoints were greater than the threshold (5.0)");
    }
  };
}

function underWatch(world: World, deployment: Deployment): boolean {
  if (deployment.strategy !== "ROLLING") return deployment.lifecycleStage === "BAKE_TIME";
  return world.fleet.live(deployment.targetRevision).some((t) => t.lastStatus === "RUNNING");
}
