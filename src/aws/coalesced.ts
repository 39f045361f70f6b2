/**
 * Reads of one item each, made in the same turn of the event loop, sent as one request per
 * `size` items of a group (such as a cluster): the deploy asks about every service at once,
 * one service at a time, and AWS answers lists (DescribeServices takes 10 services,
 * DescribeServiceRevisions 20 revisions). `send` answers each key it found; a key it does not
 * answer reads as undefined, and a failed request fails the reads it carried.
 */
export function coalesced<V>(
  size: number,
  send: (group: string, keys: string[]) => Promise<Map<string, V>>,
): (group: string, key: string) => Promise<V | undefined> {
  let pending = new Map<string, Map<string, Promise<V | undefined>>>();
  let waiting = new Map<string, Map<string, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }>>();

  const flush = () => {
    const groups = waiting;
    waiting = new Map();
    pending = new Map();
    for (const [group, readers] of groups) {
      const keys = [...readers.keys()];
      for (let i = 0; i < keys.length; i += size) {
        const chunk = keys.slice(i, i + size);
        send(group, chunk).then(
          (found) => chunk.forEach((key) => readers.get(key)!.resolve(found.get(key))),
          (error: unknown) => chunk.forEach((key) => readers.get(key)!.reject(error)),
        );
      }
    }
  };

  return (group, key) => {
    const asked = pending.get(group)?.get(key);
    if (asked) return asked;
    if (waiting.size === 0) setImmediate(flush);
    const read = new Promise<V | undefined>((resolve, reject) => {
      if (!waiting.has(group)) waiting.set(group, new Map());
      waiting.get(group)!.set(key, { resolve, reject });
    });
    if (!pending.has(group)) pending.set(group, new Map());
    pending.get(group)!.set(key, read);
    return read;
  };
}
