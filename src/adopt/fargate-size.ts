import { FARGATE_CPU_SIZES, memoryOptions } from "../manifest/fargate.js";

export interface FargateSize {
  cpu: number;
  memory: number;
}

/**
 * The smallest Fargate size that gives at least what was asked for: `cpus: "0.5"` and
 * `memory: 700M` → 512 CPU units with 1024 MiB. A request above Fargate's largest size
 * gets the largest, and `fits` says it did not fit.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
export function nearestFargateSize(
  cpuUnits: number | undefined,
  memoryMiB: number | undefined,
): FargateSize & { fits: boolean } {
  const wantCpu = cpuUnits ?? 0;
  const wantMemory = memoryMiB ?? 0;
  for (const cpu of FARGATE_CPU_SIZES) {
    if (cpu < wantCpu) continue;
    const memory = memoryOptions(cpu).find((m) => m >= wantMemory);
    if (memory !== undefined) return { cpu, memory, fits: true };
  }
  const largest = FARGATE_CPU_SIZES[FARGATE_CPU_SIZES.length - 1]!;
  const options = memoryOptions(largest);
  return { cpu: largest, memory: options[options.length - 1]!, fits: false };
}
