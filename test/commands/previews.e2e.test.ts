import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { berthTable } from "../../src/aws/berth-table.js";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const file = join(mkdtempSync(join(tmpdir(), "berth-previews-")), "berth.yml");
writeFileSync(
  file,
  `app: tide\nnetwork: { nat: none }\nservices:\n  worker: { image: "${IMAGE}" }\n` +
    "environments:\n  staging: {}\n  preview:\n    expires: 7d\n",
);
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
const outputs = join(mkdtempSync(join(tmpdir(), "berth-previews-out-")), "github-output");
const firstDeploys: Record<string, string> = {};
const DAY = 86_400_000;

/** Moves an environment's releases `days` into the past, as if it had not been deployed since. */
async function age(environment: string, days: number): Promise<void> {
  const history = berthTable(aws(), "tide").history;
  for (const record of await history.list("tide", environment, 50))
    await history.put({ ...record, startedAt: new Date(Date.now() - days * DAY).toISOString() });
}

const exists = async (env: string) => (await cloudFormationPort(aws()).describeStack(`tide-${env}`)) !== undefined;

beforeAll(async () => {
  writeFileSync(outputs, "");
  for (const env of ["staging", "pr-1", "pr-2", "pr-3"]) {
    const github = env === "pr-1" ? { GITHUB_ACTIONS: "true", GITHUB_OUTPUT: outputs } : {};
    const run = await berthAsync(["deploy", "-f", file, "-e", env, "--yes"], {
      ...sandbox().environment,
      CI: "true",
      ...github,
    });
    if (run.code !== 0) throw new Error(`deploy -e ${env} failed:\n${run.stderr}`);
    firstDeploys[env] = run.stderr;
  }
  await age("pr-1", 8);
  await age("pr-2", 6);
  await age("pr-3", 30);
  await age("staging", 90);
}, 240_000);

describe("what a preview costs", () => {
  test("its monthly floor is said when it is created, and handed to the pull-request comment", () => {
    expect(firstDeploys["pr-1"]).toMatch(/cost: monthly floor \$\d+\.\d\d for a new environment/);
    expect(readFileSync(outputs, "utf8")).toMatch(/^cost=monthly floor \$\d+\.\d\d for a new environment/m);
  });
});

describe("previews that go away by themselves", () => {
  test("berth previews lists each preview with its pull request, last deploy, age and whether it expired", async () => {
    const run = await berth("previews", "--json");
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as {
      expiresAfterSeconds: number;
      previews: { environment: string; pullRequest: number; expired: boolean; idleSeconds: number }[];
    };
    expect(listed.expiresAfterSeconds).toBe(7 * 86400);
    expect(listed.previews.map((p) => [p.environment, p.pullRequest, p.expired])).toEqual([
      ["pr-1", 1, true],
      ["pr-2", 2, false],
      ["pr-3", 3, true],
    ]);
    expect(Math.round(listed.previews[0]!.idleSeconds / 86400)).toBe(8);
    const plain = await berth("previews");
    expect(plain.stdout).toMatch(
      /^ {2}pr-1 {2}pull request #1 {2}last deploy 8d ago \(\S+, succeeded\), age 8d expired/m,
    );
    // What they cost: berth cost of the preview section, each and for the three.
    const each = /each costs at least \$(\d+\.\d\d) a month with no traffic, \$(\d+\.\d\d) for the 3/.exec(
      plain.stdout,
    );
    expect(each, plain.stdout).not.toBeNull();
    // The three, and once the previews' shared base (a VPC alone for this app: nothing billed).
    expect(plain.stdout).toContain("for the 3 and their shared base's $0.00;");
    expect(Number(each![2])).toBeCloseTo(3 * Number(each![1]), 1);
    const json = JSON.parse(run.stdout) as { monthlyFloorEach: { usd: number } | null };
    expect(json.monthlyFloorEach?.usd).toBeCloseTo(Number(each![1]), 2);
  });

  test("destroy --expired outside a terminal needs --yes, and removes nothing without it", async () => {
    const run = await berth("destroy", "--expired");
    expect(run.code, "refused: needs --yes and there is no terminal to ask").toBe(3);
    expect(run.stderr).toContain("2 of 3 preview(s) not deployed for 7d; each is removed with its data:");
    expect(run.stderr).toContain("rerun with --yes");
    expect(await exists("pr-1")).toBe(true);
  });

  test("destroy --expired --yes removes exactly the expired previews, never another environment", async () => {
    const run = await berth("destroy", "--expired", "--yes");
    expect(run.code, run.stderr).toBe(0);
    expect(await exists("pr-1")).toBe(false);
    expect(await exists("pr-3")).toBe(false);
    expect(await exists("pr-2")).toBe(true);
    // Older than any preview, but not a preview.
    expect(await exists("staging")).toBe(true);
    const again = await berth("destroy", "--expired", "--yes");
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("no preview is expired: 1 preview(s), each deployed within 7d");
  }, 240_000);
});
