/**
 * Aurora engine versions, in one place. Defaults are long-term-support minors (at least three
 * years of standard support, where another minor has about twelve months:
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.VersionPolicy.Support.html)
 * whose Serverless v2 instances can scale to 0 ACUs and pause: PostgreSQL 16.8
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Updates.LTS.html)
 * and Aurora MySQL 3.10 (LTS with 3.04, which cannot pause:
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Update.SpecialVersions.html).
 * The minimums are the first version of each major that pauses, from "Aurora Serverless v2 capacity":
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html#aurora-serverless-v2.how-it-works.capacity
 * The instances do not upgrade minors on their own (AutoMinorVersionUpgrade false,
 * templates/database.yml), as AWS advises for an LTS minor, so the cluster stays what the
 * template says until `version` changes; pre-flight checks a new environment's version is
 * still offered (src/deployers/orderable-version.ts).
 */
export const DEFAULT_ENGINE_VERSIONS = {
  "aurora-postgresql": "16.8",
  "aurora-mysql": "8.0.mysql_aurora.3.10.0",
} as const;

const AUTO_PAUSE_MINIMUMS: Record<keyof typeof DEFAULT_ENGINE_VERSIONS, string[]> = {
  "aurora-postgresql": ["13.15", "14.12", "15.7", "16.3"],
  "aurora-mysql": ["3.08.0"],
};

/** The numbers of a version: `16.4` → [16, 4]; `8.0.mysql_aurora.3.08.0` → [3, 8, 0] (Aurora's own version). */
function numbers(version: string): number[] {
  const aurora = version.split(".mysql_aurora.")[1];
  return (aurora ?? version).split(".").map(Number);
}

function atLeast(version: number[], minimum: number[]): boolean {
  for (let i = 0; i < minimum.length; i++) {
    const a = version[i] ?? 0;
    const b = minimum[i]!;
    if (a !== b) return a > b;
  }
  return true;
}

/** Whether a version's Serverless v2 instances may have a minimum capacity of 0 (auto-pause). */
export function pausesAtZero(engine: keyof typeof DEFAULT_ENGINE_VERSIONS, version: string): boolean {
  const v = numbers(version);
  const minimums = AUTO_PAUSE_MINIMUMS[engine].map((m) => m.split(".").map(Number));
  const sameMajor = minimums.find((m) => m[0] === v[0]);
  if (sameMajor) return atLeast(v, sameMajor);
  // A major newer than every listed one came out after auto-pause did.
  return minimums.every((m) => (v[0] ?? 0) > m[0]!);
}

/** The oldest version of the same major that may pause, to name in an error. */
export function firstPausingVersion(engine: keyof typeof DEFAULT_ENGINE_VERSIONS, version: string): string {
  const major = numbers(version)[0];
  return AUTO_PAUSE_MINIMUMS[engine].find((m) => Number(m.split(".")[0]) === major) ?? DEFAULT_ENGINE_VERSIONS[engine];
}

/**
 * How each engine writes its versions: PostgreSQL `16.8`, MySQL `8.0.mysql_aurora.3.08.2`
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Updates.Versions.html).
 */
const VERSION_SHAPES: Record<keyof typeof DEFAULT_ENGINE_VERSIONS, RegExp> = {
  "aurora-postgresql": /^\d+\.\d+$/,
  "aurora-mysql": /^\d+\.\d+\.mysql_aurora\.\d+\.\d+\.\d+$/,
};

/** Whether a version is written as the engine writes its own (16.8 is no aurora-mysql version). */
export function versionOfEngine(engine: keyof typeof DEFAULT_ENGINE_VERSIONS, version: string): boolean {
  return VERSION_SHAPES[engine].test(version);
}

/** The versions berth knows for an engine, oldest first: the first of each major that pauses, then the default. */
export function knownVersions(engine: keyof typeof DEFAULT_ENGINE_VERSIONS): string[] {
  const minimums = AUTO_PAUSE_MINIMUMS[engine].map((m) => (engine === "aurora-mysql" ? `8.0.mysql_aurora.${m}` : m));
  return [...new Set([...minimums, DEFAULT_ENGINE_VERSIONS[engine]])];
}
