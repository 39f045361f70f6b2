import { LineCounter, parseDocument, isMap, isScalar, type Node } from "yaml";
import type { Problem } from "../manifest/problem.js";

/**
 * What the traffic-driven and stored items are priced at: monthly figures for the whole
 * environment, from `--usage usage.yml` (the same idea as infracost's usage file) or these
 * defaults, which every estimate states. An idle, empty environment but for a small database.
 */
export const DEFAULT_USAGE = {
  loadBalancer: { lcu: 0 },
  nat: { gb: 0 },
  database: { storageGb: 10, ioMillions: 0 },
  volumes: { storageGb: 0 },
  buckets: { storageGb: 0, putThousands: 0, getThousands: 0 },
  queues: { requestMillions: 0 },
  logs: { ingestGb: 0, storageGb: 0 },
  endpoints: { gb: 0 },
  images: { storageGb: 0 },
  traces: { millions: 0 },
};

export type Usage = { [Group in keyof typeof DEFAULT_USAGE]: { [K in keyof (typeof DEFAULT_USAGE)[Group]]: number } };

/** What each figure means, for the assumptions an estimate states and the errors a usage file gets. */
export const USAGE_UNITS: { [Group in keyof Usage]: { [K in keyof Usage[Group]]: string } } = {
  loadBalancer: { lcu: "load balancer capacity units, average per hour, per load balancer" },
  nat: { gb: "GB through the NAT gateways a month" },
  database: { storageGb: "GB stored in the database", ioMillions: "million I/O requests a month (standard storage)" },
  volumes: { storageGb: "GB stored on the file systems" },
  buckets: {
    storageGb: "GB stored in the buckets",
    putThousands: "thousand PUT/COPY/POST/LIST requests a month",
    getThousands: "thousand GET requests a month",
  },
  queues: { requestMillions: "million queue requests a month (long polling included)" },
  logs: { ingestGb: "GB of logs written a month", storageGb: "GB of logs kept" },
  endpoints: { gb: "GB through interface endpoints a month" },
  images: { storageGb: "GB of images in the app's repositories" },
  traces: { millions: "million traces recorded a month (X-Ray; with observability.traces)" },
};

export type UsageResult = { ok: true; usage: Usage } | { ok: false; problems: Problem[] };

/** A usage file over the defaults: each figure it names, checked, with its position when wrong. */
export function parseUsage(text: string, file: string): UsageResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const problems: Problem[] = [];
  const problem = (node: Node | null | undefined, path: string, message: string, hint: string) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    problems.push({ file, line, col, path, message, hint });
  };
  const usage = structuredClone(DEFAULT_USAGE) as Usage;
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const [line, col] = [error.linePos?.[0].line ?? 1, error.linePos?.[0].col ?? 1];
    return {
      ok: false,
      problems: [{ file, line, col, path: "", message: error.message.split("\n")[0]!, hint: "fix the YAML" }],
    };
  }
  if (doc.contents === null) return { ok: true, usage };
  if (!isMap(doc.contents)) {
    problem(doc.contents, "", "a usage file is a map of groups", `use groups such as ${groupList()}`);
    return { ok: false, problems };
  }
  for (const pair of doc.contents.items) {
    const group = String((pair.key as { value?: unknown })?.value) as keyof Usage;
    const known = USAGE_UNITS[group] as Record<string, string> | undefined;
    if (!known) {
      problem(pair.key as Node, group, `unknown usage group ${group}`, `use one of ${groupList()}`);
      continue;
    }
    if (!isMap(pair.value)) {
      problem(
        pair.value as Node,
        group,
        `${group} is a map of figures`,
        `for example ${group}: { ${Object.keys(known)[0]}: 1 }`,
      );
      continue;
    }
    for (const figure of pair.value.items) {
      const key = String((figure.key as { value?: unknown })?.value);
      const path = `${group}.${key}`;
      if (!(key in known)) {
        problem(figure.key as Node, path, `unknown figure ${path}`, `${group} takes ${Object.keys(known).join(", ")}`);
        continue;
      }
      const value = isScalar(figure.value) ? figure.value.value : undefined;
      if (typeof value !== "number" || !(value >= 0)) {
        problem(figure.value as Node, path, `${path} must be a number of at least 0`, `${path} is ${known[key]}`);
        continue;
      }
      (usage[group] as Record<string, number>)[key] = value;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, usage };
}

function groupList(): string {
  return Object.keys(USAGE_UNITS).join(", ");
}
