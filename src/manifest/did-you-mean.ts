/** The closest candidate to a misspelt name, or undefined when nothing is close enough to be a typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/**
 * What other tools call some of berth's keys (Compose, Kubernetes, ECS, Copilot): too far from
 * berth's name for a typo, but what a user coming from them writes first.
 */
const KEYS_ELSEWHERE: Record<string, string> = {
  replicas: "count",
  instances: "count",
  desiredcount: "count",
  scale: "count",
  autoscaling: "count",
  environment: "env",
  variables: "env",
  entrypoint: "command",
  cmd: "command",
  expose: "port",
  containerport: "port",
  targetport: "port",
  ingress: "http",
  routing: "http",
};

/** The key a misspelt or foreign key most likely means, among the keys allowed here. */
export function closestKey(name: string, keys: readonly string[]): string | undefined {
  const typo = closest(name, keys);
  if (typo !== undefined) return typo;
  const elsewhere = KEYS_ELSEWHERE[name.toLowerCase().replace(/[-_]/g, "")];
  return elsewhere !== undefined && keys.includes(elsewhere) ? elsewhere : undefined;
}

export function didYouMeanKey(name: string, keys: readonly string[]): string {
  const match = closestKey(name, keys);
  return match === undefined ? "" : `; did you mean ${match}?`;
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closest(name, candidates);
  return match === undefined ? "" : `; did you mean ${match}?`;
}

/** Damerau–Levenshtein (optimal string alignment): a swapped pair of letters counts as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
