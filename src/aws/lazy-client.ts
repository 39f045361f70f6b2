/** Loads an SDK on first use and creates its client once: one per command, not per call or per poll. */
export function lazyClient<T>(create: () => Promise<T>): () => Promise<T> {
  let client: Promise<T> | undefined;
  return () => (client ??= create());
}
