/**
 * How many service stacks berth changes at once. CloudFormation throttles its API per
 * account and Region, and AWS's answer to "Rate exceeded" is to back off exponentially (the
 * SDK's standard retry mode does, src/aws/settings.ts) and to create or update fewer stacks
 * at the same time (https://repost.aws/knowledge-center/cloudformation-rate-exceeded-error).
 * Each stack in flight polls DescribeStacks and DescribeStackEvents every few seconds, so
 * five at once stay a few calls a second, far below the throttle, and still update a
 * hundred services in a twentieth of the time one by one would take.
 */
export const STACKS_AT_ONCE = 5;

/**
 * `work` over every item, at most `limit` at a time, results in the items' order. A rejection
 * is that item's result: the other items still run to their ends.
 */
export async function settleBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = { status: "fulfilled", value: await work(items[i]!) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** As settleBounded, for work that must all succeed: the first rejection is thrown once every item ended. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const settled = await settleBounded(items, limit, work);
  return settled.map((r) => {
    if (r.status === "rejected") throw r.reason;
    return r.value;
  });
}
