// Small helpers the normalizers share.

/**
 * A list's items: normalize runs on a manifest with no problems, whose lists have no holes (the
 * shape check leaves one where an item failed, raw.ts), so this drops none; it says so to the types.
 */
export function present<T>(items: readonly (T | undefined)[] = []): T[] {
  return items.filter((item): item is T => item !== undefined);
}

export function mapValues<A, B>(record: Record<string, A>, f: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

export function unique(values: string[]): string[] {
  return [...new Set(values)];
}
