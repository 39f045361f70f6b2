const LEVELS = "▁▂▃▄▅▆▇█";
/** A period without a datapoint: shown as missing, never as a zero. */
export const GAP = " ";

/**
 * `▁▂▅█ ▇`: each value as one of eight levels between zero and `ceiling` (default: the largest
 * value, so the shape shows; 100 for percentages of a whole), a gap where there is no value.
 */
export function sparkline(values: (number | null)[], ceiling?: number): string {
  const present = values.filter((v): v is number => v !== null);
  const top = ceiling ?? Math.max(0, ...present);
  return values
    .map((v) => {
      if (v === null) return GAP;
      if (top <= 0) return LEVELS[0];
      const level = Math.round((Math.min(v, top) / top) * (LEVELS.length - 1));
      return LEVELS[Math.max(0, level)];
    })
    .join("");
}

/** The smallest, largest and last value (the newest period with data); undefined when there is none. */
export function extremes(values: (number | null)[]): { min: number; max: number; last: number } | undefined {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return undefined;
  return { min: Math.min(...present), max: Math.max(...present), last: present[present.length - 1]! };
}
