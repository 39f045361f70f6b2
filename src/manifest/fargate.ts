/**
 * The CPU and memory combinations Fargate accepts (AWS docs, "Task CPU and memory",
 * Amazon ECS Developer Guide, Linux containers). Memory is in MiB.
 */
const MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

export const FARGATE_CPU_SIZES: readonly number[] = [...MEMORY_BY_CPU.keys()];

function steps(from: number, to: number, by: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m += by) out.push(m);
  return out;
}

export function memoryOptions(cpu: number): readonly number[] {
  return MEMORY_BY_CPU.get(cpu) ?? [];
}

export function isFargatePair(cpu: number, memory: number): boolean {
  return memoryOptions(cpu).includes(memory);
}

/** The smallest memory Fargate allows for this CPU: the default when only cpu is set. */
export function defaultMemory(cpu: number): number {
  return memoryOptions(cpu)[0] ?? 512;
}

/** The smallest CPU that can have this much memory: the default when only memory is set. */
export function defaultCpu(memory: number): number {
  return FARGATE_CPU_SIZES.find((cpu) => memoryOptions(cpu).includes(memory)) ?? 256;
}

/** Human list of memory choices, compressed into ranges: "2048–8192 in steps of 1024". */
export function describeMemoryOptions(cpu: number): string {
  const options = memoryOptions(cpu);
  if (options.length <= 3) return options.join(", ");
  const step = options[1]! - options[0]!;
  return `${options[0]}–${options[options.length - 1]} in steps of ${step}`;
}

/**
 * What the OpenTelemetry collector (`observability.traces`, src/render/collector.ts) reserves of
 * a task, and what the application keeps at least beside it: Fargate's smallest task.
 */
export const COLLECTOR_SIZE = { cpu: 128, memory: 256 } as const;
export const APPLICATION_MINIMUM = { cpu: 256, memory: 512 } as const;

/** The smallest Fargate size at least as large as this one that holds the collector beside the application. */
export function sizeWithCollector(cpu: number, memory: number): { cpu: number; memory: number } | undefined {
  const needCpu = Math.max(cpu, APPLICATION_MINIMUM.cpu + COLLECTOR_SIZE.cpu);
  const needMemory = Math.max(memory, APPLICATION_MINIMUM.memory + COLLECTOR_SIZE.memory);
  for (const c of FARGATE_CPU_SIZES.filter((size) => size >= needCpu)) {
    const m = memoryOptions(c).find((option) => option >= needMemory);
    if (m !== undefined) return { cpu: c, memory: m };
  }
  return undefined;
}
