import {
  describeMemoryOptions,
  FARGATE_CPU_SIZES,
  isFargatePair,
  defaultCpu,
  defaultMemory,
  memoryOptions,
} from "../fargate.js";

function fittingCpuHint(memory: number): string | undefined {
  const cpu = FARGATE_CPU_SIZES.find((c) => memoryOptions(c).includes(memory));
  return cpu === undefined ? undefined : `or keep ${memory} MiB with cpu ${cpu}`;
}
import { ALARM_DATAPOINTS, ALARM_REACTION_SECONDS } from "../alarm-timing.js";
import type { RawService } from "../raw.js";
import type { RuleContext } from "./context.js";

/** Checks one service on its own; references to other sections live in reference-rules. */
export function checkService(name: string, service: RawService, ctx: RuleContext): void {
  const path = `services.${name}`;
  checkSource(path, service, ctx);
  checkFargateSize(path, service, ctx);
  checkRole(path, service, ctx);
  checkScaling(path, service, ctx);
  checkDeploy(path, service, ctx);
  for (const key of Object.keys(service.secrets ?? {})) {
    if (service.env && key in service.env) {
      ctx.report(
        `${path}.secrets.${key}`,
        `${key} is set both in env and in secrets`,
        "keep it in secrets if it is sensitive, otherwise in env",
      );
    }
  }
}

function checkSource(path: string, service: RawService, ctx: RuleContext): void {
  if (service.build !== undefined && service.image !== undefined) {
    ctx.report(
      `${path}.image`,
      "build and image cannot both be set",
      "keep build to build from source, or image to run a prebuilt image",
    );
  } else if (service.build === undefined && service.image === undefined) {
    ctx.report(
      path,
      "the service has neither build nor image",
      "add `build: .` to build the Dockerfile here, or `image: name:tag` for a prebuilt image",
    );
  }
}

function checkFargateSize(path: string, service: RawService, ctx: RuleContext): void {
  const { cpu, memory } = service;
  if (cpu !== undefined && !FARGATE_CPU_SIZES.includes(cpu)) {
    ctx.report(`${path}.cpu`, `${cpu} is not a Fargate CPU size (${FARGATE_CPU_SIZES.join(", ")})`);
    return;
  }
  if (cpu === undefined && memory === undefined) return;
  const effectiveCpu = cpu ?? (memory === undefined ? 256 : defaultCpu(memory));
  const effectiveMemory = memory ?? defaultMemory(effectiveCpu);
  if (!isFargatePair(effectiveCpu, effectiveMemory)) {
    const cpuNote = cpu === undefined ? ` (cpu defaults to ${effectiveCpu})` : "";
    ctx.report(
      `${path}.memory`,
      `${effectiveMemory} MiB is not a Fargate memory size for cpu ${effectiveCpu}${cpuNote}: use ${describeMemoryOptions(effectiveCpu)}`,
      fittingCpuHint(effectiveMemory),
    );
  }
}

function checkRole(path: string, service: RawService, ctx: RuleContext): void {
  if (service.http && service.queue !== undefined) {
    ctx.report(
      `${path}.queue`,
      "a service either serves HTTP (http) or consumes a queue (queue), not both",
      "split it: one service with http for requests, another with queue for the work",
    );
  }
  if (service.http && service.port === undefined) {
    ctx.report(
      `${path}.http`,
      "a service behind the load balancer needs a port",
      "add `port:` with the port your app listens on, such as 8000",
    );
  }
  const hc = service.http?.healthcheck;
  if (hc) {
    const interval = hc.interval ?? 5;
    const timeout = hc.timeout ?? 4;
    if (timeout >= interval) {
      ctx.report(
        `${path}.http.healthcheck.timeout`,
        `timeout (${timeout}s) must be shorter than interval (${interval}s)`,
        "the load balancer requires it; lower timeout or raise interval",
      );
    }
  }
}

function checkScaling(path: string, service: RawService, ctx: RuleContext): void {
  const count = service.count;
  if (typeof count !== "object") return;
  const countPath = `${path}.count`;
  if (count.min !== undefined && count.max !== undefined && count.min > count.max) {
    ctx.report(`${countPath}.min`, `min (${count.min}) is above max (${count.max})`, "make min at most max");
  }
  if (count.max === undefined)
    ctx.report(countPath, "a scaling map needs max", "add `max:`, or write a plain number for a fixed count");
  if (count.backlogPerTask !== undefined && service.queue === undefined) {
    ctx.report(
      `${countPath}.backlogPerTask`,
      "backlogPerTask scales on a queue, but this service has no queue",
      "add `queue:` naming the queue it consumes, or scale on cpu",
    );
  }
  if (count.requests !== undefined && !service.http) {
    ctx.report(
      `${countPath}.requests`,
      "requests scales on load balancer traffic, but this service has no http",
      "scale on cpu, or on backlogPerTask for a queue worker",
    );
  }
}

function checkDeploy(path: string, service: RawService, ctx: RuleContext): void {
  const deploy = service.deploy;
  if (!deploy) return;
  const strategy = deploy.strategy ?? (service.http ? "bluegreen" : "rolling");
  const deployPath = `${path}.deploy`;
  if (strategy !== "rolling" && !service.http) {
    ctx.report(
      `${deployPath}.strategy`,
      `${strategy} shifts load balancer traffic, but this service has no http`,
      "use strategy: rolling for services without http",
    );
  }
  for (const section of ["canary", "linear"] as const) {
    if (deploy[section] !== undefined && strategy !== section) {
      ctx.report(
        `${deployPath}.${section}`,
        `${section} settings apply only with strategy: ${section} (this service uses ${strategy})`,
        `set strategy: ${section}, or remove ${section}`,
      );
    }
  }
  const reaction = ALARM_REACTION_SECONDS / 60;
  if (service.http && deploy.bake !== undefined && deploy.bake > 0 && deploy.bake < ALARM_REACTION_SECONDS) {
    ctx.report(
      `${deployPath}.bake`,
      `a bake of ${deploy.bake / 60}m ends before the release alarms can fire (they need ${reaction} minutes: ${ALARM_DATAPOINTS} one-minute datapoints and CloudWatch's delay), so an alarm could never roll it back`,
      `set bake: ${reaction}m or more, or bake: 0m to release with no bake at all`,
    );
  }
  if (deploy.smoke !== undefined && !service.http) {
    ctx.report(
      `${deployPath}.smoke`,
      "smoke checks are HTTP requests through the test listener, but this service has no http",
      "remove smoke, or add http",
    );
  }
}
