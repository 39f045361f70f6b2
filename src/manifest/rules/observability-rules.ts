import { APPLICATION_MINIMUM, COLLECTOR_SIZE, defaultCpu, defaultMemory, sizeWithCollector } from "../fargate.js";
import type { RawManifest } from "../raw.js";
import type { RuleContext } from "./context.js";

/**
 * With traces on, the collector shares each task's Fargate size (src/render/collector.ts): a
 * service whose size leaves its application less than Fargate's smallest task is refused,
 * with the size that fits.
 */
export function checkTraceRoom(raw: RawManifest, ctx: RuleContext): void {
  if (raw.observability?.traces !== true) return;
  for (const [name, s] of Object.entries(raw.services ?? {})) {
    const cpu = s.cpu ?? (s.memory === undefined ? APPLICATION_MINIMUM.cpu : defaultCpu(s.memory));
    const memory = s.memory ?? defaultMemory(cpu);
    const leftCpu = cpu - COLLECTOR_SIZE.cpu;
    const leftMemory = memory - COLLECTOR_SIZE.memory;
    if (leftCpu >= APPLICATION_MINIMUM.cpu && leftMemory >= APPLICATION_MINIMUM.memory) continue;
    const fits = sizeWithCollector(cpu, memory);
    const path = `services.${name}.${leftCpu < APPLICATION_MINIMUM.cpu ? "cpu" : "memory"}`;
    ctx.report(
      path,
      `observability.traces adds the OpenTelemetry collector (${COLLECTOR_SIZE.cpu} CPU units, ${COLLECTOR_SIZE.memory} MiB) to ${name}'s task of ${cpu} CPU units and ${memory} MiB, leaving its application ${leftCpu} and ${leftMemory} MiB; it needs at least ${APPLICATION_MINIMUM.cpu} CPU units and ${APPLICATION_MINIMUM.memory} MiB`,
      fits
        ? `set services.${name}.cpu: ${fits.cpu} and memory: ${fits.memory}, or turn observability.traces off`
        : "turn observability.traces off",
    );
  }
}

/**
 * Scaling on a backlog or on requests per task divides by Container Insights' RunningTaskCount
 * (src/render/scaling.ts): turning it off under such a service would leave the policy blind.
 */
export function checkContainerInsightsNeeded(raw: RawManifest, ctx: RuleContext): void {
  if (raw.observability?.containerInsights !== false) return;
  for (const [name, s] of Object.entries(raw.services ?? {})) {
    const count = typeof s.count === "object" ? s.count : {};
    const by = count.backlogPerTask !== undefined ? "backlogPerTask" : count.requests !== undefined ? "requests" : "";
    if (!by) continue;
    ctx.report(
      "observability.containerInsights",
      `${name} scales on count.${by}, which divides by Container Insights' running-task count; it cannot be off here`,
      `remove observability.containerInsights: false, or scale services.${name} on count.cpu`,
    );
  }
}
